import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, openssl, tempDir } from './helpers.js';

describe('certwright key create', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    await writeFile(join(dir, 'pass.txt'), 'correct horse battery staple\n');
  });
  afterAll(() => cleanup());

  it('writes an encrypted EC key with mode 0600 that openssl opens with the passphrase', async () => {
    const result = await cli(dir, [
      'key',
      'create',
      '--type',
      'ec',
      '--out',
      'ec.key',
      '--passphrase-file',
      'pass.txt',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: true, file: 'ec.key', encrypted: true, key: { type: 'ec', curve: 'P-256' } });
    expect((await stat(join(dir, 'ec.key'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'ec.key'), 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    await openssl(dir, ['pkey', '-in', 'ec.key', '-passin', 'file:pass.txt', '-noout']);
    await expect(openssl(dir, ['pkey', '-in', 'ec.key', '-passin', 'pass:wrong', '-noout'])).rejects.toThrow();
    expect(result.stdout).not.toContain('correct horse');
    expect(result.stderr).not.toContain('correct horse');
  });

  it('reads the passphrase from an environment variable', async () => {
    const result = await cli(dir, ['key', 'create', '--type', 'ed25519', '--out', 'ed.key', '--passphrase-env', 'P'], {
      P: 'from-env-secret',
    });
    expect(result.code).toBe(0);
    await openssl(dir, ['pkey', '-in', 'ed.key', '-passin', 'pass:from-env-secret', '-noout']);
  });

  it('--no-encrypt writes a plain PKCS#8 key 0600 and warns', async () => {
    const result = await cli(dir, ['key', 'create', '--bits', '2048', '--out', 'plain.key', '--no-encrypt']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: .*unencrypted/);
    expect((await stat(join(dir, 'plain.key'))).mode & 0o777).toBe(0o600);
    const text = await openssl(dir, ['pkey', '-in', 'plain.key', '-noout', '-text']);
    expect(text).toMatch(/Private-Key: \(2048 bit/);
  });

  it('refuses to overwrite without --force (exit 2, file untouched) and overwrites with it', async () => {
    await writeFile(join(dir, 'existing.key'), 'keep me');
    const refused = await cli(dir, ['key', 'create', '--out', 'existing.key', '--no-encrypt', '--json']);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout).error.code).toBe('ERR_OUTPUT_EXISTS');
    expect(refused.stderr).toMatch(/existing\.key: already exists/);
    expect(await readFile(join(dir, 'existing.key'), 'utf8')).toBe('keep me');
    const forced = await cli(dir, [
      'key',
      'create',
      '--type',
      'ec',
      '--out',
      'existing.key',
      '--no-encrypt',
      '--force',
    ]);
    expect(forced.code).toBe(0);
    expect(await readFile(join(dir, 'existing.key'), 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
    expect(await openssl(dir, ['pkey', '-in', 'existing.key', '-noout', '-text'])).toMatch(/ASN1 OID: prime256v1/);
  });

  it('with no terminal and no passphrase source: exit 2, clear message, nothing written', async () => {
    const result = await cli(dir, ['key', 'create', '--out', 'nopass.key', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_SECRET_UNAVAILABLE');
    expect(result.stderr).toMatch(/--passphrase-file/);
    await expect(stat(join(dir, 'nopass.key'))).rejects.toThrow();
  });

  it('rejects --curve with --type rsa as a usage error', async () => {
    const result = await cli(dir, ['key', 'create', '--out', 'x.key', '--curve', 'P-256', '--no-encrypt']);
    expect(result.code).toBe(2);
    await expect(stat(join(dir, 'x.key'))).rejects.toThrow();
  });
});
