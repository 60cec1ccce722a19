/**
 * The outer layer of a signed X.509 object (certificate, CSR, CRL):
 * SEQUENCE { toBeSigned, AlgorithmIdentifier, BIT STRING }. Written from its DER parts; read by
 * walking headers only, so reading is cheap.
 */
import { encodeBitString, encodeSequence } from './der.js';

/** The signed object from its DER parts: the signature value goes into the BIT STRING whole. */
export function encodeSignedObject(
  toBeSigned: Uint8Array,
  algorithmIdentifier: Uint8Array,
  signatureValue: Uint8Array,
): Uint8Array {
  return encodeSequence(toBeSigned, algorithmIdentifier, encodeBitString(signatureValue));
}

interface Header {
  tag: number;
  /** Offset of the tag byte. */
  offset: number;
  /** Offset of the content. */
  start: number;
  /** Offset just past the content. */
  end: number;
}

function readHeader(bytes: Uint8Array, offset: number): Header {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined) throw new Error('truncated DER');
  let length = first;
  let start = offset + 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + i] ?? Number.NaN);
    start += count;
  }
  const end = start + length;
  if (!Number.isFinite(end) || end > bytes.length) throw new Error('truncated DER');
  return { tag, offset, start, end };
}

/** The dotted OID of the signature algorithm of a signed object. */
export function signatureAlgorithmOid(der: Uint8Array): string {
  const outer = readHeader(der, 0);
  const toBeSigned = readHeader(der, outer.start);
  const algorithm = readHeader(der, toBeSigned.end);
  const oid = readHeader(der, algorithm.start);
  if (algorithm.tag !== 0x30 || oid.tag !== 0x06) throw new Error('malformed AlgorithmIdentifier');
  return decodeOid(der.subarray(oid.start, oid.end));
}

// X.690 §8.19: base-128 arcs, the first byte(s) holding 40 × arc1 + arc2.
function decodeOid(content: Uint8Array): string {
  const arcs: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    }
  }
  if (arcs.length === 0 || (content.at(-1) as number) & 0x80) throw new Error('malformed OBJECT IDENTIFIER');
  const [first = 0, ...rest] = arcs;
  const root = Math.min(Math.floor(first / 40), 2);
  return [root, first - root * 40, ...rest].join('.');
}

/** The SubjectPublicKeyInfo DER of a PKCS#10 request: the third element of certificationRequestInfo. */
export function csrSpki(der: Uint8Array): Uint8Array {
  const outer = readHeader(der, 0);
  const info = readHeader(der, outer.start);
  const version = readHeader(der, info.start);
  const subject = readHeader(der, version.end);
  const spki = readHeader(der, subject.end);
  if (spki.tag !== 0x30) throw new Error('malformed CertificationRequestInfo');
  return der.slice(spki.offset, spki.end);
}
