import type { CompletionOptions } from '../commands/completion.js';
import { COMPLETION_SHELLS } from '../commands/index.js';
import { bashScript } from '../completion/bash.js';
import type { CompletionNode } from '../completion/command-tree.js';
import { fishScript } from '../completion/fish.js';
import { zshScript } from '../completion/zsh.js';
import { usageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Handler } from '../runner.js';

const SCRIPTS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

/** Writes the completion script of the given shell for the given command tree to stdout. */
export function completionHandler(tree: CompletionNode): Handler<CompletionOptions> {
  return async (options, io) => {
    const shell = COMPLETION_SHELLS.find((name) => name === options.shell);
    if (shell === undefined) {
      throw usageError(
        `completion: no script for the shell "${options.shell}"; choose ${COMPLETION_SHELLS.join(', ')}`,
        'shell',
      );
    }
    io.stdout.write(SCRIPTS[shell](tree));
    return ExitCode.ok;
  };
}
