// Parsed keys and certificates by their PEM text. Parsing an RSA key costs OpenSSL 3 a millisecond or more,
// and a push looks at the same key several times (upload, match, listener, GET privateKey); a fleet often
// shares one board key. Bounded, so a long run with many distinct keys cannot grow without limit.
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';

const LIMIT = 2048;
const keys = new Map<string, KeyObject>();
const certificates = new Map<string, X509Certificate>();

function remember<T>(cache: Map<string, T>, pem: string, parse: () => T): T {
  const hit = cache.get(pem);
  if (hit !== undefined) return hit;
  const value = parse();
  if (cache.size >= LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(pem, value);
  return value;
}

/** An unencrypted private key PEM, parsed once. Throws as createPrivateKey does. */
export function cachedPrivateKey(pem: string): KeyObject {
  return remember(keys, pem, () => createPrivateKey(pem));
}

/** A certificate PEM (its first block), parsed once. Throws as X509Certificate does. */
export function cachedCertificate(pem: string): X509Certificate {
  return remember(certificates, pem, () => new X509Certificate(pem));
}
