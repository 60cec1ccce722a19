import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/program.js';

function leafCommands(command: Command, prefix: string[] = []): [string, Command][] {
  if (command.commands.length === 0) return [[prefix.join(' '), command]];
  return command.commands.flatMap((sub) => leafCommands(sub, [...prefix, sub.name()]));
}

describe('help', () => {
  const program = buildProgram({ run: async () => undefined }, '0.0.0');
  const leaves = leafCommands(program);

  it('has commands to check', () => {
    expect(leaves.map(([name]) => name)).toEqual(
      expect.arrayContaining(['key create', 'csr create', 'csr show', 'ca init', 'ca sign']),
    );
  });

  it.each(leaves)('%s has a description, EXAMPLES and EXIT CODES', (_name, command) => {
    let help = '';
    command.configureOutput({ writeOut: (text) => (help += text) });
    command.outputHelp();
    expect(command.description()).not.toBe('');
    expect(help).toMatch(/\nEXAMPLES\n {2}\$ certwright /);
    expect(help).toMatch(/\nEXIT CODES\n {2}0 {3}success/);
  });

  it('offers no option that takes a secret as a plain argument', () => {
    for (const [, command] of leaves) {
      for (const option of command.options) {
        expect(option.long ?? '').not.toMatch(/^--(passphrase|password|storepass|challenge-password)$/);
      }
    }
  });
});
