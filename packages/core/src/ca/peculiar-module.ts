import type { webcrypto } from 'node:crypto';
import type { loadX509 } from './peculiar.js';

/** The @peculiar/x509 module as loadX509 returns it. */
export type X509Module = Awaited<ReturnType<typeof loadX509>>;

/** The crypto type @peculiar/x509 declares (the DOM's); Node's webcrypto.Crypto is the same at run time. */
export type X509Crypto = Parameters<X509Module['X509CertificateGenerator']['create']>[1];

/** A Node WebCrypto provider as @peculiar/x509 wants it. */
export function asX509Crypto(crypto: webcrypto.Crypto): X509Crypto {
  return crypto as unknown as X509Crypto;
}
