import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertCsrSignature,
  createCsr,
  type CsrInfo,
  generateKey,
  type KeySpec,
  parseCsr,
  parseSubjectAltName,
  verifyCsr,
} from '../src/index.js';
import { flipByte, makeScratch, type Scratch } from './csr-openssl.js';

const SPECS: Record<string, KeySpec> = {
  'rsa-2048': { type: 'rsa', bits: 2048 },
  'ec-p256': { type: 'ec', curve: 'P-256' },
  ed25519: { type: 'ed25519' },
};

let scratch: Scratch;
const csrs = new Map<string, CsrInfo>();

beforeAll(async () => {
  scratch = await makeScratch();
  for (const [name, spec] of Object.entries(SPECS)) {
    const key = await generateKey(spec);
    const sans = [parseSubjectAltName('dns:ovoc.example.com')];
    csrs.set(name, await createCsr({ key, subject: { cn: 'ovoc.example.com', o: 'Example' }, sans }));
  }
});
afterAll(() => scratch?.remove());

/** Whether `openssl req -verify` accepts the DER (OpenSSL 3.0 exits 0 either way: read what it says). */
async function opensslAccepts(der: Uint8Array, name: string): Promise<boolean> {
  await scratch.write(name, der);
  const { ok, output } = await scratch.opensslStatus('req', '-inform', 'DER', '-in', name, '-verify', '-noout');
  return ok && output.includes('self-signature verify OK');
}

describe.each(Object.keys(SPECS))('verifyCsr with a %s key', (name) => {
  const csr = () => csrs.get(name) as CsrInfo;

  it('accepts the CSR as made, as CsrInfo, PEM or DER', async () => {
    expect(await opensslAccepts(csr().der, `${name}.der`)).toBe(true);
    expect(await verifyCsr(csr())).toBe(true);
    expect(await verifyCsr(csr().pem)).toBe(true);
    expect(await verifyCsr(csr().der)).toBe(true);
    await expect(assertCsrSignature(csr())).resolves.toBeUndefined();
  });

  it('rejects a flipped byte in the signature', async () => {
    const tampered = flipByte(csr().der, -2);
    expect(await opensslAccepts(tampered, `${name}-sig.der`)).toBe(false);
    expect(await verifyCsr(tampered)).toBe(false);
    await expect(assertCsrSignature(tampered, { source: 'bad.csr' })).rejects.toMatchObject({
      code: 'ERR_CSR_BAD_SIGNATURE',
      message: expect.stringMatching(/^bad\.csr: /),
    });
  });

  it('rejects a changed subject', async () => {
    const der = csr().der;
    const at = Buffer.from(der).indexOf('ovoc.example.com');
    const tampered = der.slice();
    tampered[at] = 'x'.charCodeAt(0);
    expect(await opensslAccepts(tampered, `${name}-subject.der`)).toBe(false);
    const parsed = await parseCsr(tampered);
    expect(parsed.subject.cn).toBe('xvoc.example.com');
    expect(await verifyCsr(parsed)).toBe(false);
  });
});

describe('verifyCsr on CSRs openssl made', () => {
  it('accepts SHA-1 and Ed25519 self-signatures', async () => {
    await scratch.openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'rsa.key');
    await scratch.openssl(
      'req',
      '-new',
      '-key',
      'rsa.key',
      '-sha1',
      '-subj',
      '/CN=old.example.com',
      '-out',
      'sha1.csr',
    );
    await scratch.openssl('genpkey', '-algorithm', 'ED25519', '-out', 'ed.key');
    await scratch.openssl('req', '-new', '-key', 'ed.key', '-subj', '/CN=ed.example.com', '-out', 'ed.csr');
    expect(await verifyCsr(await scratch.readText('sha1.csr'))).toBe(true);
    expect(await verifyCsr(await scratch.readText('ed.csr'))).toBe(true);
  });

  it('refuses an MD5 self-signature, which openssl itself verifies: it proves nothing', async () => {
    await scratch.openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'md5.key');
    await scratch.openssl('req', '-new', '-key', 'md5.key', '-md5', '-subj', '/CN=md5.example.com', '-out', 'md5.csr');
    const pem = await scratch.readText('md5.csr');
    expect((await parseCsr(pem)).signatureAlgorithm).toBe('md5WithRSAEncryption');
    expect(await opensslAccepts((await parseCsr(pem)).der, 'md5.der')).toBe(true);
    expect(await verifyCsr(pem)).toBe(false);
    await expect(assertCsrSignature(pem, { source: 'md5.csr' })).rejects.toMatchObject({
      code: 'ERR_CSR_BAD_SIGNATURE',
    });
  });

  it('accepts a DSA self-signature (node:crypto checks it)', async () => {
    await scratch.openssl(
      'genpkey',
      '-genparam',
      '-algorithm',
      'DSA',
      '-pkeyopt',
      'dsa_paramgen_bits:2048',
      '-out',
      'dsa.param',
    );
    await scratch.openssl('genpkey', '-paramfile', 'dsa.param', '-out', 'dsa.key');
    await scratch.openssl(
      'req',
      '-new',
      '-key',
      'dsa.key',
      '-sha256',
      '-subj',
      '/CN=dsa.example.com',
      '-out',
      'dsa.csr',
    );
    expect(await verifyCsr(await scratch.readText('dsa.csr'))).toBe(true);
    const { der } = await parseCsr(await scratch.readText('dsa.csr'));
    // A byte of the signature's s value, near the end: the CSR still parses, the signature fails.
    const tampered = flipByte(der, der.byteLength - 3);
    expect(await verifyCsr(tampered)).toBe(false);
  });

  it('throws ERR_CSR_INVALID, not false, for something that is not a CSR', async () => {
    await expect(verifyCsr(new Uint8Array([1, 2, 3]), { source: 'x.der' })).rejects.toMatchObject({
      code: 'ERR_CSR_INVALID',
    });
  });
});
