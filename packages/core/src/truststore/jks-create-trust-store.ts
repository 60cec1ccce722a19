import { InvalidArgumentError } from '../errors.js';
import { aliasFromCertificate, assertAliasFree, checkAlias, uniqueAlias } from '../jks/alias.js';
import { checkPassword } from '../jks/open-store.js';
import { encodeJksStore, encodeTrustedCertificateEntry, JKS_MAX_ENTRIES } from '../jks/store.js';
import type { CreateJksTrustStoreOptions } from '../jks/types.js';

/**
 * A Java KeyStore (JKS) holding only trusted certificate entries, as `keytool -importcert
 * -storetype JKS` writes it. Aliases are lower-cased like Java's; a chosen alias that is already
 * taken (ignoring case) is ERR_TRUSTSTORE_DUPLICATE_ALIAS, a default one gets `-2`, `-3`, ….
 *
 * @example
 * const jks = createJksTrustStore({ certificates: [{ der: rootDer }], password: storePassword });
 */
export function createJksTrustStore(options: CreateJksTrustStoreOptions): Uint8Array {
  const { certificates, password } = options;
  checkPassword(password);
  if (certificates.length > JKS_MAX_ENTRIES) {
    throw new InvalidArgumentError(`at most ${JKS_MAX_ENTRIES} certificates`, { field: 'certificates' });
  }
  const created = options.now ?? new Date();
  const taken = new Set<string>();
  const entries = certificates.map(({ alias, der }, index) => {
    const field = `certificates[${index}]`;
    const defaultAlias = aliasFromCertificate(der, field);
    const chosen = alias === undefined ? uniqueAlias(defaultAlias, taken) : checkAlias(alias);
    assertAliasFree(chosen, taken);
    taken.add(chosen);
    return encodeTrustedCertificateEntry(chosen, created, der);
  });
  return encodeJksStore(entries, password);
}
