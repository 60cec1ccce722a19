import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, openssl, tempDir } from './helpers.js';

describe('certwright csr create and csr show', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    await writeFile(join(dir, 'pass.txt'), 's3cret-pass\n');
    await writeFile(join(dir, 'wrong.txt'), 'not-the-pass\n');
    const made = await cli(dir, [
      'key',
      'create',
      '--type',
      'ec',
      '--out',
      'server.key',
      '--passphrase-file',
      'pass.txt',
    ]);
    expect(made.code).toBe(0);
  });
  afterAll(() => cleanup());

  it('creates a CSR with subject and every SAN kind that openssl verifies', async () => {
    const result = await cli(dir, [
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
      '--o',
      'Example Corp',
      '--ou',
      'Voice',
      '--l',
      'Springfield',
      '--st',
      'Oregon',
      '--c',
      'US',
      '--email',
      'pki@example.com',
      '--san',
      'dns:ovoc.example.com',
      '--san',
      'ip:10.1.2.3',
      '--san',
      'ip:2001:db8::5',
      '--san',
      'email:pki@example.com',
      '--san',
      'uri:https://ovoc.example.com/',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const text = await openssl(dir, ['req', '-in', 'server.csr', '-verify', '-noout', '-text']);
    expect(text).toMatch(/verify OK/i);
    expect(text).toMatch(/CN\s*=\s*ovoc\.example\.com/);
    expect(text).toMatch(/C\s*=\s*US/);
    for (const san of [
      'DNS:ovoc.example.com',
      'IP Address:10.1.2.3',
      'IP Address:2001:DB8:0:0:0:0:0:5',
      'email:pki@example.com',
      'URI:https://ovoc.example.com/',
    ]) {
      expect(text).toContain(san);
    }
    expect(text).toMatch(/TLS Web Server Authentication, TLS Web Client Authentication/);
    expect(text).toMatch(/ecdsa-with-SHA256/);
  });

  it('csr show prints the PEM, fingerprint and lint; --json carries the same', async () => {
    const human = await cli(dir, ['csr', 'show', 'server.csr']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(await readFile(join(dir, 'server.csr'), 'utf8').then((pem) => pem.trim()));
    await openssl(dir, ['req', '-in', 'server.csr', '-outform', 'DER', '-out', 'server.der']);
    const digest = await openssl(dir, ['dgst', '-sha256', '-c', 'server.der']);
    const expected = (digest.split('= ')[1] ?? '').trim().toUpperCase();
    expect(human.stdout).toContain(expected);
    const json = await cli(dir, ['csr', 'show', 'server.csr', '--json']);
    const report = JSON.parse(json.stdout);
    expect(report.csr.sha256).toBe(expected);
    expect(report.csr.sans).toContainEqual({ type: 'ip', value: '10.1.2.3' });
    // --email puts emailAddress in the subject, which lint flags (the email SAN is the modern place).
    expect(report.csr.lint.map((finding: { code: string }) => finding.code)).toEqual(['LINT_EMAIL_IN_SUBJECT']);
    expect(human.stdout).toMatch(/LINT_EMAIL_IN_SUBJECT/);
  });

  it('adds the CN as a DNS SAN when no --san is given, and says so', async () => {
    const result = await cli(dir, [
      'csr',
      'create',
      '--key',
      'server.key',
      '--passphrase-file',
      'pass.txt',
      '--out',
      'cn-only.csr',
      '--cn',
      'ovoc2.example.com',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/adding DNS:ovoc2\.example\.com/);
    const text = await openssl(dir, ['req', '-in', 'cn-only.csr', '-verify', '-noout', '-text']);
    expect(text).toMatch(/verify OK/);
    expect(text).toContain('DNS:ovoc2.example.com');
  });

  it('wrong passphrase: exit 3, ERR_KEY_BAD_PASSPHRASE, nothing written', async () => {
    const result = await cli(dir, [
      'csr',
      'create',
      '--key',
      'server.key',
      '--passphrase-file',
      'wrong.txt',
      '--out',
      'never.csr',
      '--cn',
      'x.example.com',
      '--json',
    ]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'ERR_KEY_BAD_PASSPHRASE', source: 'server.key' });
    expect(result.stderr).toMatch(/^certwright: error: server\.key: /);
    expect(result.stderr).not.toContain('not-the-pass');
    await expect(stat(join(dir, 'never.csr'))).rejects.toThrow();
  });

  it('a file that is not a key: exit 3 naming the file', async () => {
    await writeFile(join(dir, 'notakey.pem'), 'hello, I am not a key\n');
    const result = await cli(dir, ['csr', 'create', '--key', 'notakey.pem', '--out', 'n.csr', '--cn', 'x', '--json']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error.code).toMatch(/^ERR_(KEY_INVALID|FORMAT_NOT_PEM)$/);
    expect(result.stderr).toMatch(/notakey\.pem/);
    await expect(stat(join(dir, 'n.csr'))).rejects.toThrow();
  });

  it('an unknown --san kind: exit 2, ERR_SAN_INVALID, nothing written', async () => {
    const result = await cli(dir, [
      'csr',
      'create',
      '--key',
      'server.key',
      '--passphrase-file',
      'pass.txt',
      '--out',
      'bad-san.csr',
      '--cn',
      'x.example.com',
      '--san',
      'dns:x.example.com',
      '--san',
      'foo:bar',
      '--json',
    ]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_SAN_INVALID');
    expect(result.stderr).toMatch(/--san\[2\]/);
    await expect(stat(join(dir, 'bad-san.csr'))).rejects.toThrow();
  });

  it('csr show refuses a CSR whose signature is broken: exit 3, ERR_CSR_BAD_SIGNATURE', async () => {
    const der = await readFile(join(dir, 'server.der'));
    der[der.length - 5] = (der[der.length - 5] as number) ^ 0x01;
    await writeFile(join(dir, 'broken.csr'), der);
    const result = await cli(dir, ['csr', 'show', 'broken.csr', '--json']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_CSR_BAD_SIGNATURE');
    expect(result.stderr).toMatch(/broken\.csr/);
  });

  it('a missing input file: exit 3, ERR_FILE_NOT_FOUND', async () => {
    const result = await cli(dir, ['csr', 'show', 'nope.csr', '--json']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_FILE_NOT_FOUND');
  });
});
