import { decodeSinglePem } from './pem.js';

/**
 * DER bytes from PEM text, PEM bytes or raw DER. Bytes that hold no PEM BEGIN line are taken as DER,
 * so binary garbage reaches the DER parser (and its typed error) instead of the PEM one.
 */
export function readPemOrDer(input: string | Uint8Array, labels: readonly string[], source?: string): Uint8Array {
  if (typeof input !== 'string' && !containsPemBegin(input)) return input.slice();
  return decodeSinglePem(input, labels, source).der;
}

function containsPemBegin(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('-----BEGIN ');
}

/** True when the bytes are one DER SEQUENCE with nothing before or after it. */
export function isSingleDerSequence(der: Uint8Array): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false;
  const first = der[1] as number;
  if (first < 0x80) return der.length === 2 + first;
  const lengthBytes = first & 0x7f;
  if (lengthBytes === 0 || lengthBytes > 4 || der.length < 2 + lengthBytes) return false;
  let length = 0;
  for (let i = 0; i < lengthBytes; i++) length = length * 256 + (der[2 + i] as number);
  return der.length === 2 + lengthBytes + length;
}
