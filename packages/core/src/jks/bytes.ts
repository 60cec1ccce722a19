/**
 * Big-endian byte reading and writing for the JKS format, as Java's DataInputStream and
 * DataOutputStream do it (including "modified UTF-8" strings with a u16 length).
 */

/** The input ended before a field it announced. Internal: the JKS reader turns it into a typed error. */
export class JksTruncatedError extends Error {
  override readonly name = 'JksTruncatedError';
}

/** A field that cannot be decoded (bad modified UTF-8). Internal, like JksTruncatedError. */
export class JksMalformedError extends Error {
  override readonly name = 'JksMalformedError';
}

/** Reads fields in order; every read is checked against the bytes actually present. */
export class JksByteReader {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}

  /** The next `length` bytes, as a view (not a copy). */
  take(length: number): Uint8Array {
    if (length > this.bytes.byteLength - this.offset) {
      throw new JksTruncatedError(`needs ${length} bytes at offset ${this.offset}`);
    }
    const view = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return view;
  }

  u16(): number {
    const [high = 0, low = 0] = this.take(2);
    return (high << 8) | low;
  }

  u32(): number {
    const view = this.take(4);
    return new DataView(view.buffer, view.byteOffset, 4).getUint32(0);
  }

  /** A Java long that holds milliseconds since the epoch. */
  u64(): bigint {
    const view = this.take(8);
    return new DataView(view.buffer, view.byteOffset, 8).getBigUint64(0);
  }

  /** A string written by Java's writeUTF. */
  utf(): string {
    return decodeModifiedUtf8(this.take(this.u16()));
  }
}

/** Collects fields and joins them at the end. */
export class JksByteWriter {
  private readonly parts: Uint8Array[] = [];

  bytes(bytes: Uint8Array): this {
    this.parts.push(bytes);
    return this;
  }

  u32(value: number): this {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, value);
    return this.bytes(out);
  }

  u64(value: bigint): this {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, value);
    return this.bytes(out);
  }

  /** A string as Java's writeUTF writes it: u16 byte length, then modified UTF-8. */
  utf(text: string): this {
    const encoded = encodeModifiedUtf8(text);
    if (encoded.byteLength > 0xffff) throw new RangeError('string longer than 65,535 bytes of modified UTF-8');
    return this.bytes(Uint8Array.of(encoded.byteLength >> 8, encoded.byteLength & 0xff)).bytes(encoded);
  }

  /** A u32 length, then the bytes. */
  lengthPrefixed(bytes: Uint8Array): this {
    return this.u32(bytes.byteLength).bytes(bytes);
  }

  toBytes(): Uint8Array {
    return concatBytes(this.parts);
  }
}

/** All parts, one after another, in a new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/**
 * Java's modified UTF-8: each UTF-16 code unit on its own (so a surrogate pair takes six bytes),
 * and U+0000 as two bytes so the result never contains a zero byte.
 */
export function encodeModifiedUtf8(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x01 && unit <= 0x7f) out.push(unit);
    else if (unit <= 0x7ff) out.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f));
    else out.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
  }
  return Uint8Array.from(out);
}

/** The inverse of encodeModifiedUtf8; rejects byte sequences Java's readUTF rejects. */
export function decodeModifiedUtf8(bytes: Uint8Array): string {
  const units: number[] = [];
  let i = 0;
  const continuation = (): number => {
    const byte = bytes[i++];
    if (byte === undefined || (byte & 0xc0) !== 0x80) throw new JksMalformedError('malformed modified UTF-8');
    return byte & 0x3f;
  };
  while (i < bytes.byteLength) {
    const first = bytes[i++] as number;
    if (first < 0x80) units.push(first);
    else if ((first & 0xe0) === 0xc0) units.push(((first & 0x1f) << 6) | continuation());
    else if ((first & 0xf0) === 0xe0) units.push(((first & 0x0f) << 12) | (continuation() << 6) | continuation());
    else throw new JksMalformedError('malformed modified UTF-8');
  }
  return String.fromCharCode(...units);
}

/** A password as Java turns a char[] into bytes for JKS: each UTF-16 code unit, big-endian. */
export function jksPasswordBytes(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2);
  for (let i = 0; i < password.length; i++) {
    const unit = password.charCodeAt(i);
    out[2 * i] = unit >> 8;
    out[2 * i + 1] = unit & 0xff;
  }
  return out;
}
