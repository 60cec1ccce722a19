import { createHash } from 'node:crypto';

/** SHA-256 of some bytes as colon-separated upper-case hex, the way OpenSSL prints fingerprints. */
export function sha256Colons(bytes: Uint8Array): string {
  return createHash('sha256')
    .update(bytes)
    .digest('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');
}
