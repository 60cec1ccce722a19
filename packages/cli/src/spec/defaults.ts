import type { CommandSpec, OptionsOf } from './command-spec.js';
import type { OptionDefinition } from './option-spec.js';

/** The value an option has when it is not given on the command line. */
function defaultValue(definition: OptionDefinition): unknown {
  if (definition.spec.form === 'secret') return { file: undefined, env: undefined, fd: undefined };
  return definition.defaultValue;
}

/**
 * The options object a command would receive with only `given` on its command line: what code
 * that runs a command's work itself (the workflow) or shows it (a preview) starts from.
 */
export function optionsOf<S extends CommandSpec>(spec: S, given: Partial<OptionsOf<S>>): OptionsOf<S> {
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(spec.arguments)) values[key] = undefined;
  for (const [key, { definition }] of Object.entries(spec.options)) values[key] = defaultValue(definition);
  // Every field is set above (arguments, then options); `given` overrides what the caller knows.
  return { ...values, ...given } as OptionsOf<S>;
}
