import type { Command } from 'commander';
import type { Handler, Runner } from '../runner.js';
import { type CommandSpec, commandName, type OptionsOf } from './command-spec.js';
import { commanderCommand } from './to-commander.js';

/** The commander command of a spec whose parsed options go to the runner with the handler's loader. */
export function bindCommand<S extends CommandSpec>(
  runner: Runner,
  spec: S,
  load: () => Promise<Handler<OptionsOf<S>>>,
  declaration: { onDemand?: boolean } = {},
): Command {
  return commanderCommand(spec, (options) => runner.run(commandName(spec), options, load), declaration);
}
