import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertKeyMatchesCertificate,
  exportPrivateKeyPem,
  exportPublicKeyDer,
  generateKey,
  keyMatchesCertificate,
  keyMatchesCsr,
  type PrivateKey,
  readPrivateKey,
} from '../src/index.js';
import { makeTempDir, openssl, type TempDir } from './keys-openssl.js';
import {
  encodeBitString,
  encodeElement,
  encodeNull,
  encodeSequence,
  readChildren,
  readElement,
} from '../src/asn1/der.js';

let dir: TempDir;
let keys: Record<'ec' | 'rsa' | 'ed25519' | 'other', PrivateKey>;
// Certificates and CSRs openssl made for each key, PEM and DER.
const files: Record<string, Uint8Array> = {};

beforeAll(async () => {
  dir = await makeTempDir();
  const [ec, rsa, ed25519, other] = await Promise.all([
    generateKey({ type: 'ec', curve: 'P-256' }),
    generateKey({ type: 'rsa', bits: 2048 }),
    generateKey({ type: 'ed25519' }),
    generateKey({ type: 'ec', curve: 'P-256' }),
  ]);
  keys = { ec, rsa, ed25519, other };
  await Promise.all(
    (['ec', 'rsa', 'ed25519'] as const).map(async (name) => {
      await dir.write(`${name}.key`, await exportPrivateKeyPem(keys[name]));
      const certificate = ['req', '-new', '-x509', '-key', `${name}.key`, '-subj', '/CN=x', '-days', '1'];
      const csr = ['req', '-new', '-key', `${name}.key`, '-subj', '/CN=x'];
      await Promise.all([
        openssl(dir.path, [...certificate, '-out', `${name}.crt`]),
        openssl(dir.path, [...certificate, '-outform', 'DER', '-out', `${name}.crt.der`]),
        openssl(dir.path, [...csr, '-out', `${name}.csr`]),
        openssl(dir.path, [...csr, '-outform', 'DER', '-out', `${name}.csr.der`]),
      ]);
      for (const suffix of ['crt', 'crt.der', 'csr', 'csr.der']) {
        files[`${name}.${suffix}`] = await dir.read(`${name}.${suffix}`);
      }
    }),
  );
});
afterAll(() => dir?.remove());

function file(name: string): Uint8Array {
  const bytes = files[name];
  if (!bytes) throw new Error(`no fixture ${name}`);
  return bytes;
}

describe.each(['ec', 'rsa', 'ed25519'] as const)('%s key', (name) => {
  it.each(['crt', 'crt.der'])('matches its own certificate (%s), not another key', async (suffix) => {
    expect(await keyMatchesCertificate(keys[name], file(`${name}.${suffix}`))).toBe(true);
    expect(await keyMatchesCertificate(keys.other, file(`${name}.${suffix}`))).toBe(false);
  });

  it.each(['csr', 'csr.der'])('matches its own CSR (%s), not another key', async (suffix) => {
    expect(await keyMatchesCsr(keys[name], file(`${name}.${suffix}`))).toBe(true);
    expect(await keyMatchesCsr(keys.other, file(`${name}.${suffix}`))).toBe(false);
  });

  it('accepts the certificate as text', async () => {
    const pem = Buffer.from(file(`${name}.crt`)).toString('utf8');
    expect(await keyMatchesCertificate(keys[name], pem)).toBe(true);
  });
});

describe('a key of another type', () => {
  it('does not match, and leaves nothing behind that breaks the next key read in this process', async () => {
    expect(await keyMatchesCertificate(keys.rsa, file('ec.crt'))).toBe(false);
    expect(await keyMatchesCertificate(keys.ec, file('rsa.crt'))).toBe(false);
    const pem = await exportPrivateKeyPem(keys.rsa);
    expect((await readPrivateKey(pem)).key.description).toEqual({ type: 'rsa', bits: 2048 });
  });
});

describe('assertKeyMatchesCertificate', () => {
  it('passes for the right key', async () => {
    await expect(assertKeyMatchesCertificate(keys.rsa, file('rsa.crt'))).resolves.toBeUndefined();
  });

  it('throws ERR_KEY_MISMATCH, naming the certificate, for another key', async () => {
    const attempt = assertKeyMatchesCertificate(keys.ec, file('rsa.crt'), { source: 'server.crt' });
    await expect(attempt).rejects.toMatchObject({ name: 'KeyError', code: 'ERR_KEY_MISMATCH', source: 'server.crt' });
    await expect(attempt).rejects.toThrow(/^server\.crt: /);
  });
});

describe('encodings of the same key', () => {
  it('an EC certificate with a compressed public point still matches', async () => {
    await openssl(dir.path, ['ec', '-in', 'ec.key', '-conv_form', 'compressed', '-out', 'ec-compressed.key']);
    await openssl(dir.path, ['req', '-new', '-x509', '-key', 'ec-compressed.key', '-subj', '/CN=x', '-out', 'c.crt']);
    await openssl(dir.path, ['x509', '-in', 'c.crt', '-noout', '-pubkey', '-out', 'c.pub']);
    // The SPKI bytes really differ (33-byte point instead of 65), so this exercises the key comparison.
    const certificateSpkiBytes = (await readPublicKeyDer('c.pub')).byteLength;
    expect(certificateSpkiBytes).toBeLessThan(exportPublicKeyDer(keys.ec).byteLength);
    expect(await keyMatchesCertificate(keys.ec, await dir.read('c.crt'))).toBe(true);
    expect(await keyMatchesCertificate(keys.other, await dir.read('c.crt'))).toBe(false);
  });

  it('a key read back from an encrypted file matches its certificate', async () => {
    const pem = await exportPrivateKeyPem(keys.ed25519, { passphrase: 'match test passphrase' });
    const { key } = await readPrivateKey(pem, { passphrase: 'match test passphrase' });
    expect(await keyMatchesCertificate(key, file('ed25519.crt'))).toBe(true);
  });
});

describe('input that is not a certificate or CSR', () => {
  it('text without PEM is ERR_FORMAT_NOT_PEM', async () => {
    const attempt = keyMatchesCertificate(keys.ec, 'no certificate here', { source: 'notes.txt' });
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_FORMAT_NOT_PEM', source: 'notes.txt' });
  });

  it('a CSR given as the certificate is ERR_FORMAT_UNEXPECTED_PEM_LABEL', async () => {
    const attempt = keyMatchesCertificate(keys.ec, file('ec.csr'), { source: 'ec.csr' });
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_FORMAT_UNEXPECTED_PEM_LABEL', source: 'ec.csr' });
  });

  it('bytes that are no certificate are ERR_CERT_INVALID; no CSR, ERR_CSR_INVALID', async () => {
    const junk = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]);
    const certificate = keyMatchesCertificate(keys.ec, junk, { source: 'junk.der' });
    await expect(certificate).rejects.toMatchObject({ code: 'ERR_CERT_INVALID', source: 'junk.der' });
    await expect(certificate).rejects.toThrow(/^junk\.der: /);
    const csr = keyMatchesCsr(keys.ec, file('ec.crt.der'), { source: 'cert-as-csr.der' });
    await expect(csr).rejects.toMatchObject({ code: 'ERR_CSR_INVALID', source: 'cert-as-csr.der' });
  });
});

describe('a public key over the size limits', () => {
  // An RSA key of 20,000 bits in place of the real one: parseCertificate and parseCsr refuse such a
  // key before Node reads it; the key comparison handed it to Node (it returned false).
  const rsaOid = encodeElement(0x06, Buffer.from('2a864886f70d010101', 'hex'));
  const modulus = encodeElement(0x02, Buffer.concat([Buffer.of(0), Buffer.alloc(2500, 0xc5)]));
  const hugeRsaKey = encodeSequence(
    encodeSequence(rsaOid, encodeNull()),
    encodeBitString(encodeSequence(modulus, encodeElement(0x02, Buffer.of(1, 0, 1)))),
  );

  it('in a certificate is ERR_CERT_INVALID, naming the limit', async () => {
    const certificate = withPublicKey(file('rsa.crt.der'), 6, hugeRsaKey);
    const attempt = keyMatchesCertificate(keys.rsa, certificate, { source: 'huge.crt' });
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_CERT_INVALID', source: 'huge.crt' });
    await expect(attempt).rejects.toThrow(
      /^huge\.crt: not a valid X\.509 certificate \(public key: RSA modulus of 20000 bits \(at most 16384\)\)$/,
    );
  });

  it('in a CSR is ERR_CSR_INVALID, naming the limit', async () => {
    const csr = withPublicKey(file('rsa.csr.der'), 2, hugeRsaKey);
    const attempt = keyMatchesCsr(keys.rsa, csr, { source: 'huge.csr' });
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_CSR_INVALID', source: 'huge.csr' });
    await expect(attempt).rejects.toThrow(/RSA modulus of 20000 bits/);
  });
});

/** A signed object (certificate or CSR) with field `index` of its to-be-signed part replaced by `spki`. */
function withPublicKey(signed: Uint8Array, index: number, spki: Uint8Array): Uint8Array {
  const encode = (element: { tag: number; content: Uint8Array }) => encodeElement(element.tag, element.content);
  const [body, algorithm, signature] = readChildren(readElement(signed));
  if (!body || !algorithm || !signature) throw new Error('not a signed object');
  const fields = readChildren(body).map(encode);
  fields[index] = spki;
  return encodeSequence(encodeSequence(...fields), encode(algorithm), encode(signature));
}

/** The DER in a `PUBLIC KEY` PEM file. */
async function readPublicKeyDer(name: string): Promise<Uint8Array> {
  const pem = await dir.readText(name);
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
}
