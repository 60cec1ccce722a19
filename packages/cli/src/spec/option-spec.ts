import type { SecretSource } from '../io/secrets.js';

/**
 * How an option is written on the command line. `value` takes one word (`--out <file>`), `list`
 * takes one word and may repeat, `flag` is a switch that defaults off, `negated` a `--no-x` switch
 * that defaults on, `secret` the three mutually exclusive sources of one secret
 * (`--x-file`, `--x-env`, `--x-fd`): a secret is never a plain argument.
 */
export type OptionForm =
  | {
      form: 'value';
      placeholder: string;
      /** The words allowed, shown in the help. */
      choices?: readonly string[];
      /** The word → the value (throws a message when the word is not acceptable). */
      parse?: (word: string) => unknown;
      /** The value → the word that gives it back: what re-running a command writes. */
      format?: (value: unknown) => string;
    }
  | { form: 'list'; placeholder: string }
  | { form: 'flag' }
  | { form: 'negated' }
  | { form: 'secret'; what: string };

/** One option of a command, as declared once: everything else (parser, type, argv, help) derives from it. */
export interface OptionDefinition {
  /**
   * The long flag without dashes: `out` for `--out`, `encrypt` for `--no-encrypt`, the stem
   * `passphrase` for `--passphrase-file/-env/-fd`.
   */
  flag: string;
  help: string;
  spec: OptionForm;
  required: boolean;
  /** The value when the option is not given; undefined when there is none. */
  defaultValue: unknown;
  /** Other options of the command (by their key in the spec) that may not be given with this one. */
  conflicts: readonly string[];
}

/** An option whose parsed value has the type `V`. Built with the functions below, never by hand. */
export class OptionSpec<V> {
  /** Only a carrier of the value type for `OptionsOf`: no value is ever stored here. */
  declare readonly valueType: V;

  constructor(readonly definition: OptionDefinition) {}

  /** The option must be given (commander says so before any handler runs). */
  required(): OptionSpec<Exclude<V, undefined>> {
    return new OptionSpec({ ...this.definition, required: true });
  }

  /** The value when the option is not given; it shows in the help. */
  default(value: Exclude<V, undefined>): OptionSpec<Exclude<V, undefined>> {
    return new OptionSpec({ ...this.definition, defaultValue: value });
  }

  /** Options (by their key in the spec) this one may not be combined with. */
  conflicts(...keys: string[]): OptionSpec<V> {
    return new OptionSpec({ ...this.definition, conflicts: [...this.definition.conflicts, ...keys] });
  }
}

/** `--name <placeholder>` split into its parts; the form every declaration below is written in. */
function splitFlags(flags: string): { flag: string; placeholder: string } {
  const match = /^--([a-z][a-z0-9-]*)(?: ([<[].*[>\]]))?$/.exec(flags);
  if (!match) throw new Error(`option spec: "${flags}" is not of the form --name <value>`);
  return { flag: match[1] as string, placeholder: match[2] ?? '' };
}

function option<V>(flags: string, help: string, spec: OptionForm, defaultValue?: unknown): OptionSpec<V> {
  const { flag } = splitFlags(flags);
  return new OptionSpec<V>({ flag, help, spec, required: false, defaultValue, conflicts: [] });
}

/** An option with one word of text: `--out <file>`. */
export function text(flags: string, help: string): OptionSpec<string | undefined> {
  return option(flags, help, { form: 'value', placeholder: splitFlags(flags).placeholder });
}

/** A whole number, at least `min` (0 unless given): `--days <n>`. */
export function integer(flags: string, help: string, min = 0): OptionSpec<number | undefined> {
  return option(flags, help, {
    form: 'value',
    placeholder: splitFlags(flags).placeholder,
    parse: (word) => wholeNumber(word, min),
    format: String,
  });
}

/** One of fixed words: `--type <type>` with rsa, ec or ed25519. */
export function choice<const C extends readonly string[]>(
  flags: string,
  help: string,
  choices: C,
): OptionSpec<C[number] | undefined> {
  return option(flags, help, { form: 'value', placeholder: splitFlags(flags).placeholder, choices });
}

/**
 * One of fixed words, each standing for a value of another form: `--hash sha384` gives `'SHA-384'`,
 * `--bits 4096` gives `4096`. Re-running writes the word back.
 */
export function mapped<const M extends Readonly<Record<string, string | number>>>(
  flags: string,
  help: string,
  values: M,
): OptionSpec<M[keyof M] | undefined> {
  const words = Object.keys(values);
  return option(flags, help, {
    form: 'value',
    placeholder: splitFlags(flags).placeholder,
    choices: words,
    parse: (word) => {
      if (!Object.hasOwn(values, word)) throw new Error(`Allowed choices are ${words.join(', ')}.`);
      return values[word];
    },
    format: (value) => words.find((word) => values[word] === value) ?? String(value),
  });
}

/** A repeatable option; its values in the order given: `--san <kind:value>`. */
export function list(flags: string, help: string): OptionSpec<string[]> {
  return option(flags, help, { form: 'list', placeholder: splitFlags(flags).placeholder }, []);
}

/** A switch that is off unless given: `--force`. */
export function flag(flags: string, help: string): OptionSpec<boolean> {
  return option(flags, help, { form: 'flag' }, false);
}

/** A switch that is on unless `--no-x` is given; the value is named x: `--no-encrypt` → `encrypt`. */
export function negated(flags: string, help: string): OptionSpec<boolean> {
  const match = /^--no-([a-z][a-z0-9-]*)$/.exec(flags);
  if (!match) throw new Error(`option spec: "${flags}" is not of the form --no-name`);
  return new OptionSpec<boolean>({
    flag: match[1] as string,
    help,
    spec: { form: 'negated' },
    required: false,
    defaultValue: true,
    conflicts: [],
  });
}

/** `--<stem>-file`, `--<stem>-env` and `--<stem>-fd`: where a secret comes from, never the secret. */
export function secret(stem: string, what: string): OptionSpec<SecretSource> {
  return new OptionSpec<SecretSource>({
    flag: stem,
    help: what,
    spec: { form: 'secret', what },
    required: false,
    defaultValue: undefined,
    conflicts: [],
  });
}

/** A whole number written in decimal digits, at least `min`. */
export function wholeNumber(word: string, min: number): number {
  if (!/^\d+$/.test(word)) throw new Error('must be a whole number');
  const number = Number(word);
  if (number < min) throw new Error(`must be at least ${min}`);
  return number;
}
