// Issue 14's rule "one option spec per command": every command the CLI can run is built from a spec
// in packages/cli/src/commands/, so its options, options type, re-run argv and listed exit codes
// derive from one declaration. Only the groups (`certwright key`, `certwright device`…) are not.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../packages/cli/src/program.js';
import { specOf } from '../../packages/cli/src/spec/to-commander.js';

/** Every command below `command` (itself included), with its full name. */
function everyCommand(command: Command, parents: readonly string[] = []): Array<{ name: string; command: Command }> {
  const path = [...parents, command.name()];
  return [{ name: path.join(' '), command }, ...command.commands.flatMap((sub) => everyCommand(sub, path))];
}

describe('the commands of certwright', () => {
  const commands = everyCommand(buildProgram({ run: async () => undefined }, '0.0.0'));
  const withoutSpec = commands.filter(({ command }) => specOf(command) === undefined);

  it('are each built from an option spec, unless they only group subcommands', () => {
    expect(commands.length).toBeGreaterThan(25);
    expect(withoutSpec.filter(({ command }) => command.commands.length === 0).map(({ name }) => name)).toEqual([]);
  });

  it('have no options outside a spec but the root --version', () => {
    const options = withoutSpec.flatMap(({ name, command }) =>
      command.options.map((option) => `${name} ${option.long}`),
    );
    expect(options).toEqual(['certwright --version']);
  });
});
