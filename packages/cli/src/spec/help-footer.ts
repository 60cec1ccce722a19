import { EXIT_CODE_MEANINGS, type ExitCode } from '../exit-codes.js';

/** The EXAMPLES and EXIT CODES sections every command's help ends with. */
export function helpFooter(examples: readonly string[], exitCodes: readonly ExitCode[]): string {
  const exampleLines = examples.map((example) => `  $ ${example}`).join('\n');
  const codeLines = exitCodes.map((code) => `  ${String(code).padEnd(3)} ${EXIT_CODE_MEANINGS[code]}`).join('\n');
  return `\nEXAMPLES\n${exampleLines}\n\nEXIT CODES\n${codeLines}\n`;
}
