/** Byte helpers shared by the readers and writers. */

/** A view of any binary input as a Uint8Array, without copying. */
export function toBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

/** A standalone ArrayBuffer holding exactly these bytes (WebCrypto and asn1js want one). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Constant-time-enough equality for public values (fingerprints, SPKI); not for secrets. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lower-case hex, or colon-separated upper-case pairs as OpenSSL prints fingerprints. */
export function toHex(bytes: Uint8Array, style: 'plain' | 'colons' = 'plain'): string {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  if (style === 'plain') return hex;
  return hex.toUpperCase().replace(/(..)(?!$)/g, '$1:');
}
