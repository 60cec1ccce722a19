import type { Command } from 'commander';

/** One option as a shell completes it: its flags, whether a value follows, the values it allows. */
export interface CompletionOption {
  flags: string[];
  description: string;
  takesValue: boolean;
  /** The values a choice allows; undefined when any word (usually a file name) goes. */
  choices?: readonly string[] | undefined;
}

/** One command of the tree: `certwright key create` is the path ['certwright', 'key', 'create']. */
export interface CompletionNode {
  path: string[];
  description: string;
  subcommands: CompletionNode[];
  options: CompletionOption[];
  /** The values the first positional argument allows, if it is a choice. */
  argumentChoices?: readonly string[] | undefined;
  /** True when the command takes positional arguments (file names, hosts…). */
  takesArguments: boolean;
}

const HELP: CompletionOption = { flags: ['-h', '--help'], description: 'display help for command', takesValue: false };

/**
 * The completion tree of a commander program, read from the commands as built: the same tree
 * `--help` shows, so a new command or option completes without a list to keep in step.
 */
export function commandTree(command: Command, parents: readonly string[] = []): CompletionNode {
  const path = [...parents, command.name()];
  const options = command.options
    .filter((option) => !option.hidden)
    .map((option) => ({
      flags: [option.short, option.long].filter((flag): flag is string => flag !== undefined),
      description: option.description,
      takesValue: option.required || option.optional,
      choices: option.argChoices,
    }));
  const [first] = command.registeredArguments;
  return {
    path,
    description: command.description(),
    subcommands: command.commands.map((sub) => commandTree(sub, path)),
    options: [...options, HELP],
    argumentChoices: first?.argChoices,
    takesArguments: command.registeredArguments.length > 0,
  };
}

/** Every node of the tree, parents before children. */
export function allNodes(node: CompletionNode): CompletionNode[] {
  return [node, ...node.subcommands.flatMap(allNodes)];
}
