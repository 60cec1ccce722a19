import type { KeyObject } from 'node:crypto';

/** RSA modulus sizes Certwright generates. */
export type RsaBits = 2048 | 3072 | 4096;
/** Named curves Certwright generates. */
export type EcCurve = 'P-256' | 'P-384' | 'P-521';

/** What kind of key to generate. */
export type KeySpec = { type: 'rsa'; bits: RsaBits } | { type: 'ec'; curve: EcCurve } | { type: 'ed25519' };

/** What a key is, as read from its bytes (which may be kinds Certwright does not generate). */
export interface KeyDescription {
  type: 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'ed448' | 'dsa';
  /** Modulus size for RSA/DSA, field size for EC, 256/456 for Ed25519/Ed448. */
  bits: number;
  /** NIST name (`P-256`, …) of an EC key's curve. */
  curve?: string;
}

/**
 * A private key held in memory. `keyObject` is Node's native key handle; key material
 * leaves it only through the explicit export functions.
 */
export interface PrivateKey {
  readonly keyObject: KeyObject;
  readonly description: KeyDescription;
}

/** Hash algorithms for signatures (Ed25519 ignores it). */
export type HashAlgorithm = 'SHA-256' | 'SHA-384' | 'SHA-512';
