import type { KeyObject, webcrypto } from 'node:crypto';
import type { HashAlgorithm, PrivateKey } from './types.js';
import { KeyError } from '../errors.js';
import { toArrayBuffer } from '../lib/bytes.js';
import { signatureAlgorithmIdentifier } from './signature-algorithm.js';

/** The WebCrypto-compatible provider core uses unless the caller injects another. */
export function defaultCrypto(): webcrypto.Crypto {
  return globalThis.crypto as webcrypto.Crypto;
}

/** A WebCrypto signing key pair for a Certwright key, and the algorithm to sign with. */
export interface SigningKeys {
  privateKey: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
  /** The algorithm object @peculiar/x509 generators take as `signingAlgorithm`. */
  signingAlgorithm: webcrypto.Algorithm | webcrypto.RsaHashedImportParams | webcrypto.EcdsaParams;
  /** The same algorithm as an X.509 AlgorithmIdentifier (DER), for objects core signs itself. */
  algorithmIdentifier: Uint8Array;
  /** The public key's SubjectPublicKeyInfo DER, as Node exports it. */
  spki: Uint8Array;
}

/**
 * Imports a key into a WebCrypto provider for signing with the given hash.
 * Node key objects cross the boundary as PKCS#8/SPKI DER bytes, never as objects.
 */
export async function toSigningKeys(
  key: PrivateKey,
  hash: HashAlgorithm,
  crypto: webcrypto.Crypto = defaultCrypto(),
): Promise<SigningKeys> {
  const { importParams, signingAlgorithm, algorithmIdentifier } = algorithmsFor(key, hash);
  const pkcs8 = exportDer(key.keyObject, 'pkcs8');
  const { createPublicKey } = await import('node:crypto');
  const spki = exportDer(createPublicKey(key.keyObject), 'spki');
  const privateKey = await crypto.subtle.importKey('pkcs8', toArrayBuffer(pkcs8), importParams, false, ['sign']);
  const publicKey = await crypto.subtle.importKey('spki', toArrayBuffer(spki), importParams, true, ['verify']);
  return { privateKey, publicKey, signingAlgorithm, algorithmIdentifier, spki };
}

function exportDer(key: KeyObject, type: 'pkcs8' | 'spki'): Uint8Array {
  return new Uint8Array(key.export({ format: 'der', type }));
}

function algorithmsFor(
  key: PrivateKey,
  hash: HashAlgorithm,
): {
  importParams: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams | webcrypto.Algorithm;
  signingAlgorithm: SigningKeys['signingAlgorithm'];
  algorithmIdentifier: Uint8Array;
} {
  const { description } = key;
  switch (description.type) {
    case 'rsa':
      return {
        importParams: { name: 'RSASSA-PKCS1-v1_5', hash },
        signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash } as webcrypto.RsaHashedImportParams,
        algorithmIdentifier: signatureAlgorithmIdentifier('rsa', hash),
      };
    case 'ec':
      return {
        importParams: { name: 'ECDSA', namedCurve: description.curve as string },
        signingAlgorithm: { name: 'ECDSA', hash } as webcrypto.EcdsaParams,
        algorithmIdentifier: signatureAlgorithmIdentifier('ec', hash),
      };
    case 'ed25519':
      return {
        importParams: { name: 'Ed25519' },
        signingAlgorithm: { name: 'Ed25519' },
        algorithmIdentifier: signatureAlgorithmIdentifier('ed25519', hash),
      };
    default:
      throw new KeyError('ERR_KEY_UNSUPPORTED', `${description.type} keys cannot sign certificates or CSRs here`);
  }
}
