import type { Command } from 'commander';
import { COMPLETION_SHELLS, completionSpec } from '../commands/index.js';
import type { Runner } from '../runner.js';
import { bindCommand } from '../spec/bind.js';
import { declareEverything } from '../spec/to-commander.js';

/** The command, bound to the program whose tree the script completes (read when it runs, complete by then). */
export function completionCommand(runner: Runner, program: Command): Command {
  const command = bindCommand(runner, completionSpec, async () => {
    const [{ completionHandler }, { commandTree }] = await Promise.all([
      import('../actions/completion.js'),
      import('./command-tree.js'),
    ]);
    // A program made for one run declares its commands on demand: the script needs every option.
    declareEverything(program);
    return completionHandler(commandTree(program));
  });
  // The shells, for --help and for the completion of this very command. Set as a value, not with
  // .choices(), so the handler checks the word (a usage error naming the shells) as specs expect.
  const shell = command.registeredArguments[0];
  if (shell !== undefined) shell.argChoices = [...COMPLETION_SHELLS];
  return command;
}
