import type { KeyObject, webcrypto } from 'node:crypto';
import type { HashAlgorithm, PrivateKey } from './types.js';
import { type SigningKeys, toSigningKeys } from './webcrypto-key.js';

/*
 * Importing a key into WebCrypto (PKCS#8 export, two imports) costs more than an ECDSA signature,
 * so the imported keys are kept per provider, key object and hash. Weak maps: an entry lives only
 * as long as the caller keeps the key and the provider, and the private CryptoKey is non-extractable.
 */
const cache = new WeakMap<webcrypto.Crypto, WeakMap<KeyObject, Map<HashAlgorithm, Promise<SigningKeys>>>>();

/** toSigningKeys, imported once per provider, key and hash. */
export function cachedSigningKeys(
  key: PrivateKey,
  hash: HashAlgorithm,
  crypto: webcrypto.Crypto,
): Promise<SigningKeys> {
  let byKey = cache.get(crypto);
  if (byKey === undefined) {
    byKey = new WeakMap();
    cache.set(crypto, byKey);
  }
  let byHash = byKey.get(key.keyObject);
  if (byHash === undefined) {
    byHash = new Map();
    byKey.set(key.keyObject, byHash);
  }
  let keys = byHash.get(hash);
  if (keys === undefined) {
    keys = toSigningKeys(key, hash, crypto);
    // A failed import is not remembered: the next call tries again and gets the real error.
    keys.catch(() => byHash.delete(hash));
    byHash.set(hash, keys);
  }
  return keys;
}
