/**
 * A tiny DER reader and writer for the structures core builds by hand (PKCS#8 encryption
 * parameters, PKCS#10 requests). Single-byte tags and definite lengths only; every length is
 * checked against the bytes actually present.
 */

export const TAG_BOOLEAN = 0x01;
export const TAG_INTEGER = 0x02;
export const TAG_BIT_STRING = 0x03;
export const TAG_OCTET_STRING = 0x04;
export const TAG_NULL = 0x05;
export const TAG_OID = 0x06;
export const TAG_UTF8_STRING = 0x0c;
export const TAG_PRINTABLE_STRING = 0x13;
export const TAG_IA5_STRING = 0x16;
export const TAG_SEQUENCE = 0x30;
export const TAG_SET = 0x31;

/** One DER element: its tag byte and content bytes (a view into the input, not a copy). */
export interface DerElement {
  tag: number;
  content: Uint8Array;
}

/** Malformed or unexpected DER. Internal: callers turn it into a typed Certwright error. */
export class DerError extends Error {
  override readonly name = 'DerError';
}

/** The one element that spans all of `bytes`; trailing bytes are an error. */
export function readElement(bytes: Uint8Array): DerElement {
  const { element, end } = readAt(bytes, 0);
  if (end !== bytes.byteLength) throw new DerError('trailing bytes after DER element');
  return element;
}

/** The elements inside a constructed element (SEQUENCE), in order. */
export function readChildren(parent: DerElement): DerElement[] {
  if ((parent.tag & 0x20) === 0) throw new DerError('expected a constructed element');
  const children: DerElement[] = [];
  let offset = 0;
  while (offset < parent.content.byteLength) {
    const { element, end } = readAt(parent.content, offset);
    children.push(element);
    offset = end;
  }
  return children;
}

/** The element's content, after checking its tag. */
export function expectTag(element: DerElement | undefined, tag: number): DerElement {
  if (element === undefined) throw new DerError(`missing element with tag 0x${tag.toString(16)}`);
  if (element.tag !== tag) {
    throw new DerError(`expected tag 0x${tag.toString(16)}, found 0x${element.tag.toString(16)}`);
  }
  return element;
}

/**
 * The most content bytes a counting INTEGER may have: versions, iteration counts, key lengths,
 * scrypt parameters and CRL numbers (RFC 5280: at most 20 octets) all fit with room to spare.
 */
export const MAX_INTEGER_BYTES = 32;
/** An OBJECT IDENTIFIER longer than this is refused (real ones are under 64 bytes). */
export const MAX_OID_BYTES = 256;
/** One arc of more than this many bytes is refused (a UUID arc under 2.25 takes 19). */
export const MAX_OID_ARC_BYTES = 20;

/**
 * A non-negative INTEGER's value. Large values stay large (bigint), so they compare honestly against
 * limits; longer than `maxBytes` is refused at once, before any arithmetic (linear time either way).
 */
export function readUnsignedInteger(element: DerElement | undefined, maxBytes = MAX_INTEGER_BYTES): bigint {
  const { content } = expectTag(element, TAG_INTEGER);
  if (content.byteLength === 0) throw new DerError('empty INTEGER');
  if (((content[0] as number) & 0x80) !== 0) throw new DerError('negative INTEGER');
  if (content.byteLength > maxBytes) {
    throw new DerError(`INTEGER of ${content.byteLength} bytes is longer than the ${maxBytes} allowed here`);
  }
  return BigInt(`0x${Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('hex')}`);
}

/**
 * An OBJECT IDENTIFIER in dotted form, e.g. `1.2.840.113549.1.5.13`. Linear in its length: arcs are
 * numbers while they fit and short bigints beyond; over-long OIDs and arcs are refused.
 */
export function readOid(element: DerElement | undefined): string {
  const { content } = expectTag(element, TAG_OID);
  if (content.byteLength === 0 || ((content[content.byteLength - 1] as number) & 0x80) !== 0) {
    throw new DerError('malformed OBJECT IDENTIFIER');
  }
  if (content.byteLength > MAX_OID_BYTES) {
    throw new DerError(`OBJECT IDENTIFIER of ${content.byteLength} bytes is longer than ${MAX_OID_BYTES}`);
  }
  const arcs: bigint[] = [];
  let start = 0;
  for (let end = 0; end < content.byteLength; end++) {
    if (((content[end] as number) & 0x80) !== 0) continue;
    if (end + 1 - start > MAX_OID_ARC_BYTES) {
      throw new DerError(`OBJECT IDENTIFIER arc of ${end + 1 - start} bytes is longer than ${MAX_OID_ARC_BYTES}`);
    }
    let arc = 0n;
    for (let i = start; i <= end; i++) arc = (arc << 7n) | BigInt((content[i] as number) & 0x7f);
    arcs.push(arc);
    start = end + 1;
  }
  const first = arcs[0] as bigint;
  const top = first < 80n ? first / 40n : 2n;
  return [top, first - top * 40n, ...arcs.slice(1)].join('.');
}

function readAt(bytes: Uint8Array, offset: number): { element: DerElement; end: number } {
  const tag = bytes[offset];
  if (tag === undefined) throw new DerError('truncated DER: missing tag');
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte DER tags are not supported');
  const { length, headerEnd } = readLength(bytes, offset + 1);
  const end = headerEnd + length;
  if (end > bytes.byteLength) throw new DerError('truncated DER: element is longer than its input');
  return { element: { tag, content: bytes.subarray(headerEnd, end) }, end };
}

function readLength(bytes: Uint8Array, offset: number): { length: number; headerEnd: number } {
  const first = bytes[offset];
  if (first === undefined) throw new DerError('truncated DER: missing length');
  if (first < 0x80) return { length: first, headerEnd: offset + 1 };
  const count = first & 0x7f;
  // 0x80 is BER's indefinite length; more than 4 length bytes cannot describe anything we accept.
  if (count === 0 || count > 4) throw new DerError('unsupported DER length');
  let length = 0;
  for (let i = 1; i <= count; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) throw new DerError('truncated DER: missing length bytes');
    length = length * 256 + byte;
  }
  return { length, headerEnd: offset + 1 + count };
}

/** A DER element with the given tag around the content. */
export function encodeElement(tag: number, content: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(tag), encodeLength(content.byteLength), content]);
}

/** A SEQUENCE of already-encoded elements. */
export function encodeSequence(...children: Uint8Array[]): Uint8Array {
  return encodeElement(TAG_SEQUENCE, concat(children));
}

/** An OCTET STRING. */
export function encodeOctetString(bytes: Uint8Array): Uint8Array {
  return encodeElement(TAG_OCTET_STRING, bytes);
}

/**
 * A SET OF already-encoded elements, in the order DER requires (X.690 §11.6: ascending as octet
 * strings, the shorter padded with zeros). `tag` replaces SET for an IMPLICIT tagging.
 */
export function encodeSetOf(children: readonly Uint8Array[], tag = TAG_SET): Uint8Array {
  return encodeElement(tag, concat([...children].sort(compareEncodings)));
}

function compareEncodings(a: Uint8Array, b: Uint8Array): number {
  const length = Math.max(a.byteLength, b.byteLength);
  for (let i = 0; i < length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

const textEncoder = new TextEncoder();

/** A string type (UTF8String, PrintableString, IA5String) holding the text as UTF-8. */
export function encodeString(tag: number, text: string): Uint8Array {
  return encodeElement(tag, textEncoder.encode(text));
}

/** A BOOLEAN (DER: TRUE is 0xFF). */
export function encodeBoolean(value: boolean): Uint8Array {
  return Uint8Array.of(TAG_BOOLEAN, 1, value ? 0xff : 0);
}

/** A BIT STRING of whole bytes, or with `unusedBits` (0–7) trailing bits of the last byte unused. */
export function encodeBitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  return encodeElement(TAG_BIT_STRING, concat([Uint8Array.of(unusedBits), bytes]));
}

/** NULL (the parameters of HMAC algorithm identifiers). */
export function encodeNull(): Uint8Array {
  return Uint8Array.of(TAG_NULL, 0);
}

/** A non-negative INTEGER, minimally encoded. */
export function encodeUnsignedInteger(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('INTEGER must be a non-negative safe integer');
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  // A leading 1 bit would make the value negative, and zero still needs one byte.
  if (bytes.length === 0 || (bytes[0] as number) >= 0x80) bytes.unshift(0);
  return encodeElement(TAG_INTEGER, Uint8Array.from(bytes));
}

/**
 * A non-negative INTEGER from its unsigned big-endian bytes (an ECDSA r or s), minimally encoded:
 * leading zero bytes dropped, one zero byte added when the top bit is set.
 */
export function encodeUnsignedIntegerBytes(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.byteLength - 1 && magnitude[start] === 0) start++;
  const digits = magnitude.subarray(start);
  const needsZero = digits.byteLength === 0 || ((digits[0] as number) & 0x80) !== 0;
  return encodeElement(TAG_INTEGER, needsZero ? concat([Uint8Array.of(0), digits]) : digits);
}

/** An OBJECT IDENTIFIER from its dotted form. */
export function encodeOid(dotted: string): Uint8Array {
  const [top = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes: number[] = [];
  for (const arc of [top * 40 + second, ...rest]) {
    const group = [arc % 128];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
      group.unshift((value % 128) | 0x80);
    }
    bytes.push(...group);
  }
  return encodeElement(TAG_OID, Uint8Array.from(bytes));
}

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
