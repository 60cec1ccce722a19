import { createPublicKey } from 'node:crypto';
import { encodePem } from '../asn1/pem.js';
import type { PrivateKey } from './types.js';

/**
 * The key's public half as SubjectPublicKeyInfo DER, the bytes a certificate or CSR carries.
 *
 * @example
 * const spki = exportPublicKeyDer(key);
 */
export function exportPublicKeyDer(key: PrivateKey): Uint8Array {
  return new Uint8Array(createPublicKey(key.keyObject).export({ format: 'der', type: 'spki' }));
}

/** The key's public half as PEM (`BEGIN PUBLIC KEY`). */
export function exportPublicKeyPem(key: PrivateKey): string {
  return encodePem('PUBLIC KEY', exportPublicKeyDer(key));
}
