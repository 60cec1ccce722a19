import { describe, expect, it } from 'vitest';
import { buildProgram, configureEveryCommand } from '../src/program.js';
import type { Runner } from '../src/runner.js';

async function parse(argv: string[]): Promise<{ command: string; options: unknown }> {
  let recorded: { command: string; options: unknown } | undefined;
  const runner: Runner = {
    async run(command, options) {
      recorded = { command, options };
    },
  };
  const program = buildProgram(runner, '0.0.0');
  configureEveryCommand(program, { writeErr: () => undefined, writeOut: () => undefined });
  await program.parseAsync(argv, { from: 'user' });
  if (!recorded) throw new Error('no command ran');
  return recorded;
}

describe('workflow argv → options', () => {
  it.each([
    [
      ['workflow', 'run', '--config', 'w.yaml'],
      'workflow run',
      { config: 'w.yaml', fromStep: undefined, toStep: undefined, state: undefined, json: false },
    ],
    [
      ['workflow', 'run', '--config', 'w.yaml', '--from-step', '4', '--to-step', '7', '--state', 's.json', '--json'],
      'workflow run',
      { config: 'w.yaml', fromStep: 4, toStep: 7, state: 's.json', json: true },
    ],
    [['workflow'], 'workflow', { config: 'workflow.yaml' }],
    [['workflow', '--save', 'ovoc.yaml'], 'workflow', { config: 'ovoc.yaml' }],
  ])('%j', async (argv, command, options) => {
    expect(await parse(argv)).toEqual({ command, options });
  });

  it.each([
    [['workflow', 'run']],
    [['workflow', 'run', '--config', 'w.yaml', '--from-step', '0']],
    [['workflow', 'run', '--config', 'w.yaml', '--to-step', 'three']],
  ])('refuses %j', async (argv) => {
    await expect(parse(argv)).rejects.toMatchObject({ exitCode: 1 });
  });
});
