import type { SecretSource } from '../io/secrets.js';
import type { CommandSpec, OptionsOf } from './command-spec.js';
import type { OptionDefinition } from './option-spec.js';

/** What to leave out of a re-run: options (by key) that belong to the first run only, e.g. `--report`. */
export interface ArgvChoices<S extends CommandSpec> {
  omit?: readonly (keyof OptionsOf<S> & string)[];
}

/**
 * The argv (after `certwright`) that runs the command again with these options: the command's
 * words, its arguments, then every option whose value is not the default, in the spec's order.
 * A secret appears only as its source (file or variable); a descriptor cannot be reused, so it
 * becomes `--x-file <file>` for the operator to fill in.
 */
export function argvOf<S extends CommandSpec>(spec: S, options: OptionsOf<S>, choices: ArgvChoices<S> = {}): string[] {
  const values: Record<string, unknown> = options;
  const words = [...spec.path];
  for (const key of Object.keys(spec.arguments)) {
    const value = values[key];
    if (Array.isArray(value)) words.push(...value.map(String));
    else if (value !== undefined) words.push(String(value));
  }
  const omitted = new Set<string>(choices.omit ?? []);
  for (const [key, { definition }] of Object.entries(spec.options)) {
    if (!omitted.has(key)) words.push(...optionWords(definition, values[key]));
  }
  return words;
}

function optionWords(definition: OptionDefinition, value: unknown): string[] {
  const { flag, spec } = definition;
  switch (spec.form) {
    case 'flag':
      return value === true ? [`--${flag}`] : [];
    case 'negated':
      return value === false ? [`--no-${flag}`] : [];
    case 'list':
      return Array.isArray(value) ? value.flatMap((item) => [`--${flag}`, String(item)]) : [];
    case 'secret':
      return secretWords(flag, isSecretSource(value) ? value : undefined);
    case 'value': {
      if (value === undefined) return [];
      if (!definition.required && value === definition.defaultValue) return [];
      return [`--${flag}`, spec.format ? spec.format(value) : String(value)];
    }
  }
}

function isSecretSource(value: unknown): value is SecretSource {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function secretWords(stem: string, source: SecretSource | undefined): string[] {
  if (source?.file !== undefined) return [`--${stem}-file`, source.file];
  if (source?.env !== undefined) return [`--${stem}-env`, source.env];
  if (source?.fd !== undefined) return [`--${stem}-file`, '<file>'];
  return [];
}

/** A word as a POSIX shell reads it back: bare when safe, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** The command line a person can paste: `certwright key create --out server.key`. */
export function commandLine(argv: readonly string[]): string {
  return ['certwright', ...argv].map(shellQuote).join(' ');
}
