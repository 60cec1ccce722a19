import { execFile } from 'node:child_process';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatError, keyMatchesCertificate, type PrivateKey, readPkcs12 } from '../src/index.js';
import { flipByte, type Scratch } from './csr-openssl.js';
import { makeFormatFixtures, PFX_PASSWORD, toIndefiniteBer } from './formats-fixtures.js';

const run = promisify(execFile);
let scratch: Scratch;

beforeAll(async () => {
  scratch = await makeFormatFixtures();
  // Java 17's keytool: a key entry, and a certificates-only trust store.
  const keytool = (...args: string[]) => run('keytool', args, { cwd: scratch.path, timeout: 60_000 });
  const store = ['-storetype', 'PKCS12', '-storepass', 'java-pass'];
  await keytool('-importcert', '-noprompt', '-alias', 'ca1', '-file', 'cert2.pem', '-keystore', 'trust.p12', ...store);
  await keytool(
    '-genkeypair',
    '-alias',
    'ovoc',
    '-keyalg',
    'EC',
    '-groupname',
    'secp256r1',
    '-dname',
    'CN=java.example.com',
    '-validity',
    '30',
    '-keystore',
    'java.p12',
    ...store,
  );
});
afterAll(() => scratch.remove());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FormatError);
  return (error as FormatError).code;
}

describe('readPkcs12', () => {
  it.each([
    ['aes.p12', 'HMAC-SHA256 (2048 iterations)', 'PBES2 (PBKDF2 hmacWithSHA256, aes-256-cbc)'],
    ['3des.p12', 'HMAC-SHA1 (2048 iterations)', 'pbeWithSHAAnd3-KeyTripleDES-CBC'],
  ])(
    'reads OpenSSL %s: certificates in order, the key, and which key goes with which certificate',
    async (file, mac, encryption) => {
      const result = await readPkcs12(await scratch.read(file), {
        source: file,
        password: PFX_PASSWORD,
        includeKeys: true,
      });
      expect(result.mac).toBe(mac);
      expect(result.encryption).toEqual([encryption]);
      expect(result.certificates).toHaveLength(4);
      expect(result.certificates[0]?.der).toEqual(await derOf('own.crt'));
      expect(result.keyCount).toBe(1);
      const [key] = result.keys;
      expect(key?.key.description).toEqual({ type: 'ec', bits: 256, curve: 'P-256' });
      expect(key?.localKeyId).toBe(result.certificates[0]?.localKeyId);
      const own = result.certificates[0]?.der as Uint8Array;
      expect(await keyMatchesCertificate(key?.key as PrivateKey, own)).toBe(true);
    },
  );

  it.each(['aes.p12', 'nomac.p12'])(
    'reads %s re-encoded in BER (indefinite lengths, segmented OCTET STRINGs)',
    async (file) => {
      const ber = toIndefiniteBer(await scratch.read(file), 100);
      expect(ber[1]).toBe(0x80);
      const result = await readPkcs12(ber, { password: PFX_PASSWORD, includeKeys: true });
      expect(result.certificates).toHaveLength(4);
      expect(result.keys).toHaveLength(1);
    },
  );

  it('returns no keys unless asked, but counts them', async () => {
    const result = await readPkcs12(await scratch.read('aes.p12'), { password: PFX_PASSWORD });
    expect(result.keys).toEqual([]);
    expect(result.keyCount).toBe(1);
  });

  it('reads a file without a MAC', async () => {
    const result = await readPkcs12(await scratch.read('nomac.p12'), { password: PFX_PASSWORD, includeKeys: true });
    expect(result.mac).toBeUndefined();
    expect(result.certificates).toHaveLength(4);
    expect(result.keys).toHaveLength(1);
  });

  it('reads what Java 17 keytool writes: a key entry and a trusted-certificate store, with aliases', async () => {
    const keyStore = await readPkcs12(await scratch.read('java.p12'), { password: 'java-pass', includeKeys: true });
    expect(keyStore.certificates.map((certificate) => certificate.friendlyName)).toEqual(['ovoc']);
    expect(keyStore.keys.map((key) => key.friendlyName)).toEqual(['ovoc']);
    const trustStore = await readPkcs12(await scratch.read('trust.p12'), { password: 'java-pass' });
    expect(trustStore.keyCount).toBe(0);
    expect(trustStore.certificates.map((certificate) => certificate.friendlyName)).toEqual(['ca1']);
    expect(trustStore.certificates[0]?.der).toEqual(await derOf('cert2.pem'));
  });

  it.each(['aes.p12', '3des.p12'])(
    '%s: a wrong password → ERR_FORMAT_PKCS12_BAD_PASSWORD, naming the file',
    async (file) => {
      const promise = readPkcs12(await scratch.read(file), { source: file, password: 'wrong' });
      await expect(promise).rejects.toThrow(new RegExp(`^${file.replace('.', '\\.')}: wrong PKCS#12 password`));
      expect(await codeOf(readPkcs12(await scratch.read(file), { password: 'wrong' }))).toBe(
        'ERR_FORMAT_PKCS12_BAD_PASSWORD',
      );
    },
  );

  it('without a MAC, OpenSSL leaves certificates unencrypted: they read with any password, the key does not', async () => {
    const pfx = await scratch.read('nomac.p12');
    expect((await readPkcs12(pfx, { password: 'wrong' })).certificates).toHaveLength(4);
    expect(await codeOf(readPkcs12(pfx, { password: 'wrong', includeKeys: true }))).toBe(
      'ERR_FORMAT_PKCS12_BAD_PASSWORD',
    );
  });

  it('an altered file fails the MAC check', async () => {
    const altered = flipByte(await scratch.read('aes.p12'), 200);
    expect(await codeOf(readPkcs12(altered, { password: PFX_PASSWORD }))).toBe('ERR_FORMAT_PKCS12_BAD_PASSWORD');
  });

  it.each([
    ['rc2.p12', 'pbeWithSHAAnd40BitRC2-CBC'],
    ['rc4.p12', 'pbeWithSHAAnd128BitRC4'],
    ['rc2-key.p12', 'pbeWithSHAAnd128BitRC2-CBC'],
  ])('legacy %s (openssl -legacy) reads: the same certificates and key as the AES file', async (file, scheme) => {
    const modern = await readPkcs12(await scratch.read('aes.p12'), { password: PFX_PASSWORD, includeKeys: true });
    const legacy = await readPkcs12(await scratch.read(file), { password: PFX_PASSWORD, includeKeys: true });
    expect(legacy.encryption).toContain(scheme);
    expect(legacy.certificates.map((c) => Buffer.from(c.der).toString('hex'))).toEqual(
      modern.certificates.map((c) => Buffer.from(c.der).toString('hex')),
    );
    expect(legacy.keys).toHaveLength(1);
    const spki = (read: typeof modern) =>
      createPublicKey(read.keys[0]?.key.keyObject as KeyObject)
        .export({ type: 'spki', format: 'der' })
        .toString('hex');
    expect(spki(legacy)).toBe(spki(modern));
    expect(await codeOf(readPkcs12(await scratch.read(file), { password: 'wrong' }))).toBe(
      'ERR_FORMAT_PKCS12_BAD_PASSWORD',
    );
  });

  it('refuses an iteration count above maxIterations before deriving anything', async () => {
    const promise = readPkcs12(await scratch.read('aes.p12'), { password: PFX_PASSWORD, maxIterations: 1000 });
    expect(await codeOf(promise)).toBe('ERR_FORMAT_PKCS12_UNSUPPORTED');
  });

  it('password required, not PKCS#12, truncated', async () => {
    const pfx = await scratch.read('aes.p12');
    expect(await codeOf(readPkcs12(pfx))).toBe('ERR_FORMAT_PKCS12_PASSWORD_REQUIRED');
    expect(await codeOf(readPkcs12(await scratch.read('chain.p7b'), { password: 'x' }))).toBe('ERR_FORMAT_NOT_PKCS12');
    expect(await codeOf(readPkcs12(pfx.subarray(0, 500), { password: 'x' }))).toBe('ERR_FORMAT_TRUNCATED');
  });
});

async function derOf(pemFile: string): Promise<Uint8Array> {
  await scratch.openssl('x509', '-in', pemFile, '-outform', 'DER', '-out', `${pemFile}.der`);
  return scratch.read(`${pemFile}.der`);
}
