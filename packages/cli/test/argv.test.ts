import { describe, expect, it } from 'vitest';
import { buildProgram, configureEveryCommand } from '../src/program.js';
import type { Runner } from '../src/runner.js';
import { cli } from './helpers.js';

/** Parses argv with a runner that records instead of running: the argv → options table. */
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

const noSecret = { file: undefined, env: undefined, fd: undefined };

describe('argv → options', () => {
  it.each([
    [
      ['key', 'create', '--out', 'k.pem'],
      {
        out: 'k.pem',
        type: 'rsa',
        bits: undefined,
        curve: undefined,
        encrypt: true,
        passphrase: noSecret,
        force: false,
        json: false,
      },
    ],
    [
      ['key', 'create', '--out', 'k.pem', '--type', 'ec', '--curve', 'P-384', '--no-encrypt', '--force', '--json'],
      {
        out: 'k.pem',
        type: 'ec',
        bits: undefined,
        curve: 'P-384',
        encrypt: false,
        passphrase: noSecret,
        force: true,
        json: true,
      },
    ],
    [
      ['key', 'create', '--out', 'k.pem', '--bits', '4096', '--passphrase-fd', '3'],
      {
        out: 'k.pem',
        type: 'rsa',
        bits: 4096,
        curve: undefined,
        encrypt: true,
        passphrase: { file: undefined, env: undefined, fd: 3 },
        force: false,
        json: false,
      },
    ],
  ])('key create %j', async (argv, expected) => {
    expect(await parse(argv)).toEqual({ command: 'key create', options: expected });
  });

  it('csr create maps subject, SANs in order, hash and both secret sources', async () => {
    const { options } = await parse([
      'csr',
      'create',
      '--key',
      'k.pem',
      '--out',
      'r.csr',
      '--cn',
      'ovoc.example.com',
      '--o',
      'Example',
      '--c',
      'US',
      '--san',
      'dns:a.example.com',
      '--san',
      'ip:10.0.0.1',
      '--hash',
      'sha384',
      '--passphrase-env',
      'PASS',
      '--challenge-password-file',
      'cp.txt',
      '--eku',
      'serverAuth',
    ]);
    expect(options).toEqual({
      key: 'k.pem',
      out: 'r.csr',
      cn: 'ovoc.example.com',
      o: 'Example',
      ou: undefined,
      l: undefined,
      st: undefined,
      c: 'US',
      email: undefined,
      sans: ['dns:a.example.com', 'ip:10.0.0.1'],
      defaultSan: true,
      keyUsage: [],
      extendedKeyUsage: ['serverAuth'],
      hash: 'SHA-384',
      passphrase: { file: undefined, env: 'PASS', fd: undefined },
      challengePassword: { file: 'cp.txt', env: undefined, fd: undefined },
      force: false,
      json: false,
    });
  });

  it('csr show, ca init and ca sign', async () => {
    expect(await parse(['csr', 'show', 'r.csr', '--json'])).toEqual({
      command: 'csr show',
      options: { csr: 'r.csr', json: true },
    });
    expect((await parse(['ca', 'init', '--out-dir', 'lab', '--intermediates', '2'])).options).toMatchObject({
      outDir: 'lab',
      intermediates: 2,
      type: 'rsa',
      days: 3650,
      encrypt: true,
    });
    expect(
      (await parse(['ca', 'sign', '--ca-dir', 'lab', '--csr', 'r.csr', '--out', 's.crt', '--days', '30'])).options,
    ).toEqual({
      caDir: 'lab',
      csr: 'r.csr',
      out: 's.crt',
      days: 30,
      passphrase: noSecret,
      force: false,
      json: false,
    });
  });
});

describe('usage errors exit 2 before anything runs', () => {
  it.each([
    [['key', 'create']],
    [['key', 'create', '--out', 'k', '--bits', '1024']],
    [['key', 'create', '--out', 'k', '--passphrase-file', 'a', '--passphrase-env', 'B']],
    [['key', 'create', '--out', 'k', '--passphrase', 'secret']],
    [['ca', 'sign', '--ca-dir', 'lab', '--csr', 'r.csr', '--out', 's.crt', '--days', '0']],
    [['no-such-command']],
  ])('%j', async (argv) => {
    const result = await cli(process.cwd(), argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error/);
  });
});
