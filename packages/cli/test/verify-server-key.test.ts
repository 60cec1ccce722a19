import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

// Issue 15: `verify --dir` without --key checks the directory's server.key (its passphrase asked for
// as usual), or says plainly that it did not check the key; it used to skip the check silently.
let dir: string;
let cleanup: () => Promise<void>;

async function ok(argv: string[]): Promise<void> {
  const run = await cli(dir, argv);
  expect(run.code, `${argv.join(' ')}: ${run.stderr}`).toBe(0);
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFile(join(dir, 'pass.txt'), 'a passphrase for the server key\n', { mode: 0o600 });
  await ok(['ca', 'init', '--out-dir', 'lab-ca', '--type', 'ec', '--no-encrypt', '--intermediates', '1']);
  await ok(['key', 'create', '--out', 'server.key', '--type', 'ec', '--passphrase-file', 'pass.txt']);
  await ok(['key', 'create', '--out', 'other.key', '--type', 'ec', '--passphrase-file', 'pass.txt']);
  await ok([
    'csr',
    'create',
    '--key',
    'server.key',
    '--passphrase-file',
    'pass.txt',
    '--out',
    'server.csr',
    '--cn',
    'ovoc.example.com',
  ]);
  await ok(['ca', 'sign', '--ca-dir', 'lab-ca', '--csr', 'server.csr', '--out', 'server.crt']);
  for (const set of ['with-key', 'other-key', 'no-key']) {
    await ok(['import', 'server.crt', 'lab-ca/ca1.crt', 'lab-ca/root.crt', '--out-dir', set]);
  }
  await copyFile(join(dir, 'server.key'), join(dir, 'with-key/server.key'));
  await copyFile(join(dir, 'other.key'), join(dir, 'other-key/server.key'));
}, 120_000);
afterAll(async () => cleanup?.());

function checks(stdout: string): { name: string; ok: boolean; message: string }[] {
  return JSON.parse(stdout).checks;
}

describe('verify --dir without --key', () => {
  it("checks the directory's server.key, its passphrase from the usual sources", async () => {
    const run = await cli(dir, ['verify', '--dir', 'with-key', '--passphrase-file', 'pass.txt', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(checks(run.stdout)).toContainEqual({
      name: 'key',
      ok: true,
      message: 'with-key/server.key matches server.crt',
    });
    expect(run.stderr).toContain('no key given: checking with-key/server.key');
  });

  it('asks for its passphrase as for any key: without a source and a terminal, a usage error', async () => {
    const run = await cli(dir, ['verify', '--dir', 'with-key', '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error.code).toBe('ERR_SECRET_UNAVAILABLE');
  });

  it('fails the check when server.key is not the key of server.crt', async () => {
    const run = await cli(dir, ['verify', '--dir', 'other-key', '--passphrase-file', 'pass.txt', '--json']);
    expect(run.code).toBe(1);
    expect(checks(run.stdout)).toContainEqual(
      expect.objectContaining({ name: 'key', ok: false, code: 'ERR_KEY_MISMATCH' }),
    );
  });

  it('says plainly that it skipped the key check when there is no server.key', async () => {
    const run = await cli(dir, ['verify', '--dir', 'no-key', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document.warnings).toContainEqual({
      code: 'WARN_VERIFY_KEY_NOT_CHECKED',
      message: 'the key was not checked against server.crt: no key given and no-key holds no server.key',
    });
    expect(run.stderr).toContain('warning: the key was not checked against server.crt');
    expect(checks(run.stdout).map((check) => check.name)).not.toContain('key');
  });

  it('checks the key named by --key, not the directory’s', async () => {
    const run = await cli(dir, [
      'verify',
      '--dir',
      'other-key',
      '--key',
      'server.key',
      '--passphrase-file',
      'pass.txt',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(checks(run.stdout)).toContainEqual({ name: 'key', ok: true, message: 'server.key matches server.crt' });
  });
});
