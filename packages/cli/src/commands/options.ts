import { type Command, InvalidArgumentError, Option } from 'commander';
import { EXIT_CODE_MEANINGS, type ExitCode } from '../exit-codes.js';
import type { SecretSource } from '../io/secrets.js';

/** Adds --<stem>-file, --<stem>-env and --<stem>-fd (mutually exclusive): secrets never come as plain arguments. */
export function addSecretOptions(command: Command, stem: string, what: string): Command {
  const names = [`${stem}-file`, `${stem}-env`, `${stem}-fd`];
  const others = (name: string) => names.filter((other) => other !== name);
  return command
    .addOption(
      new Option(`--${stem}-file <file>`, `read the ${what} from the first line of a file`).conflicts(
        others(names[0] as string),
      ),
    )
    .addOption(
      new Option(`--${stem}-env <var>`, `read the ${what} from an environment variable`).conflicts(
        others(names[1] as string),
      ),
    )
    .addOption(
      new Option(`--${stem}-fd <n>`, `read the ${what} from an open file descriptor`)
        .argParser(parseNonNegativeInteger)
        .conflicts(others(names[2] as string)),
    );
}

/** The secret source a command was given, from commander's camel-cased option values. */
export function secretSource(raw: Record<string, unknown>, camelStem: string): SecretSource {
  return {
    file: raw[`${camelStem}File`] as string | undefined,
    env: raw[`${camelStem}Env`] as string | undefined,
    fd: raw[`${camelStem}Fd`] as number | undefined,
  };
}

export function parseNonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

export function parsePositiveInteger(value: string): number {
  const number = parseNonNegativeInteger(value);
  if (number < 1) throw new InvalidArgumentError('must be at least 1');
  return number;
}

/** Collects a repeatable option's values in order. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The EXAMPLES and EXIT CODES sections every command's help ends with. */
export function helpFooter(examples: readonly string[], exitCodes: readonly ExitCode[]): string {
  const exampleLines = examples.map((example) => `  $ ${example}`).join('\n');
  const codeLines = exitCodes.map((code) => `  ${String(code).padEnd(3)} ${EXIT_CODE_MEANINGS[code]}`).join('\n');
  return `\nEXAMPLES\n${exampleLines}\n\nEXIT CODES\n${codeLines}\n`;
}
