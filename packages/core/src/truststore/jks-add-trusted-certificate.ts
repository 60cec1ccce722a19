import { assertAliasFree, assertCertificateDer, checkAlias } from '../jks/alias.js';
import { openJksStore } from '../jks/open-store.js';
import { encodeJksStore, encodeTrustedCertificateEntry } from '../jks/store.js';
import type { AddJksTrustedCertificateOptions } from '../jks/types.js';

/**
 * An existing JKS with one more trusted certificate entry at the end. The other entries are copied
 * byte for byte; only the header count and the integrity digest change.
 *
 * @throws TrustStoreError ERR_TRUSTSTORE_DUPLICATE_ALIAS (ignoring case), and every error of `readJks`.
 * @example
 * const updated = addJksTrustedCertificate(jks, { alias: 'lab-root', der: rootDer, password });
 */
export function addJksTrustedCertificate(bytes: Uint8Array, options: AddJksTrustedCertificateOptions): Uint8Array {
  const { der, password, source } = options;
  const alias = checkAlias(options.alias);
  assertCertificateDer(der, 'der');
  const entries = openJksStore(bytes, password, source);
  assertAliasFree(
    alias,
    entries.map((entry) => entry.alias),
    source,
  );
  const added = encodeTrustedCertificateEntry(alias, options.now ?? new Date(), der);
  return encodeJksStore([...entries.map((entry) => entry.bytes), added], password);
}
