import type { HashAlgorithm, KeyDescription } from './types.js';

/** The hash that matches a signing key's strength: SHA-384 for P-384, SHA-512 for P-521, else SHA-256. */
export function hashForKey(key: KeyDescription): HashAlgorithm {
  if (key.curve === 'P-384') return 'SHA-384';
  if (key.curve === 'P-521') return 'SHA-512';
  return 'SHA-256';
}
