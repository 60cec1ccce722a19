// Each command's help lists the exit codes it can return (its spec's exitCodes). The cli() helper
// fails any test that sees a code its command does not list; this table drives every command built
// from a spec to every code it lists, so a listed code that no longer happens fails here. 70 (an
// internal error) is listed everywhere and cannot be provoked on purpose.
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/program.js';
import type { CommandSpec } from '../src/spec/command-spec.js';
import { specOf } from '../src/spec/to-commander.js';
import { cli, execFileAsync, tempDir } from './helpers.js';

/** One case: the command line and the exit code it must give; `env` for secrets. */
interface Case {
  argv: string[];
  code: number;
  env?: Record<string, string>;
  /** Set up just before the case runs (files it needs that another case might change). */
  before?: () => Promise<void>;
}

/**
 * Where a listed code is shown by another test file (a pair of SSH servers, a device fleet): the
 * file must drive the command through cli() and expect that code.
 */
interface Elsewhere {
  command: string;
  code: number;
  file: string;
  expectation: string;
}

let dir: string;
let cleanup: () => Promise<void>;
let closedPort: number;
let listener: Server;

const run = (argv: string[], env: Record<string, string> = {}) => cli(dir, argv, env);
const ok = async (argv: string[]) => expect((await run(argv)).code, argv.join(' ')).toBe(0);

/** A port nothing listens on: a listener is opened and closed to find one. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  closedPort = await freePort();
  await writeFile(join(dir, 'garbage.txt'), 'this is not a certificate, key or store\n');
  await writeFile(join(dir, 'pass.txt'), 'store-password-1\n');
  await ok(['ca', 'init', '--out-dir', 'lab-ca', '--type', 'ec', '--no-encrypt', '--intermediates', '1']);
  await ok(['ca', 'init', '--out-dir', 'other-ca', '--type', 'ec', '--no-encrypt', '--intermediates', '0']);
  await ok(['key', 'create', '--out', 'server.key', '--type', 'ec', '--no-encrypt']);
  await ok(['key', 'create', '--out', 'other.key', '--type', 'ec', '--no-encrypt']);
  await ok(['csr', 'create', '--key', 'server.key', '--out', 'server.csr', '--cn', 'ovoc.codes.example']);
  await ok(['ca', 'sign', '--ca-dir', 'lab-ca', '--csr', 'server.csr', '--out', 'server.crt']);
  await ok([
    'import',
    'server.crt',
    'lab-ca/ca1.crt',
    'lab-ca/root.crt',
    '--out-dir',
    'server_certs',
    '--key',
    'server.key',
  ]);
  // A CA directory whose root key is another CA's: signing with it is refused as a key mismatch.
  await mkdir(join(dir, 'mixed-ca'));
  await copyFile(join(dir, 'lab-ca/root.crt'), join(dir, 'mixed-ca/root.crt'));
  await copyFile(join(dir, 'other-ca/root.key'), join(dir, 'mixed-ca/root.key'));
  // A PEM file with a key that is not the certificate's.
  const [other, certificate] = await Promise.all(
    ['other.key', 'server.crt'].map((f) => readFile(join(dir, f), 'utf8')),
  );
  await writeFile(join(dir, 'mismatch.pem'), `${certificate}${other}`);
  await ok([
    'truststore',
    'create',
    '--format',
    'jks',
    '--out',
    'store.jks',
    '--storepass-file',
    'pass.txt',
    'lab-ca/root.crt',
  ]);
  // A TLS server on loopback serving the lab chain, for verify --connect and scan.
  listener = (await import('node:tls')).createServer({
    cert: `${certificate}${await readFile(join(dir, 'lab-ca/ca1.crt'), 'utf8')}`,
    key: await readFile(join(dir, 'server.key'), 'utf8'),
  });
  listener.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  // rotate: a plan whose files are checked, and an identity for a node nobody listens on.
  await execFileAsync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id_test')]);
  await writeFile(join(dir, 'known_hosts'), '');
  await writeFile(join(dir, 'ha.yaml'), plan(closedPort));
  await writeFile(join(dir, 'broken.yaml'), plan(closedPort).replace('port: 443', 'port: twenty'));
  // workflow: a quick config (EC keys, unencrypted, a lab CA), then one whose check fails.
  await mkdir(join(dir, 'wf-ok'));
  await writeFile(join(dir, 'wf-ok/workflow.yaml'), WORKFLOW);
  await mkdir(join(dir, 'wf-check'));
  await writeFile(join(dir, 'wf-check/workflow.yaml'), `${WORKFLOW}verify: { host: not-this-name.example }\n`);
  // Devices: one nobody answers for, and board files (the certificate with its intermediate).
  await writeFile(
    join(dir, 'gone.csv'),
    `name,host,port,username,password_env\ngone,127.0.0.1,${closedPort},Admin,DEVICE_PW\n`,
  );
  const intermediate = await readFile(join(dir, 'lab-ca/ca1.crt'), 'utf8');
  await writeFile(join(dir, 'board.pem'), `${certificate}${intermediate}`);
  // MP-1xx board files need an RSA key (device provision refuses EC): the same CA, an RSA leaf.
  await ok(['key', 'create', '--out', 'board-rsa.key', '--type', 'rsa', '--no-encrypt']);
  await ok(['csr', 'create', '--key', 'board-rsa.key', '--out', 'board-rsa.csr', '--cn', 'mp1xx.codes.example']);
  await ok(['ca', 'sign', '--ca-dir', 'lab-ca', '--csr', 'board-rsa.csr', '--out', 'board-rsa.crt']);
  await writeFile(join(dir, 'board-rsa.pem'), `${await readFile(join(dir, 'board-rsa.crt'), 'utf8')}${intermediate}`);
  await mkdir(join(dir, 'wf-network'));
  await writeFile(join(dir, 'wf-network/workflow.yaml'), `${WORKFLOW}verify: { connect: "127.0.0.1:${closedPort}" }\n`);
}, 240_000);

afterAll(async () => {
  await new Promise((resolve) => listener?.close(resolve));
  await cleanup();
});

const WORKFLOW = `
key: { type: ec, encrypt: false }
csr: { subject: { cn: ovoc.codes.example, o: Codes, c: US } }
ca: { lab: { dir: lab-ca, intermediates: 1, encrypt: false } }
`;

function plan(port: number): string {
  return `
files: { dir: server_certs, key: server.key }
defaults: { user: root, identity_file: id_test, known_hosts: known_hosts, probe: { port: 443 } }
nodes:
  - { name: primary, host: 127.0.0.1, port: ${port}, target: /srv/certs, reload: "true" }
`;
}

const serverPort = () => (listener.address() as AddressInfo).port;

/** The cases, by command: every listed code but 70. */
function cases(): Record<string, Case[]> {
  const usage = (words: string[]): Case => ({ argv: [...words, '--no-such-option'], code: 2 });
  return {
    'key create': [
      { argv: ['key', 'create', '--out', 'k.pem', '--type', 'ec', '--no-encrypt'], code: 0 },
      usage(['key', 'create']),
      { argv: ['key', 'create', '--out', 'k3.pem', '--type', 'ec', '--passphrase-file', 'missing.txt'], code: 3 },
    ],
    'csr create': [
      { argv: ['csr', 'create', '--key', 'server.key', '--out', 'c.csr', '--cn', 'a.example'], code: 0 },
      usage(['csr', 'create']),
      { argv: ['csr', 'create', '--key', 'garbage.txt', '--out', 'c3.csr', '--cn', 'a.example'], code: 3 },
    ],
    'csr show': [
      { argv: ['csr', 'show', 'server.csr'], code: 0 },
      usage(['csr', 'show']),
      { argv: ['csr', 'show', 'garbage.txt'], code: 3 },
    ],
    'ca init': [
      { argv: ['ca', 'init', '--out-dir', 'ca-new', '--type', 'ec', '--no-encrypt', '--intermediates', '0'], code: 0 },
      usage(['ca', 'init']),
      { argv: ['ca', 'init', '--out-dir', 'ca-3', '--type', 'ec', '--passphrase-file', 'missing.txt'], code: 3 },
    ],
    'ca sign': [
      { argv: ['ca', 'sign', '--ca-dir', 'lab-ca', '--csr', 'server.csr', '--out', 's.crt'], code: 0 },
      { argv: ['ca', 'sign', '--ca-dir', 'mixed-ca', '--csr', 'server.csr', '--out', 's1.crt'], code: 1 },
      usage(['ca', 'sign']),
      { argv: ['ca', 'sign', '--ca-dir', 'no-such-ca', '--csr', 'server.csr', '--out', 's3.crt'], code: 3 },
    ],
    'chain verify': [
      {
        argv: ['chain', 'verify', '--cert', 'server.crt', '--root', 'lab-ca/root.crt', '--untrusted', 'lab-ca/ca1.crt'],
        code: 0,
      },
      { argv: ['chain', 'verify', '--cert', 'server.crt', '--root', 'other-ca/root.crt'], code: 1 },
      usage(['chain', 'verify']),
      { argv: ['chain', 'verify', '--cert', 'garbage.txt', '--root', 'lab-ca/root.crt'], code: 3 },
    ],
    'truststore create': [
      { argv: ['truststore', 'create', '--format', 'pem', '--out', 't.pem', 'lab-ca/root.crt'], code: 0 },
      usage(['truststore', 'create']),
      { argv: ['truststore', 'create', '--format', 'pem', '--out', 't3.pem', 'garbage.txt'], code: 3 },
    ],
    'truststore list': [
      { argv: ['truststore', 'list', 'store.jks', '--storepass-file', 'pass.txt'], code: 0 },
      usage(['truststore', 'list']),
      { argv: ['truststore', 'list', 'garbage.txt'], code: 3 },
    ],
    'truststore add': [
      {
        argv: [
          'truststore',
          'add',
          'store.jks',
          'other-ca/root.crt',
          '--alias',
          'other',
          '--storepass-file',
          'pass.txt',
        ],
        code: 0,
      },
      usage(['truststore', 'add']),
      {
        argv: ['truststore', 'add', 'store.jks', 'garbage.txt', '--alias', 'x', '--storepass-file', 'pass.txt'],
        code: 3,
      },
    ],
    'truststore remove': [
      { argv: ['truststore', 'remove', 'store.jks', '--alias', 'other', '--storepass-file', 'pass.txt'], code: 0 },
      usage(['truststore', 'remove']),
      { argv: ['truststore', 'remove', 'garbage.txt', '--alias', 'x', '--storepass-file', 'pass.txt'], code: 3 },
    ],
    'keystore create': [
      {
        argv: [
          'keystore',
          'create',
          '--format',
          'p12',
          '--key',
          'server.key',
          '--cert',
          'server.crt',
          '--out',
          'k.p12',
          '--storepass-file',
          'pass.txt',
        ],
        code: 0,
      },
      {
        argv: [
          'keystore',
          'create',
          '--format',
          'p12',
          '--key',
          'other.key',
          '--cert',
          'server.crt',
          '--out',
          'k1.p12',
          '--storepass-file',
          'pass.txt',
        ],
        code: 1,
      },
      usage(['keystore', 'create']),
      {
        argv: [
          'keystore',
          'create',
          '--format',
          'p12',
          '--key',
          'garbage.txt',
          '--cert',
          'server.crt',
          '--out',
          'k3.p12',
        ],
        code: 3,
      },
    ],
    import: [
      { argv: ['import', 'server.crt', 'lab-ca/ca1.crt', 'lab-ca/root.crt', '--out-dir', 'imported'], code: 0 },
      { argv: ['import', 'server.crt', 'other-ca/root.crt', '--out-dir', 'imported-1'], code: 1 },
      usage(['import']),
      { argv: ['import', 'garbage.txt', '--out-dir', 'imported-3'], code: 3 },
    ],
    install: [
      { argv: ['install', '--dir', 'server_certs', '--key', 'server.key', '--target', 'installed'], code: 0 },
      { argv: ['install', '--dir', 'server_certs', '--key', 'other.key', '--target', 'installed-1'], code: 1 },
      usage(['install']),
      { argv: ['install', '--dir', 'server_certs', '--key', 'garbage.txt', '--target', 'installed-3'], code: 3 },
    ],
    verify: [
      { argv: ['verify', '--dir', 'server_certs', '--key', 'server.key'], code: 0 },
      { argv: ['verify', '--dir', 'server_certs', '--host', 'not-this-name.example'], code: 1 },
      usage(['verify']),
      { argv: ['verify', '--dir', 'no-such-dir'], code: 3 },
      { argv: ['verify', '--dir', 'server_certs', '--connect', `127.0.0.1:${closedPort}`], code: 4 },
    ],
    inspect: [
      { argv: ['inspect', 'server.crt'], code: 0 },
      usage(['inspect']),
      { argv: ['inspect', 'garbage.txt'], code: 3 },
    ],
    convert: [
      { argv: ['convert', 'server.crt', '--to', 'der', '--out', 'server.der'], code: 0 },
      {
        argv: ['convert', 'mismatch.pem', '--to', 'p12', '--out', 'mismatch.p12', '--storepass-file', 'pass.txt'],
        code: 1,
      },
      usage(['convert']),
      { argv: ['convert', 'garbage.txt', '--to', 'pem', '--out', 'g.pem'], code: 3 },
    ],
    rotate: [
      { argv: ['rotate', '--plan', 'ha.yaml', '--dry-run', '--insecure-skip-host-key-check'], code: 0 },
      usage(['rotate']),
      { argv: ['rotate', '--plan', 'broken.yaml', '--dry-run'], code: 3 },
      { argv: ['rotate', '--plan', 'ha.yaml', '--insecure-skip-host-key-check'], code: 4 },
    ],
    scan: [
      { argv: ['scan', `127.0.0.1:${serverPort()}`, '--ca-file', 'lab-ca/root.crt', '--fail-on', 'expired'], code: 0 },
      { argv: ['scan', `127.0.0.1:${serverPort()}`, '--fail-on', 'untrusted'], code: 1 },
      usage(['scan']),
      { argv: ['scan', `127.0.0.1:${serverPort()}`, '--ca-file', 'garbage.txt'], code: 3 },
      { argv: ['scan', `127.0.0.1:${closedPort}`, '--timeout', '2'], code: 4 },
      {
        argv: [
          'scan',
          `127.0.0.1:${serverPort()}`,
          `127.0.0.1:${closedPort}`,
          '--timeout',
          '2',
          '--fail-on',
          'expired',
        ],
        code: 5,
      },
    ],
    'workflow run': [
      { argv: ['workflow', 'run', '--config', 'wf-ok/workflow.yaml'], code: 0 },
      { argv: ['workflow', 'run', '--config', 'wf-check/workflow.yaml'], code: 1 },
      usage(['workflow', 'run']),
      { argv: ['workflow', 'run', '--config', 'no-such-workflow.yaml'], code: 3 },
      // The live check of steps 6–7 cannot reach the server: a network failure.
      { argv: ['workflow', 'run', '--config', 'wf-network/workflow.yaml'], code: 4 },
    ],
    workflow: [usage(['workflow'])],
    'device push': [
      usage(['device', 'push']),
      {
        argv: [
          'device',
          'push',
          '--inventory',
          'gone.csv',
          '--cert',
          'board.pem',
          '--key',
          'garbage.txt',
          '--root',
          'lab-ca/root.crt',
        ],
        code: 3,
        env: { DEVICE_PW: 'Admin' },
      },
    ],
    'device status': [
      usage(['device', 'status']),
      { argv: ['device', 'status', '--inventory', 'no-such.csv'], code: 3 },
      {
        argv: ['device', 'status', '--inventory', 'gone.csv', '--insecure-skip-tls-verify', '--timeout', '2'],
        code: 4,
        env: { DEVICE_PW: 'Admin' },
      },
    ],
    'device enroll': [
      usage(['device', 'enroll']),
      {
        argv: ['device', 'enroll', '--inventory', 'no-such.csv', '--ca-dir', 'lab-ca', '--root', 'lab-ca/root.crt'],
        code: 3,
      },
      {
        argv: [
          'device',
          'enroll',
          '--inventory',
          'gone.csv',
          '--ca-dir',
          'lab-ca',
          '--root',
          'lab-ca/root.crt',
          '--insecure-skip-tls-verify',
          '--timeout',
          '2',
        ],
        code: 4,
        env: { DEVICE_PW: 'Admin' },
      },
    ],
    'device provision': [
      {
        argv: [
          'device',
          'provision',
          '--cert',
          'board-rsa.pem',
          '--key',
          'board-rsa.key',
          '--root',
          'lab-ca/root.crt',
          '--bundle-dir',
          'mp1xx',
        ],
        code: 0,
      },
      {
        argv: [
          'device',
          'provision',
          '--cert',
          'server.crt',
          '--key',
          'server.key',
          '--root',
          'lab-ca/root.crt',
          '--bundle-dir',
          'mp1xx-1',
        ],
        code: 1,
      },
      usage(['device', 'provision']),
      {
        argv: [
          'device',
          'provision',
          '--cert',
          'board.pem',
          '--key',
          'garbage.txt',
          '--root',
          'lab-ca/root.crt',
          '--bundle-dir',
          'mp1xx-3',
        ],
        code: 3,
      },
    ],
    'device files': [
      {
        argv: [
          'device',
          'files',
          '--from',
          'server_certs',
          '--key',
          'server.key',
          '--out-dir',
          'board-0',
          '--unencrypted-key',
        ],
        code: 0,
      },
      {
        argv: [
          'device',
          'files',
          '--from',
          'server_certs',
          '--key',
          'other.key',
          '--out-dir',
          'board-1',
          '--unencrypted-key',
        ],
        code: 1,
      },
      usage(['device', 'files']),
      {
        argv: [
          'device',
          'files',
          '--from',
          'server_certs',
          '--key',
          'garbage.txt',
          '--out-dir',
          'board-3',
          '--unencrypted-key',
        ],
        code: 3,
      },
      {
        argv: [
          'device',
          'files',
          '--fetch-default',
          '127.0.0.1',
          '--ssh-port',
          String(closedPort),
          '--identity',
          'id_test',
          '--known-hosts',
          'known_hosts',
          '--out-dir',
          'board-4',
          '--unencrypted-key',
          '--allow-weak-board-key',
        ],
        code: 4,
      },
    ],
    'device probe': [
      usage(['device', 'probe']),
      { argv: ['device', 'probe', '--inventory', 'no-such.csv'], code: 3 },
      {
        argv: ['device', 'probe', '--inventory', 'gone.csv', '--insecure-skip-tls-verify', '--timeout', '2'],
        code: 4,
        env: { DEVICE_PW: 'Admin' },
      },
    ],
  };
}

/** Listed codes shown by other tests, which need real SSH servers or simulated devices. */
const ELSEWHERE: Elsewhere[] = [
  { command: 'rotate', code: 1, file: 'rotate.test.ts', expectation: 'expect(result.code).toBe(1)' },
  { command: 'rotate', code: 5, file: 'rotate.test.ts', expectation: 'expect(result.code).toBe(5)' },
  { command: 'workflow run', code: 5, file: 'workflow-devices.test.ts', expectation: 'expect(partial.code).toBe(5)' },
  {
    command: 'completion',
    code: 0,
    file: 'completion.test.ts',
    expectation: 'expect(result.code, result.stderr).toBe(0)',
  },
  { command: 'completion', code: 2, file: 'completion.test.ts', expectation: 'expect(result.code).toBe(2)' },
  {
    command: 'device push',
    code: 0,
    file: 'device-push.test.ts',
    expectation: 'expect(forced.code, forced.stderr).toBe(0)',
  },
  { command: 'device push', code: 1, file: 'device-push.test.ts', expectation: 'expect(run.code, run.stderr).toBe(1)' },
  {
    command: 'device push',
    code: 4,
    file: 'device-push.test.ts',
    expectation: 'expect(none.code, none.stderr).toBe(4)',
  },
  {
    command: 'device push',
    code: 5,
    file: 'device-push.test.ts',
    expectation: 'expect(some.code, some.stderr).toBe(5)',
  },
  {
    command: 'device status',
    code: 0,
    file: 'device-push.test.ts',
    expectation: 'expect(status.code, status.stderr).toBe(0)',
  },
  { command: 'device enroll', code: 0, file: 'device-enroll.test.ts', expectation: 'expect(code, io.err()).toBe(0)' },
  { command: 'device enroll', code: 5, file: 'device-enroll.test.ts', expectation: '.toBe(5)' },
  { command: 'device provision', code: 4, file: 'device-provision.test.ts', expectation: 'expect(code).toBe(4)' },
  {
    command: 'device probe',
    code: 0,
    file: 'device-probe.test.ts',
    expectation: 'expect(run.code, run.stderr).toBe(0)',
  },
];

/**
 * Listed codes no test reaches yet, each with the reason: the list is the to-do, and a code that
 * becomes reachable belongs in the tables above instead.
 */
const NOT_YET_DRIVEN: { command: string; code: number; why: string }[] = [
  { command: 'device status', code: 5, why: 'needs a fleet where one simulated device answers and another does not' },
  {
    command: 'device provision',
    code: 5,
    why: 'needs two simulated MP-1xx devices polling --serve, one of which never fetches its files',
  },
];

/**
 * The guided wizard (`certwright workflow`) needs a terminal; its runs go through the same engine
 * and exit codes as `workflow run` (workflow-wizard.test.ts drives it), so its codes are those of
 * `workflow run` above.
 */
const SAME_AS: Record<string, string> = { workflow: 'workflow run' };

function specCommands(command: Command): CommandSpec[] {
  const own = specOf(command);
  return [...(own ? [own] : []), ...command.commands.flatMap(specCommands)];
}

/** The commands of the table (the cases need the servers of beforeAll, so they are made in each test). */
const COMMANDS = [
  'key create',
  'csr create',
  'csr show',
  'ca init',
  'ca sign',
  'chain verify',
  'truststore create',
  'truststore list',
  'truststore add',
  'truststore remove',
  'keystore create',
  'import',
  'install',
  'verify',
  'inspect',
  'convert',
  'rotate',
  'scan',
  'workflow run',
  'workflow',
  'device push',
  'device status',
  'device enroll',
  'device provision',
  'device files',
  'device probe',
];

describe('every exit code a command lists, driven', { timeout: 240_000 }, () => {
  it.each(COMMANDS)('%s', async (command) => {
    const list = cases()[command] ?? [];
    expect(list.length).toBeGreaterThan(0);
    for (const entry of list) {
      await entry.before?.();
      const result = await run(entry.argv, entry.env);
      expect(result.code, `${entry.argv.join(' ')}\n${result.stderr}`).toBe(entry.code);
    }
    expect(list.map((entry) => entry.argv.slice(0, command.split(' ').length).join(' '))).toEqual(
      list.map(() => command),
    );
  });

  it.each(ELSEWHERE)('$command exits $code in $file', async ({ command, file, expectation }) => {
    const text = await readFile(new URL(file, import.meta.url), 'utf8');
    expect(text).toContain(expectation);
    // It runs the command through cli() (its first word quoted) or calls its handler (deviceEnroll).
    const handler = command.replace(/ (\w)/g, (_, letter: string) => letter.toUpperCase());
    expect(text.includes(`'${command.split(' ')[0]}'`) || text.includes(`${handler}(`)).toBe(true);
  });

  it('covers every command built from a spec and every code it lists but 70', () => {
    const table = cases();
    expect(Object.keys(table)).toEqual(COMMANDS);
    const specs = specCommands(buildProgram({ run: async () => undefined }, '0.0.0'));
    const shown = (command: string) =>
      new Set([
        ...(table[command] ?? []).map((entry) => entry.code),
        ...ELSEWHERE.filter((entry) => entry.command === command).map((entry) => entry.code),
      ]);
    const missing = specs.flatMap((spec) => {
      const command = spec.path.join(' ');
      const codes = shown(SAME_AS[command] ?? command);
      for (const gap of NOT_YET_DRIVEN) if (gap.command === command) codes.add(gap.code);
      if (SAME_AS[command]) for (const code of shown(command)) codes.add(code);
      return spec.exitCodes.filter((code) => code !== 70 && !codes.has(code)).map((code) => `${command} ${code}`);
    });
    expect(missing).toEqual([]);
  });
});
