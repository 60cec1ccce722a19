import { createHash, createPublicKey } from 'node:crypto';
import { describeKeyObject } from './describe.js';
import type { KeyDescription, PrivateKey } from './types.js';
import { toHex } from '../lib/bytes.js';

/** Type, size and curve of the key in SubjectPublicKeyInfo DER. */
export function describeSpki(spkiDer: Uint8Array): KeyDescription {
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
