import { openJksStore } from './open-store.js';
import { JKS_TAG_PRIVATE_KEY } from './store.js';
import type { JksContents, ReadJksOptions } from './types.js';

/**
 * Reads a Java KeyStore (JKS): verifies its integrity digest under the store password first, then
 * lists the entries with their certificates. Private keys stay encrypted (`readJksPrivateKey`).
 *
 * @throws TrustStoreError ERR_TRUSTSTORE_INTEGRITY (wrong store password or altered file),
 * ERR_TRUSTSTORE_NOT_JKS, ERR_TRUSTSTORE_TRUNCATED, ERR_TRUSTSTORE_MALFORMED, ….
 * @example
 * const { entries } = readJks(await readFile('truststore.jks'), { password, source: 'truststore.jks' });
 */
export function readJks(bytes: Uint8Array, options: ReadJksOptions): JksContents {
  const entries = openJksStore(bytes, options.password, options.source).map((entry) => ({
    alias: entry.alias,
    type: entry.tag === JKS_TAG_PRIVATE_KEY ? ('privateKey' as const) : ('trustedCertificate' as const),
    created: entry.created,
    certificates: entry.certificates.map((der) => der.slice()),
  }));
  return { entries };
}
