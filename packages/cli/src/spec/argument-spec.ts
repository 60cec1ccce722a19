/** One positional argument: `<csr>` (required), `[file]` (optional), `<files...>` (one or more). */
export interface ArgumentDefinition {
  /** As commander writes it, with its brackets. */
  syntax: string;
  help: string;
  variadic: boolean;
  required: boolean;
}

/** A positional argument whose value has the type `V`. */
export class ArgumentSpec<V> {
  /** Only a carrier of the value type for `OptionsOf`. */
  declare readonly valueType: V;

  constructor(readonly definition: ArgumentDefinition) {}
}

function parse(syntax: string): { variadic: boolean; required: boolean } {
  const match = /^([<[])[a-z][a-z0-9-]*(\.\.\.)?([>\]])$/.exec(syntax);
  if (!match || (match[1] === '<') !== (match[3] === '>')) {
    throw new Error(`argument spec: "${syntax}" is not of the form <name>, [name] or <name...>`);
  }
  return { required: match[1] === '<', variadic: match[2] !== undefined };
}

/** A single required argument: `<csr>`. */
export function argument(syntax: `<${string}>`, help: string): ArgumentSpec<string> {
  const { required, variadic } = parse(syntax);
  if (!required || variadic) throw new Error(`argument spec: "${syntax}" must be <name>`);
  return new ArgumentSpec({ syntax, help, required, variadic });
}

/** A repeated argument, `<files...>` (at least one) or `[targets...]` (any number). */
export function variadic(syntax: `<${string}...>` | `[${string}...]`, help: string): ArgumentSpec<string[]> {
  const { required, variadic: repeated } = parse(syntax);
  if (!repeated) throw new Error(`argument spec: "${syntax}" must end in ...`);
  return new ArgumentSpec({ syntax, help, required, variadic: true });
}
