import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, openssl, tempDir } from './helpers.js';

const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const rsa = join(vectors, 'chains', 'rsa-two-intermediates');
const serverKey = join(vectors, 'keys', 'test-rsa-2048.key');
const AT = ['--at', '2030-06-01T00:00:00Z'];

/** A real HTTPS server on loopback serving the given PEM chain. */
async function serve(chainPem: string, keyPem: string): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer({ key: keyPem, cert: chainPem }, (_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

interface Report {
  valid: boolean;
  checks: { name: string; ok: boolean; code?: string }[];
  warnings: { code: string }[];
}

function failed(report: Report): string[] {
  return report.checks.filter((check) => !check.ok).map((check) => `${check.name}:${check.code}`);
}

describe('certwright verify', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const files = ['root.crt', 'ca1.crt', 'ca2.crt', 'server.crt'];

  async function makeSet(name: string, mapping: Record<string, string> = {}): Promise<string> {
    const set = join(dir, name);
    await mkdir(set, { recursive: true });
    for (const file of files) await copyFile(join(rsa, mapping[file] ?? file), join(set, file));
    return set;
  }

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    await makeSet('good');
  });
  afterAll(() => cleanup());

  it('passes a correct set with its key and host name', async () => {
    const result = await cli(dir, [
      'verify',
      '--dir',
      'good',
      '--key',
      serverKey,
      '--host',
      'ovoc.example.com',
      ...AT,
      '--json',
    ]);
    expect(result.code, result.stdout).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.checks.map((check) => check.name)).toEqual(['files', 'chain', 'order', 'key', 'expiry']);
    expect(failed(report)).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  it('passes a self-signed set that import wrote (server.crt is its own root.crt)', async () => {
    await openssl(dir, [
      'req',
      '-x509',
      '-key',
      serverKey,
      '-subj',
      '/CN=ovoc.example.com',
      '-addext',
      'subjectAltName=DNS:ovoc.example.com',
      '-days',
      '365',
      '-out',
      'self.crt',
    ]);
    const imported = await cli(dir, ['import', 'self.crt', '--out-dir', 'self-signed', '--key', serverKey]);
    expect(imported.code, imported.stderr).toBe(0);
    const result = await cli(dir, ['verify', '--dir', 'self-signed', '--key', serverKey, '--json']);
    expect(result.code, result.stdout).toBe(0);
    expect(failed(JSON.parse(result.stdout) as Report)).toEqual([]);
  });

  it('warns, without failing, when a certificate expires within --warn-days', async () => {
    const result = await cli(dir, ['verify', '--dir', 'good', ...AT, '--warn-days', '3650', '--json']);
    expect(result.code).toBe(0);
    // The set has no server.key and no --key is given: the skipped key check is said too.
    expect((JSON.parse(result.stdout) as Report).warnings.map((warning) => warning.code)).toEqual([
      'WARN_VERIFY_KEY_NOT_CHECKED',
      'WARN_EXPIRES_SOON',
    ]);
    expect(result.stderr).toMatch(/warning: server\.crt expires first/);
  });

  it('fails on ca1.crt and ca2.crt swapped, naming the order check', async () => {
    await makeSet('swapped', { 'ca1.crt': 'ca2.crt', 'ca2.crt': 'ca1.crt' });
    const result = await cli(dir, ['verify', '--dir', 'swapped', ...AT, '--json']);
    expect(result.code).toBe(1);
    expect(failed(JSON.parse(result.stdout))).toEqual(['order:ERR_VERIFY_ORDER']);
  });

  it('fails on a key that does not match, on a host name not in the certificate, and at a time past expiry', async () => {
    const wrongKey = await cli(dir, [
      'verify',
      '--dir',
      'good',
      '--key',
      join(vectors, 'keys', 'test-ec-p256.key'),
      ...AT,
      '--json',
    ]);
    expect(wrongKey.code).toBe(1);
    expect(failed(JSON.parse(wrongKey.stdout))).toEqual(['key:ERR_KEY_MISMATCH']);
    const wrongHost = await cli(dir, ['verify', '--dir', 'good', '--host', 'other.example.com', ...AT, '--json']);
    expect(failed(JSON.parse(wrongHost.stdout))).toContain('chain:ERR_CHAIN_HOSTNAME_MISMATCH');
    const late = await cli(dir, ['verify', '--dir', 'good', '--at', '2040-01-01', '--json']);
    expect(failed(JSON.parse(late.stdout))).toContain('chain:ERR_CHAIN_EXPIRED');
  });

  it('fails on a DER file or a missing root', async () => {
    const der = await makeSet('der');
    await openssl(der, ['x509', '-in', 'server.crt', '-outform', 'DER', '-out', 'server.crt']);
    const result = await cli(dir, ['verify', '--dir', 'der', ...AT, '--json']);
    expect(result.code).toBe(1);
    expect(failed(JSON.parse(result.stdout))).toEqual(['files:ERR_VERIFY_NOT_PEM']);
    const noRoot = await makeSet('noroot');
    await rm(join(noRoot, 'root.crt'));
    const missing = await cli(dir, ['verify', '--dir', 'noroot', ...AT, '--json']);
    expect(missing.code).toBe(1);
    expect(failed(JSON.parse(missing.stdout))).toEqual(['files:ERR_VERIFY_FILE_MISSING']);
  });

  it('a --dir that does not exist, or is a file, is unreadable input: exit 3', async () => {
    const absent = await cli(dir, ['verify', '--dir', 'no-such-dir', ...AT, '--json']);
    expect([absent.code, JSON.parse(absent.stdout).error]).toEqual([
      3,
      expect.objectContaining({ code: 'ERR_FILE_NOT_FOUND', message: 'no-such-dir: no such directory' }),
    ]);
    const file = await cli(dir, ['verify', '--dir', join('good', 'server.crt'), ...AT]);
    expect(file.code).toBe(3);
    expect(file.stderr).toMatch(/server\.crt: is a file, not a directory/);
  });

  describe('--connect: a real TLS handshake on loopback', () => {
    const pem = (name: string) => readFile(join(rsa, name), 'utf8');
    const key = () => readFile(serverKey, 'utf8');

    /** Serves the chain on loopback for one `certwright verify --connect` run, then stops the server. */
    async function verifyAgainst(chainPem: string, keyPem: string) {
      const server = await serve(chainPem, keyPem);
      try {
        return await cli(dir, ['verify', '--dir', 'good', ...AT, '--connect', `127.0.0.1:${server.port}`, '--json']);
      } finally {
        await server.close();
      }
    }

    it('passes when the server sends server.crt with its intermediates', async () => {
      const result = await verifyAgainst(
        (await pem('server.crt')) + (await pem('ca2.crt')) + (await pem('ca1.crt')),
        await key(),
      );
      expect(result.code, result.stdout).toBe(0);
      expect((JSON.parse(result.stdout) as Report).checks.at(-1)).toMatchObject({ name: 'served', ok: true });
    });

    it('fails when the server sends only its own certificate', async () => {
      const result = await verifyAgainst(await pem('server.crt'), await key());
      expect(result.code).toBe(1);
      expect(failed(JSON.parse(result.stdout))).toEqual(['served:ERR_VERIFY_SERVED_INCOMPLETE']);
    });

    it('fails when the server sends another certificate', async () => {
      const ec = join(vectors, 'chains', 'ec-p256-two-intermediates');
      const result = await verifyAgainst(
        await readFile(join(ec, 'server.crt'), 'utf8'),
        await readFile(join(vectors, 'keys', 'test-ec-p256.key'), 'utf8'),
      );
      expect(result.code).toBe(1);
      expect(failed(JSON.parse(result.stdout))).toEqual(['served:ERR_VERIFY_SERVED_MISMATCH']);
    });

    it('a refused connection is a network failure: exit 4', async () => {
      const server = await serve(await pem('server.crt'), await key());
      const { port } = server;
      await server.close();
      const result = await cli(dir, ['verify', '--dir', 'good', ...AT, '--connect', `127.0.0.1:${port}`, '--json']);
      expect(result.code).toBe(4);
      expect(JSON.parse(result.stdout).error.code).toBe('ERR_NETWORK_CONNECT');
    });
  });
});
