import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPrivateKeyPem, exportPublicKeyDer, generateKey, readPrivateKey } from '../src/index.js';
import { decodeEncryptedPrivateKeyInfo } from '../src/keys/pbes2.js';
import { makeTempDir, openssl, type TempDir } from './keys-openssl.js';

const PASSPHRASE = 'correct horse battery staple';

let dir: TempDir;
// The plain key most encrypted forms below are made from, and its public key as openssl derives it.
let expectedSpki: Uint8Array;

beforeAll(async () => {
  dir = await makeTempDir();
  await dir.write('pass.txt', PASSPHRASE);
  await openssl(dir.path, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ec.pem']);
  // Fixtures several tests share, all made from ec.pem except the RSA one.
  await Promise.all([
    openssl(dir.path, ['pkey', '-in', 'ec.pem', '-pubout', '-outform', 'DER', '-out', 'ec.spki.der']),
    topk8('pbes2.pem', ['-v2', 'aes-256-cbc']),
    topk8('scrypt.pem', ['-scrypt']),
    topk8('pbes1.pem', ['-v1', 'PBE-SHA1-3DES']),
    opensslFile('legacy-ec.pem', ['ec', '-in', 'ec.pem', '-aes256', '-passout', 'file:pass.txt']),
    opensslFile('rsa-traditional.pem', ['genrsa', '-traditional', '2048']),
  ]);
  expectedSpki = await dir.read('ec.spki.der');
});
afterAll(() => dir?.remove());

/** Runs an openssl command writing to `-out name` (put first: genrsa wants its bit count last), then reads it. */
async function opensslFile(name: string, [command = '', ...args]: string[]): Promise<Uint8Array> {
  await openssl(dir.path, [command, '-out', name, ...args]);
  return dir.read(name);
}

/** Encrypts ec.pem as PKCS#8 with the given `openssl pkcs8 -topk8` options. */
function topk8(name: string, args: string[]): Promise<Uint8Array> {
  return opensslFile(name, ['pkcs8', '-topk8', '-in', 'ec.pem', '-passout', 'file:pass.txt', ...args]);
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}

/** The DER inside a single-block PEM. */
function pemBody(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
}

describe('keys written by openssl', () => {
  it('genpkey PKCS#8 PEM, RSA and Ed25519', async () => {
    const rsa = await opensslFile('rsa.pem', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
    const ed = await opensslFile('ed.pem', ['genpkey', '-algorithm', 'ED25519']);
    const readRsa = await readPrivateKey(rsa);
    expect(readRsa).toMatchObject({ encoding: 'pem', format: 'pkcs8', warnings: [] });
    expect(readRsa.key.description).toEqual({ type: 'rsa', bits: 2048 });
    expect((await readPrivateKey(ed)).key.description).toEqual({ type: 'ed25519', bits: 256 });
  });

  it('genpkey PKCS#8 PEM, EC, as text and as bytes', async () => {
    const bytes = await dir.read('ec.pem');
    for (const input of [bytes, Buffer.from(bytes).toString('utf8')]) {
      const read = await readPrivateKey(input);
      expect(read).toMatchObject({ encoding: 'pem', format: 'pkcs8', warnings: [] });
      expect(read.key.description).toEqual({ type: 'ec', bits: 256, curve: 'P-256' });
      expect(exportPublicKeyDer(read.key)).toEqual(expectedSpki);
    }
  });

  it('genpkey encrypted PKCS#8 (-aes-256-cbc)', async () => {
    const args = ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-aes-256-cbc'];
    const pem = await opensslFile('enc384.pem', [...args, '-pass', 'file:pass.txt']);
    await openssl(dir.path, [
      'pkey',
      '-in',
      'enc384.pem',
      '-passin',
      'file:pass.txt',
      '-pubout',
      '-outform',
      'DER',
      '-out',
      'enc384.spki',
    ]);
    const read = await readPrivateKey(pem, { passphrase: PASSPHRASE });
    expect(read).toMatchObject({ encoding: 'pem', format: 'encrypted-pkcs8', warnings: [] });
    expect(exportPublicKeyDer(read.key)).toEqual(await dir.read('enc384.spki'));
  });

  const ciphers = ['aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc'] as const;
  const prfs = ['hmacWithSHA1', 'hmacWithSHA224', 'hmacWithSHA256', 'hmacWithSHA384', 'hmacWithSHA512'];
  const combinations = ciphers.flatMap((cipher) => prfs.map((prf) => [cipher, prf] as const));
  it.each(combinations)('PBES2 %s with %s, decrypted by core itself', async (cipher, prf) => {
    const pem = await topk8(`${cipher}-${prf}.pem`, ['-v2', cipher, '-v2prf', prf]);
    const der = pemBody(text(pem));
    // Proves the in-house path handles it (not the fallback to Node's decoder).
    const { pbes2 } = decodeEncryptedPrivateKeyInfo(der).scheme;
    expect(pbes2?.cipher).toBe(cipher);
    expect(pbes2?.digest).toBe(prf.replace('hmacWith', '').toLowerCase());
    const read = await readPrivateKey(pem, { passphrase: PASSPHRASE });
    expect(read.format).toBe('encrypted-pkcs8');
    expect(exportPublicKeyDer(read.key)).toEqual(expectedSpki);
  });

  it.each([
    ['scrypt', 'scrypt.pem'],
    ['PBES1 (PKCS#12 PBE-SHA1-3DES)', 'pbes1.pem'],
  ])('%s, decrypted by Node', async (_name, file) => {
    const pem = await dir.read(file);
    expect(decodeEncryptedPrivateKeyInfo(pemBody(text(pem))).scheme.pbes2).toBeUndefined();
    const read = await readPrivateKey(pem, { passphrase: PASSPHRASE });
    expect(read.format).toBe('encrypted-pkcs8');
    expect(exportPublicKeyDer(read.key)).toEqual(expectedSpki);
  });

  it('genrsa -traditional -aes256: legacy encrypted PEM, with the weak-encryption warning', async () => {
    const args = ['genrsa', '-traditional', '-aes256', '-passout', 'file:pass.txt', '2048'];
    const pem = await opensslFile('legacy-rsa.pem', args);
    expect(text(pem)).toContain('Proc-Type: 4,ENCRYPTED');
    const read = await readPrivateKey(pem, { passphrase: PASSPHRASE });
    expect(read).toMatchObject({ encoding: 'pem', format: 'legacy-encrypted' });
    expect(read.key.description).toEqual({ type: 'rsa', bits: 2048 });
    expect(read.warnings.map((warning) => warning.code)).toEqual(['WARN_KEY_LEGACY_ENCRYPTION']);
    expect(read.warnings[0]?.message).toMatch(/MD5/);
  });

  it('genrsa -traditional: legacy RSA PRIVATE KEY', async () => {
    const pem = await dir.read('rsa-traditional.pem');
    expect(text(pem)).toContain('BEGIN RSA PRIVATE KEY');
    expect(await readPrivateKey(pem)).toMatchObject({ encoding: 'pem', format: 'legacy', warnings: [] });
  });

  it('ecparam -genkey: EC PRIVATE KEY, with or without an EC PARAMETERS block before it', async () => {
    for (const extra of [['-noout'], []]) {
      const pem = await opensslFile('ecparam.pem', ['ecparam', '-genkey', '-name', 'prime256v1', ...extra]);
      expect(text(pem)).toContain('BEGIN EC PRIVATE KEY');
      const read = await readPrivateKey(pem);
      expect(read).toMatchObject({ encoding: 'pem', format: 'legacy', warnings: [] });
      expect(read.key.description.curve).toBe('P-256');
    }
  });

  it('ec -aes256: legacy encrypted EC PRIVATE KEY (what openssl 3 writes for `ec` without -traditional)', async () => {
    const pem = await dir.read('legacy-ec.pem');
    expect(text(pem)).toMatch(/BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED/);
    const read = await readPrivateKey(pem, { passphrase: PASSPHRASE });
    expect(read.format).toBe('legacy-encrypted');
    expect(read.warnings.map((warning) => warning.code)).toEqual(['WARN_KEY_LEGACY_ENCRYPTION']);
    expect(exportPublicKeyDer(read.key)).toEqual(expectedSpki);
  });

  it.each([
    ['PKCS#8', ['pkcs8', '-topk8', '-nocrypt', '-in', 'ec.pem', '-outform', 'DER'], 'pkcs8'],
    [
      'encrypted PKCS#8',
      ['pkcs8', '-topk8', '-in', 'ec.pem', '-outform', 'DER', '-passout', 'file:pass.txt'],
      'encrypted-pkcs8',
    ],
    ['SEC 1', ['ec', '-in', 'ec.pem', '-outform', 'DER'], 'legacy'],
  ])('%s DER', async (_name, args, format) => {
    const der = await opensslFile(`der-${format}.der`, args);
    const read = await readPrivateKey(der, { passphrase: PASSPHRASE });
    expect(read).toMatchObject({ encoding: 'der', format, warnings: [] });
    expect(exportPublicKeyDer(read.key)).toEqual(expectedSpki);
  });

  it('PKCS#1 DER', async () => {
    const der = await opensslFile('pkcs1.der', [
      'rsa',
      '-in',
      'rsa-traditional.pem',
      '-traditional',
      '-outform',
      'DER',
    ]);
    const read = await readPrivateKey(der);
    expect(read).toMatchObject({ encoding: 'der', format: 'legacy' });
    expect(read.key.description).toEqual({ type: 'rsa', bits: 2048 });
  });

  it('PEM with a BOM, CRLF line endings and text around it', async () => {
    const pem = (await dir.readText('scrypt.pem')).replace(/\n/g, '\r\n');
    const messy = `\uFEFFBag Attributes: whatever\r\nsubject=/CN=x\r\n${pem}\r\ntrailing notes\r\n`;
    const read = await readPrivateKey(Buffer.from(messy, 'utf8'), { passphrase: PASSPHRASE });
    expect(exportPublicKeyDer(read.key)).toEqual(expectedSpki);
    const legacy = (await dir.readText('legacy-ec.pem')).replace(/\n/g, '\r\n');
    const readLegacy = await readPrivateKey(`\uFEFFnotes\r\n${legacy}`, { passphrase: PASSPHRASE });
    expect(exportPublicKeyDer(readLegacy.key)).toEqual(expectedSpki);
  });
});

describe('passphrases', () => {
  it('asks the callback only when the key is encrypted, once, and accepts bytes from it', async () => {
    let calls = 0;
    const passphrase = async () => {
      calls++;
      return new Uint8Array(Buffer.from(PASSPHRASE, 'utf8'));
    };
    await readPrivateKey(await dir.read('ec.pem'), { passphrase });
    expect(calls).toBe(0);
    await readPrivateKey(await dir.read('pbes2.pem'), { passphrase });
    expect(calls).toBe(1);
    await readPrivateKey(await dir.read('legacy-ec.pem'), { passphrase });
    expect(calls).toBe(2);
  });

  it.each([
    ['PBES2, decrypted by core', 'pbes2.pem'],
    ['scrypt, decrypted by Node', 'scrypt.pem'],
    ['legacy PEM', 'legacy-ec.pem'],
  ])('a wrong passphrase (%s) is ERR_KEY_BAD_PASSPHRASE, and the message does not contain it', async (_name, file) => {
    const attempt = readPrivateKey(await dir.read(file), { passphrase: 'hunter2-wrong', source: file });
    await expect(attempt).rejects.toMatchObject({ name: 'KeyError', code: 'ERR_KEY_BAD_PASSPHRASE', source: file });
    const { message } = (await attempt.catch((caught: unknown) => caught)) as Error;
    expect(message.startsWith(`${file}: `)).toBe(true);
    expect(message).not.toContain('hunter2');
  });

  it.each(['pbes2.pem', 'legacy-ec.pem'])('no passphrase for %s is ERR_KEY_PASSPHRASE_REQUIRED', async (file) => {
    const attempt = readPrivateKey(await dir.read(file), { source: file });
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_KEY_PASSPHRASE_REQUIRED', source: file });
    await expect(attempt).rejects.toThrow(new RegExp(`^${file}: `));
  });

  it('damaged ciphertext with the right passphrase is ERR_KEY_BAD_PASSPHRASE', async () => {
    const pem = await exportPrivateKeyPem(await generateKey({ type: 'ed25519' }), { passphrase: PASSPHRASE });
    const der = pemBody(pem);
    der[der.length - 20] = (der[der.length - 20] as number) ^ 0xff;
    const attempt = readPrivateKey(der, { passphrase: PASSPHRASE });
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_KEY_BAD_PASSPHRASE' });
  });
});

describe('work limits', () => {
  it('refuses more PBKDF2 iterations than maxIterations before asking for the passphrase', async () => {
    const pem = await topk8('iter5000.pem', ['-iter', '5000']);
    let asked = false;
    const passphrase = async () => {
      asked = true;
      return PASSPHRASE;
    };
    const attempt = readPrivateKey(pem, { passphrase, maxIterations: 4999, source: 'iter5000.pem' });
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_KEY_ENCRYPTION_UNSUPPORTED', source: 'iter5000.pem' });
    await expect(attempt).rejects.toThrow(/^iter5000\.pem: .*5000 iterations/);
    expect(asked).toBe(false);
    expect((await readPrivateKey(pem, { passphrase, maxIterations: 5000 })).format).toBe('encrypted-pkcs8');
  });

  it('refuses a key core encrypted (600,000 iterations) when the limit is lower', async () => {
    const pem = await exportPrivateKeyPem(await generateKey({ type: 'ed25519' }), { passphrase: PASSPHRASE });
    const attempt = readPrivateKey(pem, { passphrase: PASSPHRASE, maxIterations: 599_999 });
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_KEY_ENCRYPTION_UNSUPPORTED' });
  });

  it.each([
    ['scrypt N·r·p', 'scrypt.pem', 16384 * 8 * 1],
    ['PBES1 iterations', 'pbes1.pem', 2048],
  ])('bounds %s too, for the schemes Node decrypts', async (_name, file, cost) => {
    const pem = await dir.read(file);
    const attempt = readPrivateKey(pem, { passphrase: PASSPHRASE, maxIterations: cost - 1 });
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_KEY_ENCRYPTION_UNSUPPORTED' });
    expect((await readPrivateKey(pem, { passphrase: PASSPHRASE, maxIterations: cost })).format).toBe('encrypted-pkcs8');
  });

  it.each([0, 1.5, 2 ** 31])('refuses maxIterations %s', async (maxIterations) => {
    const attempt = readPrivateKey(await dir.read('ec.pem'), { maxIterations });
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT', field: 'maxIterations' });
  });
});

describe('input that is not a usable key', () => {
  let certificatePem: Uint8Array;
  let certificateDer: Uint8Array;
  beforeAll(async () => {
    const args = ['req', '-new', '-x509', '-key', 'ec.pem', '-subj', '/CN=x', '-days', '1'];
    certificatePem = await opensslFile('cert.pem', args);
    certificateDer = await opensslFile('cert.der', [...args, '-outform', 'DER']);
  });

  it('a certificate PEM is ERR_FORMAT_UNEXPECTED_PEM_LABEL', async () => {
    const attempt = readPrivateKey(certificatePem, { source: 'cert.pem' });
    await expect(attempt).rejects.toMatchObject({ name: 'FormatError', code: 'ERR_FORMAT_UNEXPECTED_PEM_LABEL' });
    await expect(attempt).rejects.toThrow(/^cert\.pem: /);
  });

  it('a certificate DER is ERR_KEY_INVALID', async () => {
    const attempt = readPrivateKey(certificateDer, { source: 'cert.der' });
    await expect(attempt).rejects.toMatchObject({ name: 'KeyError', code: 'ERR_KEY_INVALID', source: 'cert.der' });
    await expect(attempt).rejects.toThrow(/^cert\.der: /);
  });

  it('random text is ERR_FORMAT_NOT_PEM; random bytes are ERR_KEY_INVALID', async () => {
    const text = readPrivateKey('this is not a key, just some words', { source: 'notes.txt' });
    await expect(text).rejects.toMatchObject({ code: 'ERR_FORMAT_NOT_PEM', source: 'notes.txt' });
    await expect(text).rejects.toThrow(/^notes\.txt: /);
    const bytes = readPrivateKey(new Uint8Array(randomBytes(512)), { source: 'noise.bin' });
    await expect(bytes).rejects.toMatchObject({ code: 'ERR_KEY_INVALID', source: 'noise.bin' });
    await expect(bytes).rejects.toThrow(/^noise\.bin: /);
  });

  it('truncated DER is ERR_KEY_INVALID, plain or encrypted', async () => {
    for (const file of ['der-pkcs8.der', 'der-encrypted-pkcs8.der']) {
      const der = await dir.read(file);
      const attempt = readPrivateKey(der.subarray(0, der.length - 10), { passphrase: PASSPHRASE, source: file });
      await expect(attempt).rejects.toMatchObject({ code: 'ERR_KEY_INVALID', source: file });
    }
  });

  it('a PEM label that lies about its contents is ERR_KEY_INVALID', async () => {
    const body = Buffer.from(certificateDer).toString('base64');
    const plain = readPrivateKey(`-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`);
    await expect(plain).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' });
    const plainKey = Buffer.from(await dir.read('der-pkcs8.der')).toString('base64');
    const encrypted = `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${plainKey}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
    await expect(readPrivateKey(encrypted, { passphrase: PASSPHRASE })).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
    });
  });

  it('more than 16 MiB of DER is ERR_FORMAT_TOO_LARGE', async () => {
    const attempt = readPrivateKey(new Uint8Array(16 * 1024 * 1024 + 1), { source: 'huge.der' });
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_FORMAT_TOO_LARGE', source: 'huge.der' });
  });

  it.each([
    ['EC secp256k1', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1']],
    ['X25519', ['genpkey', '-algorithm', 'X25519']],
  ])('a %s key is ERR_KEY_UNSUPPORTED', async (name, args) => {
    const pem = await opensslFile(`unsupported-${name.replace(/\W/g, '')}.pem`, args);
    const attempt = readPrivateKey(pem, { source: 'odd.pem' });
    await expect(attempt).rejects.toMatchObject({ name: 'KeyError', code: 'ERR_KEY_UNSUPPORTED', source: 'odd.pem' });
    await expect(attempt).rejects.toThrow(/^odd\.pem: /);
  });

  it('encryption OpenSSL 3 only has in its legacy provider is ERR_KEY_ENCRYPTION_UNSUPPORTED', async () => {
    const legacyProvider = ['-provider', 'legacy', '-provider', 'default'];
    const pbes1 = await topk8('pbes1-des.pem', ['-v1', 'PBE-MD5-DES', ...legacyProvider]);
    const pem = await opensslFile('legacy-des.pem', [
      'ec',
      '-in',
      'ec.pem',
      '-des',
      '-passout',
      'file:pass.txt',
      ...legacyProvider,
    ]);
    expect(text(pem)).toContain('DEK-Info: DES-CBC');
    for (const input of [pbes1, pem]) {
      const attempt = readPrivateKey(input, { passphrase: PASSPHRASE, source: 'old.pem' });
      await expect(attempt).rejects.toMatchObject({ code: 'ERR_KEY_ENCRYPTION_UNSUPPORTED', source: 'old.pem' });
    }
  });
});
