import { copyFile, mkdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

// `verify --connect` and a stapled OCSP response, with a real TLS server on loopback serving the
// OCSP vectors' leaf (CN localhost) and stapling one of their responses (made by openssl ocsp).
const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const ocspCase = (id: string, file: string) => join(vectors, 'ocsp', id, file);
const AT = ['--at', '2030-06-01T00:00:00Z'];

let dir: string;
let cleanup: () => Promise<void>;
let key: Buffer;
let chain: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await mkdir(join(dir, 'set'));
  // The server certificate directory: root.crt → ca1.crt → server.crt.
  await copyFile(ocspCase('issuer-signed-good', 'root.crt'), join(dir, 'set', 'root.crt'));
  await copyFile(ocspCase('issuer-signed-good', 'ca.crt'), join(dir, 'set', 'ca1.crt'));
  await copyFile(ocspCase('issuer-signed-good', 'leaf.crt'), join(dir, 'set', 'server.crt'));
  key = await readFile(join(vectors, 'keys', 'test-rsa-2048.key'));
  const [leaf, ca] = await Promise.all(
    ['leaf.crt', 'ca.crt'].map((file) => readFile(ocspCase('issuer-signed-good', file), 'utf8')),
  );
  chain = `${leaf}${ca}`;
});
afterAll(async () => {
  await cleanup();
});

/** Runs `certwright verify --connect` against a loopback server stapling `staple` (or nothing). */
async function verifyAgainst(staple: Buffer | undefined, extra: string[] = []) {
  const server: Server = createServer({ key, cert: chain });
  let asked = false;
  server.on(
    'OCSPRequest',
    (_certificate: Buffer, _issuer: Buffer, callback: (error: Error | null, response?: Buffer) => void) => {
      asked = true;
      callback(null, staple);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const result = await cli(dir, [
      'verify',
      '--dir',
      'set',
      ...AT,
      '--connect',
      `127.0.0.1:${port}`,
      '--json',
      ...extra,
    ]);
    return { ...result, asked, report: JSON.parse(result.stdout) };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const stapledCheck = (report: { checks: { name: string; ok: boolean; code?: string; message: string }[] }) =>
  report.checks.find((check) => check.name === 'stapled');

describe('verify --connect with OCSP stapling', () => {
  it('asks for a staple and checks a good one (signed by the issuer)', async () => {
    const result = await verifyAgainst(await readFile(ocspCase('issuer-signed-good', 'response.der')));
    expect(result.asked).toBe(true);
    expect(result.code).toBe(0);
    expect(stapledCheck(result.report)).toMatchObject({
      ok: true,
      message: expect.stringMatching(/good \(signed by the issuer/),
    });
  });

  it('a staple saying the server certificate is revoked fails the check (exit 1)', async () => {
    const result = await verifyAgainst(await readFile(ocspCase('revoked', 'response.der')));
    expect(result.code).toBe(1);
    expect(stapledCheck(result.report)).toMatchObject({ ok: false, code: 'ERR_CHAIN_REVOKED' });
  });

  it('an out-of-date staple fails, or is a warning with --revocation soft-fail', async () => {
    const expired = await readFile(ocspCase('expired-response', 'response.der'));
    const strict = await verifyAgainst(expired);
    expect(strict.code).toBe(1);
    expect(stapledCheck(strict.report)).toMatchObject({ ok: false, code: 'ERR_CHAIN_OCSP_EXPIRED' });
    const soft = await verifyAgainst(expired, ['--revocation', 'soft-fail']);
    expect(soft.code).toBe(0);
    expect(soft.report.warnings.map((warning: { code: string }) => warning.code)).toContain(
      'WARN_OCSP_STAPLE_UNUSABLE',
    );
  });

  it('a server that staples nothing has no stapled check', async () => {
    const result = await verifyAgainst(undefined);
    expect(result.code).toBe(0);
    expect(stapledCheck(result.report)).toBeUndefined();
  });
});
