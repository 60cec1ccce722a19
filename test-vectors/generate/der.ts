/**
 * Just enough DER for the generator: walk the outer layer of signed objects (certificates, CSRs)
 * and encode the few structures core deliberately refuses to build (e.g. a three-letter country).
 */

export interface Element {
  tag: number;
  /** Offset of the tag byte. */
  offset: number;
  /** Offset of the content. */
  start: number;
  /** Offset just past the content. */
  end: number;
}

/** Reads the element whose tag byte is at `offset`. */
export function readElement(bytes: Uint8Array, offset: number): Element {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined) throw new Error('truncated DER');
  let length = first;
  let start = offset + 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + i] ?? Number.NaN);
    start += count;
  }
  const end = start + length;
  if (!Number.isFinite(end) || end > bytes.length) throw new Error('truncated DER');
  return { tag, offset, start, end };
}

/** The three parts of a signed object: SEQUENCE { toBeSigned, signatureAlgorithm, signature }. */
export function signedParts(der: Uint8Array): { toBeSigned: Uint8Array; algorithm: Uint8Array; signature: Uint8Array } {
  const outer = readElement(der, 0);
  const toBeSigned = readElement(der, outer.start);
  const algorithm = readElement(der, toBeSigned.end);
  const signature = readElement(der, algorithm.end);
  const slice = (element: Element) => der.subarray(element.offset, element.end);
  return { toBeSigned: slice(toBeSigned), algorithm: slice(algorithm), signature: slice(signature) };
}

// ecdsa-with-SHA* OIDs all start 1.2.840.10045.4.3.
const ECDSA_OID_PREFIX = Uint8Array.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03]);

/** ECDSA signatures are randomized, so two correct runs of the generator differ in them. */
export function isEcdsaSigned(der: Uint8Array): boolean {
  const { algorithm } = signedParts(der);
  const oid = algorithm.subarray(2, 2 + ECDSA_OID_PREFIX.length);
  return Buffer.from(oid).equals(ECDSA_OID_PREFIX);
}

/** A copy with the signature's last byte flipped: same signed content, signature no longer valid. */
export function corruptSignature(der: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(der);
  const last = copy.length - 1;
  copy[last] = (copy[last] ?? 0) ^ 0xff;
  return copy;
}

/** Encodes one element from its tag and content parts. */
export function encode(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(content);
  return Buffer.concat([Uint8Array.of(tag), encodeLength(body.length), body]);
}

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

export const sequence = (...content: Uint8Array[]) => encode(0x30, ...content);
export const set = (...content: Uint8Array[]) => encode(0x31, ...content);
export const printableString = (text: string) => encode(0x13, Buffer.from(text, 'latin1'));
export const utf8String = (text: string) => encode(0x0c, Buffer.from(text, 'utf8'));
export const octetString = (content: Uint8Array) => encode(0x04, content);
export const bitString = (content: Uint8Array) => encode(0x03, Uint8Array.of(0), content);
export const nullValue = () => Uint8Array.of(0x05, 0x00);
export const smallInteger = (value: number) => encode(0x02, Uint8Array.of(value));
/** Context-specific tag `[n]`, constructed (explicit or a constructed implicit type). */
export const contextConstructed = (n: number, ...content: Uint8Array[]) => encode(0xa0 | n, ...content);
/** Context-specific tag `[n]`, primitive (an implicitly tagged string such as a dNSName). */
export const contextPrimitive = (n: number, text: string) => encode(0x80 | n, Buffer.from(text, 'latin1'));

/** Encodes a dotted object identifier. */
export function objectIdentifier(dotted: string): Uint8Array {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const groups: number[] = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128))
      groups.unshift((value & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return encode(0x06, Uint8Array.from(bytes));
}
