/**
 * Certificate signature checks, on keys/signature-verify.ts. Public keys and results are cached per
 * certificate, because path search asks the same question about the same pair many times.
 */
import type { KeyObject } from 'node:crypto';
import { type AlgorithmIdentifier, publicKeyFromSpki, verifyWithKey } from '../keys/signature-verify.js';
import { spkiModulusBits } from '../keys/spki-jwk.js';
import type { ParsedCertificate } from '../x509/certificate.js';

const publicKeys = new WeakMap<ParsedCertificate, KeyObject | null>();
const modulusSizes = new WeakMap<ParsedCertificate, number | undefined>();

/** The certificate's public key as a KeyObject, or null when Node cannot read it. */
export function publicKeyOf(certificate: ParsedCertificate): KeyObject | null {
  let key = publicKeys.get(certificate);
  if (key === undefined) {
    key = publicKeyFromSpki(certificate.spki);
    publicKeys.set(certificate, key);
  }
  return key;
}

const verified = new WeakMap<ParsedCertificate, WeakMap<ParsedCertificate, boolean>>();

/** True when `issuer`'s key verifies `child`'s signature. Cached per pair. */
export function isSignedBy(child: ParsedCertificate, issuer: ParsedCertificate): boolean {
  let byIssuer = verified.get(child);
  if (byIssuer === undefined) {
    byIssuer = new WeakMap();
    verified.set(child, byIssuer);
  }
  let result = byIssuer.get(issuer);
  if (result === undefined) {
    result = verifySignature(child.tbs, child.signatureAlgorithm, child.signature, issuer);
    byIssuer.set(issuer, result);
  }
  return result;
}

/** Verifies `signature` over `data` with the issuer's key under the given algorithm (also used for CRLs). */
export function verifySignature(
  data: Uint8Array,
  algorithm: AlgorithmIdentifier,
  signature: Uint8Array,
  issuer: ParsedCertificate,
): boolean {
  return verifyWithKey(data, algorithm, signature, publicKeyOf(issuer));
}

/** The RSA or DSA modulus size in bits, or undefined for other key types (read from the SPKI, no key import). */
export function modulusBits(certificate: ParsedCertificate): number | undefined {
  if (modulusSizes.has(certificate)) return modulusSizes.get(certificate);
  const bits = spkiModulusBits(certificate.spki);
  modulusSizes.set(certificate, bits);
  return bits;
}
