import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, configureEveryCommand } from '../src/program.js';
import type { Runner } from '../src/runner.js';
import type { CommandSpec, OptionsOf } from '../src/spec/command-spec.js';
import { argument, variadic } from '../src/spec/argument-spec.js';
import { commandSpec } from '../src/spec/command-spec.js';
import { choice, flag, integer, list, mapped, negated, secret, text } from '../src/spec/option-spec.js';
import { argvOf, commandLine } from '../src/spec/to-argv.js';
import { commanderCommand, specOf } from '../src/spec/to-commander.js';

/** Every command of the program built from a spec, with the spec. */
function specCommands(command: Command): CommandSpec[] {
  const own = specOf(command);
  return [...(own ? [own] : []), ...command.commands.flatMap(specCommands)];
}

/** Parses argv with a runner that records the options instead of running anything. */
async function parse(argv: readonly string[]): Promise<{ command: string; options: unknown }> {
  let recorded: { command: string; options: unknown } | undefined;
  const runner: Runner = {
    async run(command, options) {
      recorded = { command, options };
    },
  };
  const program = buildProgram(runner, '0.0.0');
  configureEveryCommand(program, { writeErr: () => undefined, writeOut: () => undefined });
  await program.parseAsync([...argv], { from: 'user' });
  if (!recorded) throw new Error(`no command ran for ${argv.join(' ')}`);
  return recorded;
}

/**
 * An argv that gives every option of a spec a value other than its default (skipping an option
 * that conflicts with one already given): what the re-run argv must carry through.
 */
function everyOptionArgv(spec: CommandSpec): string[] {
  const words = [...spec.path];
  for (const { definition } of Object.values(spec.arguments)) {
    words.push(...(definition.variadic ? ['first input', 'second'] : ['an argument']));
  }
  const given = new Set<string>();
  for (const [key, { definition }] of Object.entries(spec.options)) {
    const clashes = definition.conflicts.some((other) => given.has(other));
    const clashedBy = [...given].some((other) => spec.options[other]?.definition.conflicts.includes(key));
    if (clashes || clashedBy) continue;
    given.add(key);
    const { flag: name, spec: form } = definition;
    switch (form.form) {
      case 'flag':
        words.push(`--${name}`);
        break;
      case 'negated':
        words.push(`--no-${name}`);
        break;
      case 'list':
        words.push(`--${name}`, 'one', `--${name}`, 'two words');
        break;
      case 'secret':
        words.push(`--${name}-env`, 'SOME_VARIABLE');
        break;
      case 'value': {
        const parsed = (word: string) => (form.parse ? form.parse(word) : word);
        const word =
          form.choices?.findLast((choice) => parsed(choice) !== definition.defaultValue) ??
          (form.parse ? '7' : 'a value');
        words.push(`--${name}`, word);
      }
    }
  }
  return words;
}

describe('the option specs of the program', () => {
  const specs = specCommands(buildProgram({ run: async () => undefined }, '0.0.0'));

  it('has the converted commands', () => {
    expect(specs.map((spec) => spec.path.join(' '))).toEqual(
      expect.arrayContaining(['key create', 'csr create', 'ca sign', 'chain verify', 'truststore add']),
    );
  });

  it.each(specs.map((spec) => [spec.path.join(' '), spec] as const))(
    '%s: the argv derived from parsed options parses back to the same options',
    async (_name, spec) => {
      const first = await parse(everyOptionArgv(spec));
      const again = await parse(argvOf(spec, first.options as OptionsOf<typeof spec>));
      expect(again).toEqual(first);
    },
  );

  it.each(specs.map((spec) => [spec.path.join(' '), spec] as const))(
    '%s: lists exit codes 0, 2 and 70, in order, each once',
    (_name, spec) => {
      expect(spec.exitCodes).toEqual(expect.arrayContaining([0, 2, 70]));
      expect([...spec.exitCodes].sort((a, b) => a - b)).toEqual([...new Set(spec.exitCodes)]);
    },
  );
});

describe('a spec', () => {
  const spec = commandSpec({
    path: ['demo', 'run'],
    description: 'a command to test the spec machinery',
    arguments: { input: argument('<input>', 'the input'), more: variadic('[more...]', 'more inputs') },
    options: {
      out: text('--out <file>', 'output').required(),
      days: integer('--days <n>', 'days', 1).default(30),
      hash: mapped('--hash <alg>', 'hash', { sha256: 'SHA-256', sha384: 'SHA-384' }).default('SHA-256'),
      mode: choice('--mode <mode>', 'mode', ['a', 'b']),
      names: list('--name <name>', 'names'),
      force: flag('--force', 'force'),
      encrypt: negated('--no-encrypt', 'no encryption'),
      passphrase: secret('passphrase', 'passphrase'),
      host: text('--host <name>', 'host').conflicts('ip'),
      ip: text('--ip <address>', 'ip'),
      json: flag('--json', 'json'),
    },
    examples: 'certwright demo run x --out y',
    exitCodes: [0, 2, 70],
  });

  it('gives the options object its declared types', () => {
    // Compile-time checks: each assignment fails `tsc -p tsconfig.tests.json` if a derived type drifts.
    const options: OptionsOf<typeof spec> = {
      input: 'in',
      more: [],
      out: 'o',
      days: 30,
      hash: 'SHA-384',
      mode: undefined,
      names: [],
      force: false,
      encrypt: true,
      passphrase: { file: undefined, env: undefined, fd: 3 },
      host: undefined,
      ip: undefined,
      json: false,
    };
    // @ts-expect-error a word that is not among the mapped values
    const wrongHash: OptionsOf<typeof spec>['hash'] = 'sha384';
    // @ts-expect-error a required option is never undefined
    const missingOut: OptionsOf<typeof spec>['out'] = undefined;
    expect([wrongHash, missingOut, options.days]).toEqual(['sha384', undefined, 30]);
  });

  it('parses words into typed values and writes only what differs from the defaults back', async () => {
    let seen: unknown;
    const command = commanderCommand(spec, async (options) => {
      seen = options;
    });
    command.exitOverride().configureOutput({ writeErr: () => undefined });
    await command.parseAsync(
      ['x', 'y', 'z', '--out', 'o', '--hash', 'sha384', '--name', 'a', '--no-encrypt', '--passphrase-fd', '3'],
      { from: 'user' },
    );
    expect(seen).toEqual({
      input: 'x',
      more: ['y', 'z'],
      out: 'o',
      days: 30,
      hash: 'SHA-384',
      mode: undefined,
      names: ['a'],
      force: false,
      encrypt: false,
      passphrase: { file: undefined, env: undefined, fd: 3 },
      host: undefined,
      ip: undefined,
      json: false,
    });
    const argv = argvOf(spec, seen as OptionsOf<typeof spec>, { omit: ['json'] });
    // A descriptor cannot be read twice: the re-run names a file for the operator to fill in.
    expect(commandLine(argv)).toBe(
      "certwright demo run x y z --out o --hash sha384 --name a --no-encrypt --passphrase-file '<file>'",
    );
  });

  it('refuses a word outside the choices, a bad number, two sources of one secret and conflicting options', async () => {
    const attempt = async (argv: string[]) => {
      const command = commanderCommand(spec, async () => undefined);
      let message = '';
      command.exitOverride().configureOutput({ writeErr: (text) => (message += text) });
      await command.parseAsync(['x', '--out', 'o', ...argv], { from: 'user' }).catch(() => undefined);
      return message;
    };
    expect(await attempt(['--hash', 'md5'])).toMatch(/Allowed choices are sha256, sha384/);
    expect(await attempt(['--days', '0'])).toMatch(/must be at least 1/);
    expect(await attempt(['--passphrase-file', 'f', '--passphrase-env', 'V'])).toMatch(/cannot be used with/);
    expect(await attempt(['--host', 'h', '--ip', '10.0.0.1'])).toMatch(/cannot be used with/);
  });

  it('names an unknown option in conflicts when the command is built', () => {
    const broken = commandSpec({
      ...spec,
      options: { a: text('--a <x>', 'a').conflicts('nothing') },
    });
    expect(() => commanderCommand(broken, async () => undefined)).toThrow(/conflicts names no option "nothing"/);
  });
});
