import { createHash, createPublicKey } from 'node:crypto';
import { DerError } from '../asn1/der.js';
import { describeKeyObject } from './describe.js';
import { spkiLimitProblem } from './spki-limits.js';
import type { KeyDescription, PrivateKey } from './types.js';
import { toHex } from '../lib/bytes.js';

/**
 * Type, size and curve of the key in SubjectPublicKeyInfo DER.
 * @throws DerError for a key over the size limits (spki-limits.ts), before Node reads it; the
 *   certificate and CSR readers turn it into their typed error, naming the file
 */
export function describeSpki(spkiDer: Uint8Array): KeyDescription {
  const problem = spkiLimitProblem(spkiDer);
  if (problem !== undefined) throw new DerError(`public key: ${problem}`);
  return describeKeyObject(createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' }));
}

/** The SubjectPublicKeyInfo DER of a private key's public half. */
export function spkiOf(key: PrivateKey): Uint8Array {
  return new Uint8Array(createPublicKey(key.keyObject).export({ format: 'der', type: 'spki' }));
}

/** SHA-256 over the bytes as `AB:CD:…`, the way `openssl … -fingerprint -sha256` prints it. */
export function sha256Fingerprint(der: Uint8Array): string {
  return toHex(new Uint8Array(createHash('sha256').update(der).digest()), 'colons');
}
