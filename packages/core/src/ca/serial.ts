import type { webcrypto } from 'node:crypto';
import { InvalidArgumentError } from '../errors.js';
import { toHex } from '../lib/bytes.js';

/** Produces the bytes of a certificate serial number (big-endian, positive). */
export type SerialSource = () => Uint8Array;

/**
 * A serial number as hex for @peculiar/x509. By default 16 random bytes with the top bit cleared
 * (positive) and the next one set (so DER keeps all 16 bytes): 126 random bits, well above the
 * CA/Browser Forum's 64.
 *
 * @throws InvalidArgumentError when an injected source returns zero, or more than 20 octets once encoded.
 */
export function nextSerialHex(crypto: webcrypto.Crypto, source?: SerialSource): string {
  if (source === undefined) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[0] = ((bytes[0] as number) & 0x7f) | 0x40;
    return toHex(bytes);
  }
  const bytes = source();
  const firstNonZero = bytes.findIndex((byte) => byte !== 0);
  const significant = bytes.subarray(Math.max(firstNonZero, 0));
  // A high first bit needs a 0x00 in front to stay positive in DER.
  const encodedLength = significant.length + ((significant[0] ?? 0) >= 0x80 ? 1 : 0);
  if (firstNonZero < 0 || encodedLength > 20) {
    throw new InvalidArgumentError('serial must be a positive number of at most 20 octets (RFC 5280 §4.1.2.2)', {
      field: 'serial',
    });
  }
  return toHex(significant);
}
