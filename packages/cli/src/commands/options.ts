import { type Command, InvalidArgumentError, Option } from 'commander';
import { EXIT_CODE_MEANINGS, type ExitCode } from '../exit-codes.js';
import type { SecretSource } from '../io/secrets.js';
import type { KeyFlags } from '../actions/shared/key-spec.js';

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

/** --type, --bits and --curve, shared by every command that generates a key. */
export function addKeyTypeOptions(command: Command, what: string): Command {
  return command
    .addOption(new Option('--type <type>', `${what} type`).choices(['rsa', 'ec', 'ed25519']).default('rsa'))
    .addOption(new Option('--bits <n>', 'RSA modulus size (default 3072)').choices(['2048', '3072', '4096']))
    .addOption(new Option('--curve <name>', 'EC curve (default P-256)').choices(['P-256', 'P-384', 'P-521']));
}

/** The key flags as the handlers take them. */
export function keyTypeFlags(raw: Record<string, unknown>): KeyFlags {
  return {
    type: raw.type as KeyFlags['type'],
    bits: raw.bits === undefined ? undefined : (Number(raw.bits) as KeyFlags['bits']),
    curve: raw.curve as KeyFlags['curve'],
  };
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
