import type { ExitCode } from '../exit-codes.js';
import type { ArgumentSpec } from './argument-spec.js';
import type { OptionSpec } from './option-spec.js';

export type ArgumentMap = Readonly<Record<string, ArgumentSpec<unknown>>>;
export type OptionMap = Readonly<Record<string, OptionSpec<unknown>>>;

/**
 * One command, declared once: its place under `certwright`, its arguments and options, its help's
 * EXAMPLES and the exit codes it can return. The commander command, the options type its action
 * receives, the argv it can be re-run with and the help's EXIT CODES all derive from this.
 * The keys of `arguments` and `options` are the field names of the options object; their order is
 * the order of the help and of a re-run's argv.
 */
export interface CommandSpec<A extends ArgumentMap = ArgumentMap, O extends OptionMap = OptionMap> {
  /** The words after `certwright`: `['key', 'create']`. */
  path: readonly string[];
  description: string;
  arguments: A;
  options: O;
  /** One command line per line (a line indented deeper continues the one before), as the help shows them. */
  examples: string;
  /** Every exit code the command can return (tests hold it to that). */
  exitCodes: readonly ExitCode[];
}

/** Declares a command (a command without positional arguments may leave `arguments` out). */
export function commandSpec<const O extends OptionMap, const A extends ArgumentMap = Record<never, never>>(
  spec: Omit<CommandSpec<A, O>, 'arguments'> & { arguments?: A },
): CommandSpec<A, O> {
  return { ...spec, arguments: spec.arguments ?? ({} as A) };
}

type ValueOf<T> = T extends { readonly valueType: infer V } ? V : never;

/** Spreads an intersection into one object type, so editors and errors show plain fields. */
type Flat<T> = { -readonly [K in keyof T]: T[K] } & {};

/** The options object a command's action receives: one field per argument and per option. */
export type OptionsOf<S extends CommandSpec> = Flat<
  { [K in keyof S['arguments']]: ValueOf<S['arguments'][K]> } & { [K in keyof S['options']]: ValueOf<S['options'][K]> }
>;

/** The command line as one text: `certwright key create`. */
export function commandName(spec: CommandSpec): string {
  return spec.path.join(' ');
}
