import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exportPrivateKeyDer,
  exportPrivateKeyPem,
  exportPublicKeyDer,
  exportPublicKeyPem,
  generateKey,
  type KeySpec,
  MIN_PBKDF2_ITERATIONS,
  type PrivateKey,
  readPrivateKey,
} from '../src/index.js';
import { asn1Summary, makeTempDir, openssl, type TempDir } from './keys-openssl.js';

const PASSPHRASE = 'correct horse battery staple';

const SPECS: Record<string, KeySpec> = {
  'rsa-2048': { type: 'rsa', bits: 2048 },
  'rsa-3072': { type: 'rsa', bits: 3072 },
  'rsa-4096': { type: 'rsa', bits: 4096 },
  'ec-p256': { type: 'ec', curve: 'P-256' },
  'ec-p384': { type: 'ec', curve: 'P-384' },
  'ec-p521': { type: 'ec', curve: 'P-521' },
  ed25519: { type: 'ed25519' },
};
const NAMES = Object.keys(SPECS);

let dir: TempDir;
const keys = new Map<string, PrivateKey>();

beforeAll(async () => {
  dir = await makeTempDir();
  await dir.write('pass.txt', PASSPHRASE);
  await dir.write('wrong.txt', 'not the passphrase');
  // Generated once for the whole file: RSA 4096 alone takes seconds.
  const generated = await Promise.all(NAMES.map((name) => generateKey(SPECS[name] as KeySpec)));
  for (const [index, name] of NAMES.entries()) keys.set(name, generated[index] as PrivateKey);
});
afterAll(() => dir?.remove());

function keyFor(name: string): PrivateKey {
  const key = keys.get(name);
  if (!key) throw new Error(`no key ${name}`);
  return key;
}

/** The public key openssl derives from a private key file, as SPKI DER. */
async function opensslPublicKey(file: string, extraArgs: string[] = []): Promise<Uint8Array> {
  const out = `${file}.pub.der`;
  await openssl(dir.path, ['pkey', '-in', file, ...extraArgs, '-pubout', '-outform', 'DER', '-out', out]);
  return dir.read(out);
}

// Concurrent: each test mostly waits on PBKDF2 (thread pool) and openssl (child processes).
describe.concurrent.each(NAMES)('%s key written by us, read by openssl', (name) => {
  it('plain PKCS#8 PEM', async () => {
    const pem = await exportPrivateKeyPem(keyFor(name));
    expect(pem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    await dir.write(`${name}.pem`, pem);
    await openssl(dir.path, ['pkey', '-in', `${name}.pem`, '-noout']);
    expect(await opensslPublicKey(`${name}.pem`)).toEqual(exportPublicKeyDer(keyFor(name)));
  });

  it('plain PKCS#8 DER', async () => {
    await dir.write(`${name}.der`, await exportPrivateKeyDer(keyFor(name)));
    const publicKey = await opensslPublicKey(`${name}.der`, ['-inform', 'DER']);
    expect(publicKey).toEqual(exportPublicKeyDer(keyFor(name)));
  });

  it('encrypted PKCS#8 PEM: openssl reads it with the passphrase; so do we', async () => {
    const pem = await exportPrivateKeyPem(keyFor(name), { passphrase: PASSPHRASE });
    expect(pem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----\n')).toBe(true);
    await dir.write(`${name}-enc.pem`, pem);
    const publicKey = await opensslPublicKey(`${name}-enc.pem`, ['-passin', 'file:pass.txt']);
    expect(publicKey).toEqual(exportPublicKeyDer(keyFor(name)));

    const read = await readPrivateKey(pem, { passphrase: PASSPHRASE });
    expect(read.format).toBe('encrypted-pkcs8');
    expect(read.key.description).toEqual(keyFor(name).description);
    expect(exportPublicKeyDer(read.key)).toEqual(exportPublicKeyDer(keyFor(name)));
  });

  it('public key PEM is what openssl derives', async () => {
    await dir.write(`${name}-pub-src.pem`, await exportPrivateKeyPem(keyFor(name)));
    const theirs = await openssl(dir.path, ['pkey', '-in', `${name}-pub-src.pem`, '-pubout']);
    expect(exportPublicKeyPem(keyFor(name))).toBe(theirs);
  });
});

describe('encryption parameters', () => {
  it('are PBES2, PBKDF2 with hmacWithSHA256, AES-256-CBC and at least 600,000 iterations by default', async () => {
    await dir.write('params.pem', await exportPrivateKeyPem(keyFor('ec-p256'), { passphrase: PASSPHRASE }));
    const { objects, integers } = await asn1Summary(dir.path, ['-in', 'params.pem']);
    expect(objects).toEqual(['PBES2', 'PBKDF2', 'hmacWithSHA256', 'aes-256-cbc']);
    // The only INTEGER in EncryptedPrivateKeyInfo is the iteration count.
    expect(integers).toEqual([MIN_PBKDF2_ITERATIONS]);
    expect(MIN_PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
  });

  it('make openssl fail with a wrong passphrase, and succeed with the right one', async () => {
    await dir.write('wrong-check.pem', await exportPrivateKeyPem(keyFor('rsa-2048'), { passphrase: PASSPHRASE }));
    const read = (passFile: string) =>
      openssl(dir.path, ['pkey', '-in', 'wrong-check.pem', '-passin', `file:${passFile}`, '-noout']);
    await expect(read('wrong.txt')).rejects.toThrow(/bad decrypt/);
    await expect(read('pass.txt')).resolves.toBe('');
  });

  it('use the iteration count asked for, and openssl honours it', async () => {
    const der = await exportPrivateKeyDer(keyFor('ec-p256'), { passphrase: PASSPHRASE, iterations: 700_001 });
    await dir.write('iter.der', der);
    const { integers } = await asn1Summary(dir.path, ['-inform', 'DER', '-in', 'iter.der']);
    expect(integers).toEqual([700_001]);
    const publicKey = await opensslPublicKey('iter.der', ['-inform', 'DER', '-passin', 'file:pass.txt']);
    expect(publicKey).toEqual(exportPublicKeyDer(keyFor('ec-p256')));
  });

  it('use a fresh 16-byte salt and IV every time', async () => {
    const key = keyFor('ec-p256');
    const [first, second] = await Promise.all([
      exportPrivateKeyDer(key, { passphrase: PASSPHRASE }),
      exportPrivateKeyDer(key, { passphrase: PASSPHRASE }),
    ]);
    await dir.write('salt.der', first as Uint8Array);
    const dump = await openssl(dir.path, ['asn1parse', '-inform', 'DER', '-in', 'salt.der']);
    const octetStrings = dump.split('\n').filter((line) => line.includes('prim: OCTET STRING'));
    // salt, IV, then the encrypted key
    const byteLengths = octetStrings.slice(0, 2).map((line) => (line.split(':').pop() ?? '').trim().length / 2);
    expect(byteLengths).toEqual([16, 16]);
    expect(Buffer.from(first as Uint8Array).equals(Buffer.from(second as Uint8Array))).toBe(false);
  });

  it('take a non-ASCII passphrase as UTF-8, as openssl reads it from a file', async () => {
    const passphrase = 'pässwörd – ключ';
    await dir.write('utf8-pass.txt', Buffer.from(passphrase, 'utf8'));
    await dir.write('utf8.pem', await exportPrivateKeyPem(keyFor('ed25519'), { passphrase }));
    const publicKey = await opensslPublicKey('utf8.pem', ['-passin', 'file:utf8-pass.txt']);
    expect(publicKey).toEqual(exportPublicKeyDer(keyFor('ed25519')));
  });

  it('take a passphrase given as bytes', async () => {
    const passphrase = new Uint8Array(Buffer.from(PASSPHRASE, 'utf8'));
    await dir.write('bytes.pem', await exportPrivateKeyPem(keyFor('ec-p384'), { passphrase }));
    const publicKey = await opensslPublicKey('bytes.pem', ['-passin', 'file:pass.txt']);
    expect(publicKey).toEqual(exportPublicKeyDer(keyFor('ec-p384')));
  });
});

describe('export arguments', () => {
  it.each([599_999, 1000, 600_000.5, Number.NaN, 2 ** 31])('refuses %s iterations', async (iterations) => {
    const attempt = exportPrivateKeyPem(keyFor('ec-p256'), { passphrase: PASSPHRASE, iterations });
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT', field: 'iterations' });
  });

  it('refuses an empty passphrase rather than encrypting with it', async () => {
    const attempt = exportPrivateKeyDer(keyFor('ec-p256'), { passphrase: '' });
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT', field: 'passphrase' });
  });
});
