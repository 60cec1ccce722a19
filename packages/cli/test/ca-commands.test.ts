import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, openssl, tempDir } from './helpers.js';

describe('certwright ca init and ca sign', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    await writeFile(join(dir, 'ca-pass.txt'), 'ca passphrase\n');
    await writeFile(join(dir, 'pass.txt'), 'server passphrase\n');
  });
  afterAll(() => cleanup());

  it('ca init writes root, ca1 and ca2 with encrypted 0600 keys', async () => {
    const result = await cli(dir, [
      'ca',
      'init',
      '--out-dir',
      'lab-ca',
      '--intermediates',
      '2',
      '--type',
      'ec',
      '--passphrase-file',
      'ca-pass.txt',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).members.map((member: { name: string }) => member.name)).toEqual([
      'root',
      'ca1',
      'ca2',
    ]);
    for (const name of ['root', 'ca1', 'ca2']) {
      expect((await stat(join(dir, 'lab-ca', `${name}.key`))).mode & 0o777).toBe(0o600);
      expect(await readFile(join(dir, 'lab-ca', `${name}.key`), 'utf8')).toMatch(/BEGIN ENCRYPTED PRIVATE KEY/);
      await openssl(dir, ['pkey', '-in', `lab-ca/${name}.key`, '-passin', 'file:ca-pass.txt', '-noout']);
    }
    const ca1 = await openssl(dir, ['x509', '-in', 'lab-ca/ca1.crt', '-noout', '-text']);
    expect(ca1).toMatch(/CA:TRUE, pathlen:1/);
    await openssl(dir, ['verify', '-CAfile', 'lab-ca/root.crt', '-untrusted', 'lab-ca/ca1.crt', 'lab-ca/ca2.crt']);
  });

  it('ca init refuses to overwrite an existing CA without --force', async () => {
    const before = await readFile(join(dir, 'lab-ca', 'root.crt'), 'utf8');
    const result = await cli(dir, ['ca', 'init', '--out-dir', 'lab-ca', '--no-encrypt']);
    expect(result.code).toBe(2);
    expect(await readFile(join(dir, 'lab-ca', 'root.crt'), 'utf8')).toBe(before);
  });

  it('ca sign issues from ca2, keeps every SAN, and openssl verifies the whole chain', async () => {
    expect(
      (await cli(dir, ['key', 'create', '--type', 'ec', '--out', 'server.key', '--passphrase-file', 'pass.txt'])).code,
    ).toBe(0);
    const csr = await cli(dir, [
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
      '--san',
      'dns:ovoc.example.com',
      '--san',
      'dns:ovoc-b.example.com',
      '--san',
      'ip:192.0.2.10',
    ]);
    expect(csr.code, csr.stderr).toBe(0);
    const signed = await cli(dir, [
      'ca',
      'sign',
      '--ca-dir',
      'lab-ca',
      '--csr',
      'server.csr',
      '--out',
      'server.crt',
      '--days',
      '30',
      '--passphrase-file',
      'ca-pass.txt',
      '--json',
    ]);
    expect(signed.code, signed.stderr).toBe(0);
    expect(JSON.parse(signed.stdout).issuer).toBe(join('lab-ca', 'ca2.crt'));
    await openssl(dir, [
      'verify',
      '-CAfile',
      'lab-ca/root.crt',
      '-untrusted',
      'lab-ca/ca1.crt',
      '-untrusted',
      'lab-ca/ca2.crt',
      '-purpose',
      'sslserver',
      'server.crt',
    ]);
    const text = await openssl(dir, ['x509', '-in', 'server.crt', '-noout', '-text']);
    for (const san of ['DNS:ovoc.example.com', 'DNS:ovoc-b.example.com', 'IP Address:192.0.2.10']) {
      expect(text).toContain(san);
    }
    expect(text).toMatch(/CA:FALSE/);
    const modulusMatch = await openssl(dir, ['x509', '-in', 'server.crt', '-noout', '-pubkey']);
    const keyPub = await openssl(dir, ['pkey', '-in', 'server.key', '-passin', 'file:pass.txt', '-pubout']);
    expect(modulusMatch).toBe(keyPub);
  });

  it('ca sign with the wrong CA passphrase: exit 3, nothing written', async () => {
    await writeFile(join(dir, 'bad.txt'), 'nope\n');
    const result = await cli(dir, [
      'ca',
      'sign',
      '--ca-dir',
      'lab-ca',
      '--csr',
      'server.csr',
      '--out',
      'other.crt',
      '--passphrase-file',
      'bad.txt',
      '--json',
    ]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_KEY_BAD_PASSPHRASE');
    await expect(stat(join(dir, 'other.crt'))).rejects.toThrow();
  });

  it('ca sign on a directory with no CA: exit 3, ERR_CA_INVALID', async () => {
    const result = await cli(dir, [
      'ca',
      'sign',
      '--ca-dir',
      'empty',
      '--csr',
      'server.csr',
      '--out',
      'x.crt',
      '--json',
    ]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_CA_INVALID');
  });
});
