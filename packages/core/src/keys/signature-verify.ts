/**
 * Verifying a signature with a SubjectPublicKeyInfo under an X.509 AlgorithmIdentifier, with
 * node:crypto (RSA PKCS#1 v1.5, RSA-PSS, ECDSA, DSA, Ed25519, Ed448): what certificates, CRLs,
 * CSRs and OCSP responses all need. Imported keys are cached by their SPKI bytes.
 */
import { constants, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { DerError, readOid } from '../asn1/der.js';
import { hexOf, readRaw, readRawChildren, readSmallInteger } from '../asn1/der-primitives.js';
import { BoundedCache } from '../lib/bounded-cache.js';
import { spkiToJwk } from './spki-jwk.js';
import { spkiLimitProblem } from './spki-limits.js';

/** An AlgorithmIdentifier: the OID and the DER of its parameters, if any. */
export interface AlgorithmIdentifier {
  oid: string;
  parameters: Uint8Array | undefined;
}

/** What a signature algorithm identifier means for verification. */
export interface SignatureScheme {
  family: 'rsa' | 'rsa-pss' | 'ecdsa' | 'dsa' | 'eddsa';
  /** Node's digest name; null for EdDSA, which hashes internally. */
  hash: string | null;
  saltLength?: number;
}

const HASH_OIDS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const SCHEMES: Record<string, SignatureScheme> = {
  '1.2.840.113549.1.1.4': { family: 'rsa', hash: 'md5' },
  '1.2.840.113549.1.1.5': { family: 'rsa', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { family: 'rsa', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { family: 'rsa', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { family: 'rsa', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { family: 'rsa', hash: 'sha512' },
  '1.2.840.10045.4.1': { family: 'ecdsa', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { family: 'ecdsa', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { family: 'ecdsa', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { family: 'ecdsa', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { family: 'ecdsa', hash: 'sha512' },
  '1.2.840.10040.4.3': { family: 'dsa', hash: 'sha1' },
  '2.16.840.1.101.3.4.3.1': { family: 'dsa', hash: 'sha224' },
  '2.16.840.1.101.3.4.3.2': { family: 'dsa', hash: 'sha256' },
  '1.3.101.112': { family: 'eddsa', hash: null },
  '1.3.101.113': { family: 'eddsa', hash: null },
};

const KEY_TYPES: Record<SignatureScheme['family'], readonly string[]> = {
  rsa: ['rsa'],
  'rsa-pss': ['rsa', 'rsa-pss'],
  ecdsa: ['ec'],
  dsa: ['dsa'],
  eddsa: ['ed25519', 'ed448'],
};

/** The scheme of an algorithm identifier, or undefined when we cannot verify it. */
export function signatureScheme(algorithm: AlgorithmIdentifier): SignatureScheme | undefined {
  if (algorithm.oid === '1.2.840.113549.1.1.10') return pssScheme(algorithm.parameters);
  return SCHEMES[algorithm.oid];
}

// RSASSA-PSS-params (RFC 4055): hash [0], mask generation [1], salt length [2]; defaults SHA-1 and 20.
function pssScheme(parameters: Uint8Array | undefined): SignatureScheme | undefined {
  if (parameters === undefined) return undefined;
  try {
    let hash = 'sha1';
    let saltLength = 20;
    for (const field of readRawChildren(readRaw(parameters))) {
      const [inner] = readRawChildren(field);
      if (inner === undefined) throw new DerError('empty PSS parameter');
      if (field.tag === 0xa0) hash = HASH_OIDS[readOid(readRawChildren(inner)[0])] ?? 'unknown';
      else if (field.tag === 0xa2) saltLength = readSmallInteger(inner);
    }
    if (hash === 'unknown') return undefined;
    return { family: 'rsa-pss', hash, saltLength };
  } catch {
    return undefined;
  }
}

const keysBySpki = new BoundedCache<string, KeyObject | null>(1024);

/** The public key of SPKI DER as a KeyObject, or null when Node cannot read it. Cached by the bytes. */
export function publicKeyFromSpki(spki: Uint8Array): KeyObject | null {
  const spkiHex = hexOf(spki);
  let key = keysBySpki.get(spkiHex);
  if (key === undefined) {
    try {
      key = importSpki(spki);
    } catch {
      key = null;
    }
    keysBySpki.set(spkiHex, key);
  }
  return key;
}

function importSpki(spki: Uint8Array): KeyObject {
  // A key over the size limits cannot verify anything in reasonable time: treated as unreadable.
  if (spkiLimitProblem(spki) !== undefined) throw new Error('public key over the size limits');
  const jwk = spkiToJwk(spki);
  if (jwk !== undefined) {
    try {
      return createPublicKey({ key: jwk, format: 'jwk' });
    } catch {
      // Not a key OpenSSL accepts as numbers (e.g. a point off the curve): let the DER decoder judge.
    }
  }
  return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
}

/** Verifies `signature` over `data` with `key` under the algorithm; false for any algorithm we cannot check. */
export function verifyWithKey(
  data: Uint8Array,
  algorithm: AlgorithmIdentifier,
  signature: Uint8Array,
  key: KeyObject | null,
): boolean {
  const scheme = signatureScheme(algorithm);
  if (scheme === undefined || key === null) return false;
  if (!KEY_TYPES[scheme.family].includes(key.asymmetricKeyType ?? '')) return false;
  try {
    if (scheme.family === 'rsa-pss') {
      const options = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.saltLength ?? 20 };
      return verify(scheme.hash, data, options, signature);
    }
    if (scheme.family === 'ecdsa' || scheme.family === 'dsa') {
      return verify(scheme.hash, data, { key, dsaEncoding: 'der' }, signature);
    }
    return verify(scheme.hash, data, key, signature);
  } catch {
    return false;
  }
}
