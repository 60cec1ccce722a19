import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { buildProgram, buildProgramForRun, configureEveryCommand } from '../src/program.js';
import { completionHandler } from '../src/actions/completion.js';
import { commandTree } from '../src/completion/command-tree.js';
import { memoryIo } from './helpers.js';

/**
 * `runCli` builds its program with each command declared on demand (start-up builds only what
 * the command line reaches). These tests hold it to the fully declared program: the same help
 * for every command however help is asked for, the same usage errors, the same completion tree.
 */

function everyPath(command: Command, prefix: string[] = []): string[][] {
  return [prefix, ...command.commands.flatMap((sub) => everyPath(sub, [...prefix, sub.name()]))];
}

/** What the fully declared program writes for an argv (commander's output only; no handler runs). */
async function declaredUpFront(argv: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const program = buildProgram({ run: async () => undefined }, '0.1.0');
  configureEveryCommand(program, { writeOut: (text) => (out += text), writeErr: (text) => (err += text) });
  await program.parseAsync(argv, { from: 'user' }).catch(() => undefined);
  return { out, err };
}

async function onDemand(argv: string[]): Promise<{ out: string; err: string }> {
  const io = memoryIo(process.cwd());
  await runCli(argv, io);
  return { out: io.out(), err: io.err() };
}

const paths = everyPath(buildProgram({ run: async () => undefined }, '0.1.0'));

describe('a program whose commands are declared on demand', () => {
  it('has every command to compare', () => {
    expect(paths.map((path) => path.join(' '))).toEqual(
      expect.arrayContaining(['', 'device', 'device push', 'workflow', 'workflow run', 'completion']),
    );
  });

  it.each(paths.map((path) => [path.join(' ') || '(the program)', path]))(
    '%s: --help and `help` print what the declared program prints',
    async (_name, path) => {
      const expected = await declaredUpFront([...path, '--help']);
      expect(expected.out).toMatch(/^Usage: certwright/);
      expect(await onDemand([...path, '--help'])).toEqual(expected);
      if (path.length > 0) expect(await onDemand(['help', ...path])).toEqual(await declaredUpFront(['help', ...path]));
    },
  );

  it('lists each command with its arguments and [options] in its group help before any is used', async () => {
    const { out } = await onDemand(['device', '--help']);
    expect(out).toMatch(/^ {2}push \[options\]/m);
    expect((await onDemand(['--help'])).out).toMatch(/^ {2}import \[options\] <files\.\.\.>/m);
  });

  it.each([
    [['key', 'create', '--bogus']],
    [['key', 'create', '--type', 'dsa']],
    [['device', 'push']],
    [['csr', 'show']],
    [['key', 'creat']],
    [['device']],
  ])('%j: the same usage error as the declared program', async (argv) => {
    const expected = await declaredUpFront(argv);
    expect(expected.err).not.toBe('');
    const actual = await onDemand(argv);
    expect(actual.err).toBe(expected.err.replace(/^error: /gm, 'certwright: error: '));
  });

  it('declares only the commands the command line reaches, and every command for completion', () => {
    const program = buildProgramForRun({ run: async () => undefined }, '0.1.0');
    const push = program.commands.find((c) => c.name() === 'device')?.commands.find((c) => c.name() === 'push');
    expect(push?.options).toEqual([]);
    const declared = buildProgram({ run: async () => undefined }, '0.1.0');
    expect(JSON.stringify(commandTree(program))).not.toBe(JSON.stringify(commandTree(declared)));
  });

  it.each(['bash', 'zsh', 'fish'])(
    'writes the same %s completion script as a tree declared up front',
    async (shell) => {
      const io = memoryIo(process.cwd());
      const declared = buildProgram({ run: async () => undefined }, '0.1.0');
      await completionHandler(commandTree(declared))({ shell }, io);
      expect(io.out()).toContain('storepass-file');
      expect((await onDemand(['completion', shell])).out).toBe(io.out());
    },
  );
});
