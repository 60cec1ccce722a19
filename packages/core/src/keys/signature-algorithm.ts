import type { HashAlgorithm } from './types.js';
import { encodeNull, encodeOid, encodeSequence } from '../asn1/der.js';
import {
  OID_ECDSA_WITH_SHA256,
  OID_ECDSA_WITH_SHA384,
  OID_ECDSA_WITH_SHA512,
  OID_ED25519,
  OID_SHA256_WITH_RSA_ENCRYPTION,
  OID_SHA384_WITH_RSA_ENCRYPTION,
  OID_SHA512_WITH_RSA_ENCRYPTION,
} from '../asn1/oids.js';

/** Signature algorithm OIDs with the names OpenSSL prints for them. */
const NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsaWithSHA1',
  '2.16.840.1.101.3.4.3.2': 'dsa_with_SHA256',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
};

/** OpenSSL's name for a signature algorithm OID, or the OID when it has none here. */
export function signatureAlgorithmName(oid: string): string {
  return NAMES[oid] ?? oid;
}

/** True for signatures over MD5 or SHA-1, which collisions make forgeable. */
export function isWeakSignatureAlgorithm(name: string): boolean {
  return /md5|sha1/i.test(name);
}

/** The kinds of key core signs with. */
export type SigningKeyType = 'rsa' | 'ec' | 'ed25519';

const RSA_OIDS: Record<HashAlgorithm, string> = {
  'SHA-256': OID_SHA256_WITH_RSA_ENCRYPTION,
  'SHA-384': OID_SHA384_WITH_RSA_ENCRYPTION,
  'SHA-512': OID_SHA512_WITH_RSA_ENCRYPTION,
};
const ECDSA_OIDS: Record<HashAlgorithm, string> = {
  'SHA-256': OID_ECDSA_WITH_SHA256,
  'SHA-384': OID_ECDSA_WITH_SHA384,
  'SHA-512': OID_ECDSA_WITH_SHA512,
};

/**
 * The DER AlgorithmIdentifier of a signature: NULL parameters for RSA (RFC 4055 §5), none for
 * ECDSA (RFC 5758 §3.2) and Ed25519 (RFC 8410 §3), whose hash is fixed.
 */
export function signatureAlgorithmIdentifier(keyType: SigningKeyType, hash: HashAlgorithm): Uint8Array {
  switch (keyType) {
    case 'rsa':
      return encodeSequence(encodeOid(RSA_OIDS[hash]), encodeNull());
    case 'ec':
      return encodeSequence(encodeOid(ECDSA_OIDS[hash]));
    case 'ed25519':
      return encodeSequence(encodeOid(OID_ED25519));
  }
}
