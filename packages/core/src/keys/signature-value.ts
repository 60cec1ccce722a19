import type { webcrypto } from 'node:crypto';
import { toArrayBuffer } from '../lib/bytes.js';
import { encodeSequence, encodeUnsignedIntegerBytes } from '../asn1/der.js';
import type { SigningKeys } from './webcrypto-key.js';

/**
 * Signs the bytes through the WebCrypto provider and returns the signature as X.509 carries it in
 * its BIT STRING: RSA and Ed25519 as WebCrypto returns them, ECDSA converted to Ecdsa-Sig-Value.
 */
export async function x509SignatureValue(
  crypto: webcrypto.Crypto,
  keys: SigningKeys,
  toBeSigned: Uint8Array,
): Promise<Uint8Array> {
  const signature = new Uint8Array(
    await crypto.subtle.sign(keys.signingAlgorithm, keys.privateKey, toArrayBuffer(toBeSigned)),
  );
  return keys.signingAlgorithm.name === 'ECDSA' ? ecdsaSignatureToDer(signature) : signature;
}

/**
 * WebCrypto's ECDSA signature (r‖s, each as long as the curve order) as the DER
 * `SEQUENCE { r INTEGER, s INTEGER }` of RFC 5480 §2.2 / RFC 3279 §2.2.3.
 */
export function ecdsaSignatureToDer(raw: Uint8Array): Uint8Array {
  if (raw.byteLength === 0 || raw.byteLength % 2 !== 0) {
    throw new Error(`an ECDSA signature r||s has an even, non-zero length, not ${raw.byteLength}`);
  }
  const half = raw.byteLength / 2;
  return encodeSequence(
    encodeUnsignedIntegerBytes(raw.subarray(0, half)),
    encodeUnsignedIntegerBytes(raw.subarray(half)),
  );
}
