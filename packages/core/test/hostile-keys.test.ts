// Issue 16 items 3 and 5: key bytes are checked before Node's decoder sees them (a malformed key
// aborted the process), whatever Node still rejects is a typed error, and PKCS#12 key bags are read
// plain or shrouded, under the file's iteration cap, with typed errors.
import { createCipheriv, createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeElement, encodeOid, encodeSequence } from '../src/asn1/der.js';
import { CertwrightError, readPkcs12, readPrivateKey } from '../src/index.js';
import { makeTempDir, openssl, type TempDir } from './keys-openssl.js';

/** The reproducer: a P-256 PKCS#8 key whose ECPrivateKey holds a 33-byte scalar. */
const P256_33_BYTE_SCALAR = Buffer.from(
  'MEICAQAwEwYHKoZIzj0CAQYIKoZIzj0DAQcEKDAmAgEBBCERERERERERERERERERERERERERERERERERERERERERERE=',
  'base64',
);

const P256_OID = '1.2.840.10045.3.1.7';
const CURVES = [
  {
    name: 'P-256',
    oid: '1.2.840.10045.3.1.7',
    bytes: 32,
    order: 'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551',
  },
  {
    name: 'P-384',
    oid: '1.3.132.0.34',
    bytes: 48,
    order: 'ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
  },
  {
    name: 'P-521',
    oid: '1.3.132.0.35',
    bytes: 66,
    order:
      '01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
  },
];

const integer = (hex: string) => {
  const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  return encodeElement(0x02, (bytes[0] as number) & 0x80 ? Buffer.concat([Buffer.of(0), bytes]) : bytes);
};
const octets = (bytes: Uint8Array) => encodeElement(0x04, bytes);

/** PKCS#8 for an EC scalar (`hex`, padded to `length` bytes) on a curve, optionally with a stored point. */
function ecPkcs8(curveOid: string, scalarHex: string, length: number, point?: Uint8Array): Uint8Array {
  const scalar = Buffer.from(scalarHex.padStart(length * 2, '0'), 'hex');
  const fields = [integer('01'), octets(scalar)];
  if (point) fields.push(encodeElement(0xa1, encodeElement(0x03, Buffer.concat([Buffer.of(0), point]))));
  const algorithm = encodeSequence(encodeOid('1.2.840.10045.2.1'), encodeOid(curveOid));
  return encodeSequence(integer('00'), algorithm, octets(encodeSequence(...fields)));
}

async function failure(run: () => Promise<unknown>): Promise<CertwrightError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof CertwrightError) return error;
    throw new Error(`untyped error: ${String(error)}`);
  }
  throw new Error('accepted');
}

describe('EC keys', () => {
  it("the issue's 68-byte P-256 key with a 33-byte scalar is ERR_KEY_INVALID (it aborted Node)", async () => {
    expect(P256_33_BYTE_SCALAR.length).toBe(68);
    const error = await failure(() => readPrivateKey(P256_33_BYTE_SCALAR, { source: 'tiny.key' }));
    expect(error.code).toBe('ERR_KEY_INVALID');
    expect(error.message).toMatch(/^tiny\.key: .*33 bytes/);
  });

  it.each(CURVES)('$name: scalar n − 1 reads, n and 0 are refused (the group order is right)', async (curve) => {
    const order = BigInt(`0x${curve.order}`);
    const largest = await readPrivateKey(ecPkcs8(curve.oid, (order - 1n).toString(16), curve.bytes));
    expect(largest.key.description).toMatchObject({ type: 'ec', curve: curve.name });
    for (const scalar of [order, 0n]) {
      const error = await failure(() => readPrivateKey(ecPkcs8(curve.oid, scalar.toString(16), curve.bytes)));
      expect(error.code).toBe('ERR_KEY_INVALID');
    }
  });

  it('a stored public key that is not the scalar times G is ERR_KEY_INVALID; the right one reads', async () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = key.privateKey.export({ format: 'jwk' });
    const d = Buffer.from(jwk.d as string, 'base64url').toString('hex');
    const point = (x: string, y: string) =>
      Buffer.concat([Buffer.of(4), Buffer.from(x, 'base64url'), Buffer.from(y, 'base64url')]);
    const right = point(jwk.x as string, jwk.y as string);
    expect((await readPrivateKey(ecPkcs8(P256_OID, d, 32, right))).key.description.curve).toBe('P-256');
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
    const wrong = point(other.x as string, other.y as string);
    const error = await failure(() => readPrivateKey(ecPkcs8(P256_OID, d, 32, wrong), { source: 'swapped.key' }));
    expect(error.code).toBe('ERR_KEY_INVALID');
    expect(error.message).toMatch(/stored public key does not match/);
  });
});

describe('RSA, EdDSA and other algorithms', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const hex = (field: string | undefined) => Buffer.from(field as string, 'base64url').toString('hex');
  const rsaPkcs1 = (overrides: Record<string, string> = {}) => {
    const fields: Record<string, string> = {
      n: hex(rsa.n),
      e: hex(rsa.e),
      d: hex(rsa.d),
      p: hex(rsa.p),
      q: hex(rsa.q),
      dp: hex(rsa.dp),
      dq: hex(rsa.dq),
      qi: hex(rsa.qi),
      ...overrides,
    };
    return encodeSequence(
      integer('00'),
      ...['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'].map((name) => integer(fields[name] as string)),
    );
  };
  const rsaPem = (der: Uint8Array) =>
    `-----BEGIN RSA PRIVATE KEY-----\n${Buffer.from(der).toString('base64')}\n-----END RSA PRIVATE KEY-----\n`;

  it('a consistent RSA key reads; wrong CRT values, primes that do not multiply to n, or a 17,000-bit modulus do not', async () => {
    expect((await readPrivateKey(rsaPem(rsaPkcs1()))).key.description).toMatchObject({ type: 'rsa', bits: 2048 });
    const wrongDp = (BigInt(`0x${hex(rsa.dp)}`) + 2n).toString(16);
    const cases: [Record<string, string>, string][] = [
      [{ dp: wrongDp }, 'ERR_KEY_INVALID'],
      [{ q: hex(rsa.p) }, 'ERR_KEY_INVALID'],
      [{ e: '02' }, 'ERR_KEY_INVALID'],
      [{ n: `7${'f'.repeat(4250)}` }, 'ERR_KEY_UNSUPPORTED'],
    ];
    for (const [override, code] of cases) {
      const error = await failure(() => readPrivateKey(rsaPem(rsaPkcs1(override)), { source: 'rsa.key' }));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(/^rsa\.key: /);
    }
  });

  it('an Ed25519 key of 33 bytes is ERR_KEY_INVALID; an unknown algorithm is ERR_KEY_UNSUPPORTED before Node', async () => {
    const ed = (length: number) =>
      encodeSequence(integer('00'), encodeSequence(encodeOid('1.3.101.112')), octets(octets(Buffer.alloc(length, 7))));
    expect((await readPrivateKey(ed(32))).key.description.type).toBe('ed25519');
    expect((await failure(() => readPrivateKey(ed(33)))).code).toBe('ERR_KEY_INVALID');
    const sm2 = encodeSequence(
      integer('00'),
      encodeSequence(encodeOid('1.2.156.10197.1.301')),
      octets(Buffer.alloc(8)),
    );
    expect((await failure(() => readPrivateKey(sm2))).code).toBe('ERR_KEY_UNSUPPORTED');
  });
});

describe('keys decrypted before they are checked', () => {
  it('legacy encrypted PEM (decrypted by Node) holding the 68-byte key is ERR_KEY_INVALID, not an abort', async () => {
    // `Proc-Type: 4,ENCRYPTED` as OpenSSL writes it: EVP_BytesToKey(MD5, one round), AES-128-CBC.
    const iv = Buffer.alloc(16, 9);
    const passphrase = 'pw';
    const key = createHash('md5').update(passphrase).update(iv.subarray(0, 8)).digest();
    const cipher = createCipheriv('aes-128-cbc', key, iv);
    // SEC 1 needs the curve inside: the same 33-byte scalar, with [0] naming P-256.
    const sec1 = encodeSequence(
      integer('01'),
      octets(Buffer.alloc(33, 0x11)),
      encodeElement(0xa0, encodeOid(P256_OID)),
    );
    const body = Buffer.concat([cipher.update(sec1), cipher.final()]).toString('base64');
    const pem = `-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${iv.toString('hex').toUpperCase()}\n\n${body}\n-----END EC PRIVATE KEY-----\n`;
    const error = await failure(() => readPrivateKey(pem, { source: 'legacy.key', passphrase }));
    expect(error.code).toBe('ERR_KEY_INVALID');
  });
});

describe('PKCS#12 key bags', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await makeTempDir('certwright-hostile-p12-');
    await openssl(dir.path, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'k.pem']);
    await openssl(dir.path, [
      'req',
      '-new',
      '-x509',
      '-key',
      'k.pem',
      '-subj',
      '/CN=bag',
      '-days',
      '1',
      '-out',
      'c.pem',
    ]);
  });
  afterAll(() => dir.remove());

  it('an unencrypted key bag (openssl pkcs12 -keypbe NONE) is read (it was an internal error)', async () => {
    const args = ['pkcs12', '-export', '-keypbe', 'NONE', '-certpbe', 'NONE', '-inkey', 'k.pem', '-in', 'c.pem'];
    await openssl(dir.path, [...args, '-passout', 'pass:x', '-out', 'plain.p12']);
    const result = await readPkcs12(await dir.read('plain.p12'), {
      password: 'x',
      includeKeys: true,
      source: 'plain.p12',
    });
    expect(result.keys).toHaveLength(1);
    expect(result.keys[0]?.key.description.curve).toBe('P-256');
    const expected = createPrivateKey(await dir.readText('k.pem')).export({ format: 'jwk' }).d;
    expect(result.keys[0]?.key.keyObject.export({ format: 'jwk' }).d).toBe(expected);
  });

  it('a shrouded key bag over the iteration cap is ERR_FORMAT_PKCS12_UNSUPPORTED (it was accepted)', async () => {
    const args = ['pkcs12', '-export', '-certpbe', 'NONE', '-iter', '1000001', '-inkey', 'k.pem', '-in', 'c.pem'];
    await openssl(dir.path, [...args, '-passout', 'pass:x', '-out', 'costly.p12']);
    const bytes = await dir.read('costly.p12');
    const error = await failure(() => readPkcs12(bytes, { password: 'x', includeKeys: true, source: 'costly.p12' }));
    expect(error.code).toBe('ERR_FORMAT_PKCS12_UNSUPPORTED');
    expect(error.message).toMatch(/^costly\.p12: /);
  });
});
