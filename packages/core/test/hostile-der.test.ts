// Issue 16 item 1 and 2: INTEGER and OBJECT IDENTIFIER decoding is linear and capped, and every
// certificate entry point walks the DER under the size, depth and element limits first. Behaviour
// only: the shapes that took seconds (or aborted Node) are refused with a short typed error.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPrivateKey, sign } from 'node:crypto';
import { DerError, encodeElement, readChildren, readElement, readOid, readUnsignedInteger } from '../src/asn1/der.js';
import {
  CertwrightError,
  createPkcs12TrustStore,
  parseCertificate,
  parseCsr,
  readCertificates,
  readPkcs12,
  readPrivateKey,
  validateChain,
} from '../src/index.js';

function tlv(tag: number, content: Uint8Array): Buffer {
  const length = content.length;
  const header =
    length < 0x80 ? [tag, length] : [tag, 0x80 | Math.ceil(Math.log2(length + 1) / 8), ...lengthBytes(length)];
  return Buffer.concat([Buffer.from(header), content]);
}
function lengthBytes(length: number): number[] {
  const out: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) out.unshift(rest % 256);
  return out;
}
const seq = (...children: Uint8Array[]) => tlv(0x30, Buffer.concat(children));

/** The shape: an OID arc of n bytes (0x81 … 0x81 0x01), as a PKCS#7 content type would carry it. */
function longOid(n: number): Buffer {
  const arc = Buffer.alloc(n, 0x81);
  arc[n - 1] = 0x01;
  return tlv(0x06, Buffer.concat([Buffer.from([0x2a]), arc]));
}
const longInteger = (n: number) => tlv(0x02, Buffer.concat([Buffer.from([0x7f]), Buffer.alloc(n - 1, 0xff)]));

async function failure(run: () => unknown): Promise<CertwrightError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof CertwrightError) return error;
    throw new Error(`untyped error: ${String(error)}`);
  }
  throw new Error('accepted');
}

/** The outer header, its first child and the remaining children of a DER SEQUENCE. */
function splitFirstChild(der: Buffer): [Buffer, Buffer, Buffer] {
  const headerLength = der[1] < 0x80 ? 2 : 2 + (der[1] & 0x7f);
  const childLength = 2 + (der[headerLength + 1] as number);
  return [
    der.subarray(0, headerLength),
    der.subarray(headerLength, headerLength + childLength),
    der.subarray(headerLength + childLength),
  ];
}

function certificateDer(): Buffer {
  const pem = readFileSync(
    new URL('../../../test-vectors/chains/rsa-two-intermediates/root.crt', import.meta.url),
    'utf8',
  );
  return Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
}

function expectShortOneLine(error: Error): void {
  expect(error.message.length).toBeLessThan(300);
  expect(error.message).not.toMatch(/[\r\n]/);
}

describe('readOid and readUnsignedInteger', () => {
  it('decode ordinary and long-but-legitimate values exactly', () => {
    expect(
      readOid({ tag: 0x06, content: Uint8Array.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d]) }),
    ).toBe('1.2.840.113549.1.5.13');
    // 2.25.<UUID>: one 128-bit arc, 19 bytes.
    const uuid = 0xf81d4fae7dec11d0a76500a0c91e6bf6n;
    const arcBytes: number[] = [];
    for (let rest = uuid; rest > 0n; rest >>= 7n) arcBytes.unshift(Number(rest & 0x7fn) | (arcBytes.length ? 0x80 : 0));
    expect(readOid({ tag: 0x06, content: Uint8Array.from([0x69, ...arcBytes]) })).toBe(`2.25.${uuid}`);
    expect(readUnsignedInteger({ tag: 0x02, content: Uint8Array.from([0x00, 0x80]) })).toBe(128n);
    expect(readUnsignedInteger({ tag: 0x02, content: Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0]) })).toBe(2n ** 64n);
  });

  it('refuse an over-long OID or arc, and an over-long INTEGER, with a short message', () => {
    for (const run of [
      () => readOid({ tag: 0x06, content: longOid(200_000).subarray(4) }),
      () => readOid({ tag: 0x06, content: longOid(30).subarray(2) }),
      () => readUnsignedInteger({ tag: 0x02, content: longInteger(1_000_000).subarray(5) }),
    ]) {
      expect(run).toThrow(DerError);
      try {
        run();
      } catch (error) {
        expectShortOneLine(error as Error);
      }
    }
  });
});

describe('hostile numbers in containers are refused before any password is used', () => {
  it('a PKCS#7 content type with a 200 KB OID arc', async () => {
    const p7 = seq(longOid(200_000), tlv(0xa0, seq()));
    const error = await failure(() => readCertificates(p7, { source: 'big.p7b' }));
    expectShortOneLine(error);
  });

  it('a PKCS#12 version of 200 KB, before the MAC is checked', async () => {
    const store = Buffer.from(
      await createPkcs12TrustStore({ certificates: [{ der: certificateDer() }], password: 'x' }),
    );
    // The file is SEQUENCE { INTEGER 3, authSafe, macData }: swap the version for a 200 KB INTEGER.
    const [, version, rest] = splitFirstChild(store);
    expect(version.toString('hex')).toBe('020103');
    const pfx = seq(longInteger(200_000), rest);
    const error = await failure(() => readPkcs12(pfx, { source: 'big.p12', password: 'x' }));
    expectShortOneLine(error);
  });

  it('a PBKDF2 iteration count of 200 KB, before the passphrase is asked', async () => {
    const oid = (hex: string) => tlv(0x06, Buffer.from(hex, 'hex'));
    const pbkdf2 = seq(oid('2a864886f70d01050c'), seq(tlv(0x04, Buffer.alloc(8)), longInteger(200_000)));
    const scheme = seq(
      oid('2a864886f70d01050d'),
      seq(pbkdf2, seq(oid('608648016503040102'), tlv(0x04, Buffer.alloc(16)))),
    );
    const encrypted = seq(scheme, tlv(0x04, Buffer.alloc(32)));
    let asked = false;
    const error = await failure(() =>
      readPrivateKey(encrypted, {
        source: 'big.key',
        passphrase: async () => {
          asked = true;
          return 'x';
        },
      }),
    );
    expect(asked).toBe(false);
    expectShortOneLine(error);
  });
});

describe('certificate entry points walk the limits first', () => {
  const deep = (levels: number) => {
    let inner: Buffer = tlv(0x05, Buffer.alloc(0));
    for (let i = 0; i < levels; i++) inner = seq(inner);
    return inner;
  };
  const many = (count: number) => seq(Buffer.alloc(count * 2, 0).fill(Buffer.from([0x05, 0x00])));

  it('parseCertificate: over 16 MiB, nested too deep, too many elements', async () => {
    expect(
      (await failure(() => parseCertificate(Buffer.alloc(17 * 1024 * 1024, 0x30), { source: 'a.crt' }))).code,
    ).toBe('ERR_FORMAT_TOO_LARGE');
    expect((await failure(() => parseCertificate(deep(100), { source: 'b.crt' }))).code).toBe(
      'ERR_FORMAT_LIMIT_EXCEEDED',
    );
    expect((await failure(() => parseCertificate(many(600_000), { source: 'c.crt' }))).code).toBe(
      'ERR_FORMAT_LIMIT_EXCEEDED',
    );
  });

  it('parseCsr: over 16 MiB, nested too deep, too many elements', async () => {
    expect((await failure(() => parseCsr(Buffer.alloc(17 * 1024 * 1024, 0x30), { source: 'a.csr' }))).code).toBe(
      'ERR_FORMAT_TOO_LARGE',
    );
    expect((await failure(() => parseCsr(deep(100), { source: 'b.csr' }))).code).toBe('ERR_FORMAT_LIMIT_EXCEEDED');
    expect((await failure(() => parseCsr(many(600_000), { source: 'c.csr' }))).code).toBe('ERR_FORMAT_LIMIT_EXCEEDED');
  });

  it('validateChain: a leaf over a limit is ERR_CHAIN_MALFORMED naming the input', async () => {
    for (const leaf of [Buffer.alloc(17 * 1024 * 1024, 0x30), deep(100), many(600_000)]) {
      const error = await failure(() => validateChain({ leaf, trustAnchors: [] }));
      expect(error.code).toBe('ERR_CHAIN_MALFORMED');
      expect(error.message).toMatch(/^leaf: .*(16 MiB|deeper than 64|500000 ASN\.1 elements)/);
    }
  });
});

describe('CRLs walk the limits first', () => {
  const vector = (path: string) => readFileSync(new URL(`../../../test-vectors/${path}`, import.meta.url), 'utf8');
  const fromPem = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const dir = 'chains-options/leaf-revoked/';
  const encoded = (element: { tag: number; content: Uint8Array }) => encodeElement(element.tag, element.content);

  /** ca2's CRL again, listing `count` other serials, signed by ca2's test key: a well-formed, valid CRL. */
  function bigCrl(count: number): Uint8Array {
    const [tbs] = readChildren(readElement(fromPem(vector(`${dir}ca2.crl`))));
    const fields = readChildren(tbs as { tag: number; content: Uint8Array }).map(encoded);
    const entry = (i: number) =>
      seq(
        tlv(0x02, Buffer.from([0x10, (i >> 16) & 255, (i >> 8) & 255, i & 255])),
        tlv(0x17, Buffer.from('300101000000Z')),
      );
    const revoked = tlv(0x30, Buffer.concat(Array.from({ length: count }, (_, i) => entry(i))));
    // version, signature, issuer, thisUpdate, nextUpdate, [revokedCertificates], extensions
    const newTbs = seq(...fields.slice(0, 5), revoked, ...fields.slice(fields[5]?.[0] === 0x30 ? 6 : 5));
    const signature = sign('sha256', newTbs, createPrivateKey(vector('keys/test-rsa-2048-ca2.key')));
    const algorithm = seq(tlv(0x06, Buffer.from('2a864886f70d01010b', 'hex')), tlv(0x05, Buffer.alloc(0)));
    return seq(newTbs, algorithm, tlv(0x03, Buffer.concat([Buffer.of(0), signature])));
  }

  function validate(crl: Uint8Array) {
    return validateChain({
      leaf: fromPem(vector(`${dir}server.crt`)),
      intermediates: [fromPem(vector(`${dir}ca1.crt`)), fromPem(vector(`${dir}ca2.crt`))],
      trustAnchors: [fromPem(vector(`${dir}root.crt`))],
      crls: [fromPem(vector(`${dir}root.crl`)), fromPem(vector(`${dir}ca1.crl`)), crl],
      at: new Date('2030-06-01T00:00:00Z'),
      purpose: 'server',
      hostname: 'ovoc.example.com',
    });
  }

  it('a signed CRL within the limits is read; one of 300,000 entries (900,000 elements) is refused before parsing', () => {
    expect(validate(bigCrl(1000)).valid).toBe(true);
    const refused = validate(bigCrl(300_000));
    expect(refused.valid).toBe(false);
    expect(refused.problems.map((problem) => problem.code)).toContain('ERR_CHAIN_CRL_INVALID');
  });
});
