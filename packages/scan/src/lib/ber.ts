// A minimal reader for the definite-length BER/DER this package meets on the wire: LDAP messages and
// the distinguished names of a TLS CertificateRequest. @certwright/core's DER reader is internal to it.

/** One tag-length-value element. */
export interface Tlv {
  tag: number;
  /** Offset of the first content byte. */
  start: number;
  /** Offset just past the element. */
  end: number;
}

/** Reads the element at `offset`; undefined when the bytes end before it does (wait for more). */
export function readTlv(bytes: Uint8Array, offset: number, limit = bytes.length): Tlv | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new Error('multi-byte tags are not supported');
  const first = bytes[offset + 1] as number;
  let length = first;
  let header = 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new Error('indefinite or oversized length');
    if (offset + 2 + count > limit) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[offset + 2 + i] as number);
    header += count;
  }
  const start = offset + header;
  if (start + length > limit) return undefined;
  return { tag, start, end: start + length };
}

/** Like readTlv, but a short input is an error. */
export function requireTlv(bytes: Uint8Array, offset: number, limit = bytes.length): Tlv {
  const tlv = readTlv(bytes, offset, limit);
  if (tlv === undefined) throw new Error('truncated BER element');
  return tlv;
}

/** The elements inside a constructed element, in order. */
export function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const items: Tlv[] = [];
  let offset = parent.start;
  while (offset < parent.end) {
    const item = requireTlv(bytes, offset, parent.end);
    items.push(item);
    offset = item.end;
  }
  return items;
}

/** A non-negative INTEGER or ENUMERATED value (small enough for a number). */
export function readSmallInteger(bytes: Uint8Array, tlv: Tlv): number {
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i++) value = value * 256 + (bytes[i] as number);
  return value;
}

/** A dotted OID from an OBJECT IDENTIFIER's content. */
export function readOid(bytes: Uint8Array, tlv: Tlv): string {
  const parts: number[] = [];
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i++) {
    const byte = bytes[i] as number;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** Encodes a definite length. */
export function encodeLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0x80 | bytes.length, ...bytes];
}

/** One element from a tag and its content. */
export function encodeTlv(tag: number, content: Uint8Array | readonly number[]): Uint8Array {
  const body = content instanceof Uint8Array ? content : Uint8Array.from(content);
  return Uint8Array.from([tag, ...encodeLength(body.length), ...body]);
}
