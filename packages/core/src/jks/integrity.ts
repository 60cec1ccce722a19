import { createHash, timingSafeEqual } from 'node:crypto';
import { jksPasswordBytes } from './bytes.js';

/** The SHA-1 digest that ends every JKS file. */
export const JKS_DIGEST_LENGTH = 20;

// Sun's fixed "whitener" string, hashed between the password and the store bytes.
const WHITENER = new TextEncoder().encode('Mighty Aphrodite');

/** SHA-1(password as UTF-16BE || "Mighty Aphrodite" || store bytes): the keyed integrity check. */
export function jksIntegrityDigest(password: string, storeBytes: Uint8Array): Uint8Array {
  const passwordBytes = jksPasswordBytes(password);
  try {
    return new Uint8Array(createHash('sha1').update(passwordBytes).update(WHITENER).update(storeBytes).digest());
  } finally {
    passwordBytes.fill(0);
  }
}

/** Whether a file's last 20 bytes are the digest of everything before them under this password. */
export function jksIntegrityMatches(password: string, file: Uint8Array): boolean {
  if (file.byteLength < JKS_DIGEST_LENGTH) return false;
  const end = file.byteLength - JKS_DIGEST_LENGTH;
  return timingSafeEqual(jksIntegrityDigest(password, file.subarray(0, end)), file.subarray(end));
}
