import { EXIT_CODE_MEANINGS, type ExitCode } from '../exit-codes.js';

/** The EXAMPLES and EXIT CODES sections every command's help ends with. */
export function helpFooter(examples: readonly string[], exitCodes: readonly ExitCode[]): string {
  const exampleLines = examples.map((example) => `  $ ${example}`).join('\n');
  const codeLines = exitCodes.map((code) => `  ${String(code).padEnd(3)} ${EXIT_CODE_MEANINGS[code]}`).join('\n');
  return `\nEXAMPLES\n${exampleLines}\n\nEXIT CODES\n${codeLines}\n`;
}

/**
 * The examples of a spec's text block: one per line, indentation shared by all lines removed; a
 * line indented deeper continues the example before it (after a trailing backslash).
 */
export function exampleLines(examples: string): string[] {
  const lines = examples.split('\n').filter((line) => line.trim() !== '');
  const indent = Math.min(...lines.map((line) => line.length - line.trimStart().length));
  const found: string[] = [];
  for (const line of lines) {
    const text = line.slice(indent);
    if (/^\s/.test(text) && found.length > 0) found[found.length - 1] += `\n${text}`;
    else found.push(text);
  }
  return found;
}
