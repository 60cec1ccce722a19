import { spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProgram, configureEveryCommand } from '../src/program.js';
import type { Runner } from '../src/runner.js';
import { cli, tempDir } from './helpers.js';

const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
/** The built CLI with crash points, which the shipped executable does not have. */
const binWithCheckpoints = fileURLToPath(
  new URL('../../../scripts/reliability/support/certwright-with-checkpoints.mjs', import.meta.url),
);
const OLD = { dir: join(vectors, 'chains', 'rsa-one-intermediate'), key: join(vectors, 'keys', 'test-rsa-2048.key') };
const NEW = {
  dir: join(vectors, 'chains', 'ec-p256-two-intermediates'),
  key: join(vectors, 'keys', 'test-ec-p256.key'),
};
const AT = ['--at', '2030-06-01T00:00:00Z'];
const ENV = { PATH: process.env.PATH };

let dir: string;
let cleanup: () => Promise<void>;
let target: string;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  target = join(dir, 'server_certs');
  await placeSet(target, OLD);
});
afterEach(() => cleanup());

async function placeSet(into: string, set: { dir: string; key: string }): Promise<void> {
  await mkdir(into, { recursive: true });
  for (const name of await readdir(set.dir)) {
    if (!name.endsWith('.crt')) continue;
    await copyFile(join(set.dir, name), join(into, name));
    await chmod(join(into, name), 0o644);
  }
  await copyFile(set.key, join(into, 'server.key'));
  await chmod(join(into, 'server.key'), 0o600);
}

/** name → [bytes as text, mode] of every file in a directory. */
async function snapshot(path: string): Promise<Record<string, [string, number]>> {
  const result: Record<string, [string, number]> = {};
  for (const name of (await readdir(path)).sort())
    result[name] = [await readFile(join(path, name), 'utf8'), (await stat(join(path, name))).mode & 0o777];
  return result;
}

async function expected(set: { dir: string; key: string }): Promise<Record<string, [string, number]>> {
  const scratch = join(dir, `expected-${Math.random().toString(16).slice(2)}`);
  await placeSet(scratch, set);
  return snapshot(scratch);
}

const install = (set: { dir: string; key: string }, ...extra: string[]) => [
  'install',
  '--dir',
  set.dir,
  '--key',
  set.key,
  '--target',
  target,
  ...AT,
  ...extra,
];

async function parse(argv: string[]): Promise<unknown> {
  let recorded: unknown;
  const runner: Runner = {
    async run(_command, options) {
      recorded = options;
    },
  };
  const program = buildProgram(runner, '0.0.0');
  configureEveryCommand(program, { writeErr: () => undefined, writeOut: () => undefined });
  await program.parseAsync(argv, { from: 'user' });
  return recorded;
}

describe('install argv → options', () => {
  const noSecret = { file: undefined, env: undefined, fd: undefined };
  it.each([
    [
      ['install', '--dir', 'set', '--key', 'server.key', '--target', 't'],
      {
        target: 't',
        dir: 'set',
        key: 'server.key',
        backupDir: undefined,
        reloadCmd: undefined,
        reloadTimeout: 120,
        resume: false,
        at: undefined,
        passphrase: noSecret,
        storepass: noSecret,
        encrypt: true,
        json: false,
      },
    ],
    [
      [
        'install',
        '--dir',
        'set',
        '--key',
        'k',
        '--target',
        't',
        '--backup-dir',
        'b',
        '--reload-cmd',
        'systemctl restart x',
        '--reload-timeout',
        '5',
        '--passphrase-env',
        'PW',
        '--at',
        '2030-01-01',
        '--json',
      ],
      {
        target: 't',
        dir: 'set',
        key: 'k',
        backupDir: 'b',
        reloadCmd: 'systemctl restart x',
        reloadTimeout: 5,
        resume: false,
        at: '2030-01-01',
        passphrase: { file: undefined, env: 'PW', fd: undefined },
        storepass: noSecret,
        encrypt: true,
        json: true,
      },
    ],
    [
      ['install', '--target', 't', '--resume'],
      {
        target: 't',
        dir: undefined,
        key: undefined,
        backupDir: undefined,
        reloadCmd: undefined,
        reloadTimeout: 120,
        resume: true,
        at: undefined,
        passphrase: noSecret,
        storepass: noSecret,
        encrypt: true,
        json: false,
      },
    ],
  ])('%j', async (argv, options) => {
    expect(await parse(argv)).toEqual(options);
  });

  it('refuses --resume with --dir, a missing --target, and no set without --resume (exit 2)', async () => {
    expect((await cli(dir, ['install', '--target', 't', '--resume', '--dir', 'x'])).code).toBe(2);
    expect((await cli(dir, ['install', '--dir', 'x', '--key', 'k'])).code).toBe(2);
    const noSet = await cli(dir, ['install', '--target', target]);
    expect(noSet.code).toBe(2);
    expect(noSet.stderr).toContain('--resume');
  });
});

describe('certwright install', () => {
  it('installs the set, backs up the previous one, reloads, and reports it as JSON', async () => {
    const result = await cli(dir, install(NEW, '--reload-cmd', 'echo reloaded > reload.log', '--json'), ENV);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      ok: true,
      target,
      removed: [],
      reloaded: true,
      recovered: null,
      expires: '2035-01-01T00:00:00.000Z',
      warnings: [],
    });
    expect(report.installed.sort()).toEqual(['ca1.crt', 'ca2.crt', 'root.crt', 'server.crt', 'server.key']);
    expect(report.certificates.map((entry: { file: string }) => entry.file)).toEqual([
      'root.crt',
      'ca1.crt',
      'ca2.crt',
      'server.crt',
    ]);
    expect(await snapshot(target)).toEqual(await expected(NEW));
    expect(await snapshot(report.backupDir)).toEqual(await expected(OLD));
    expect(report.backupDir.startsWith(join(dir, 'server_certs.backups'))).toBe(true);
    expect(await readFile(join(dir, 'reload.log'), 'utf8')).toBe('reloaded\n');
  });

  it('installs an encrypted key unchanged as server.key, reading it with the passphrase only to check it', async () => {
    const encrypted = join(vectors, 'keys', 'test-ec-p256-encrypted.key');
    const pass = join(vectors, 'keys', 'PASSPHRASE.txt');
    const result = await cli(dir, [
      ...install({ dir: NEW.dir, key: encrypted }),
      '--passphrase-file',
      pass,
      '--backup-dir',
      'backups',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(join(target, 'server.key'))).toEqual(await readFile(encrypted));
    expect(result.stdout).toContain(`previous set backed up in ${join(dir, 'backups')}`);
    expect(await readdir(join(dir, 'backups'))).toHaveLength(1);
  });

  it('warns when the set expires within 30 days', async () => {
    const result = await cli(dir, [...install(NEW).slice(0, -2), '--at', '2034-12-20T00:00:00Z', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).warnings.map((warning: { code: string }) => warning.code)).toEqual([
      'WARN_INSTALL_EXPIRES_SOON',
    ]);
  });

  it('refuses an expired chain and a key that does not match with exit 1, the target untouched', async () => {
    const before = await snapshot(target);
    const expired = await cli(dir, install({ dir: join(vectors, 'chains', 'leaf-expired'), key: OLD.key }));
    expect(expired.code).toBe(1);
    expect(expired.stderr).toContain('ERR_CHAIN_EXPIRED (server.crt)');
    const mismatch = await cli(dir, install({ dir: NEW.dir, key: OLD.key }, '--json'));
    expect(mismatch.code).toBe(1);
    expect(JSON.parse(mismatch.stdout).error.code).toBe('ERR_INSTALL_KEY_MISMATCH');
    const incomplete = await cli(dir, install({ dir: join(dir, 'nothing-here'), key: OLD.key }));
    expect(incomplete.code, incomplete.stderr).toBe(1);
    expect(await snapshot(target)).toEqual(before);
    expect(await readdir(dir)).toEqual(['server_certs']);
  });

  it('an unreadable file in --dir is an input error (exit 3), the target untouched', async () => {
    const before = await snapshot(target);
    const set = join(dir, 'set');
    await mkdir(join(set, 'root.crt'), { recursive: true });
    const result = await cli(dir, install({ dir: set, key: NEW.key }));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('root.crt: is a directory');
    expect(await snapshot(target)).toEqual(before);
  });

  it('puts the previous set back when the reload fails, and shows what the reload printed', async () => {
    const before = await snapshot(target);
    const result = await cli(
      dir,
      install(NEW, '--reload-cmd', 'echo "tomcat: bad certificate" >&2; exit 3', '--json'),
      ENV,
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_INSTALL_RELOAD_FAILED');
    expect(result.stderr).toContain('tomcat: bad certificate');
    expect(result.stderr).toContain('exited with 3');
    expect(await snapshot(target)).toEqual(before);
  });

  it('kills a reload that outlives --reload-timeout and rolls back', async () => {
    const before = await snapshot(target);
    const result = await cli(
      dir,
      install(NEW, '--reload-cmd', 'echo starting; sleep 30', '--reload-timeout', '1'),
      ENV,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('timed out after 1 s');
    expect(result.stderr).toContain('starting');
    expect(await snapshot(target)).toEqual(before);
  });

  it('returns when the reload shell exits, though a daemon it started keeps the output open', async () => {
    // Were install to wait for the output to close, this would outlast the test's time limit.
    const result = await cli(dir, install(NEW, '--reload-cmd', 'sleep 300 & echo $! > daemon.pid; echo started'), ENV);
    const daemon = Number(await readFile(join(dir, 'daemon.pid'), 'utf8'));
    process.kill(daemon, 'SIGKILL');
    expect(result.code, result.stderr).toBe(0);
    expect(await snapshot(target)).toEqual(await expected(NEW));
  });

  it('--resume with nothing pending says so and changes nothing', async () => {
    const before = await snapshot(target);
    const result = await cli(dir, ['install', '--target', target, '--resume', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ resumed: null, reloaded: false });
    expect(await snapshot(target)).toEqual(before);
  });

  it('the built CLI killed mid-swap (SIGKILL) is finished by --resume', async () => {
    // Step 8 is the second backup copy: the journal exists, nothing in the target is replaced yet.
    const child = spawn(process.execPath, [binWithCheckpoints, ...install(NEW)], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, CERTWRIGHT_TEST_PAUSE_AT: '8' },
    });
    await new Promise<void>((resolve, reject) => {
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('certwright-test: paused at')) {
          process.kill(-(child.pid as number), 'SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`exited before the pause: ${stderr}`)));
    });
    expect((await readdir(target)).some((name) => name === '.certwright-install.journal')).toBe(true);
    const result = await cli(dir, ['install', '--target', target, '--resume', '--reload-cmd', 'true'], ENV);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('finished an interrupted install');
    expect(await snapshot(target)).toEqual(await expected(NEW));
  });
});
