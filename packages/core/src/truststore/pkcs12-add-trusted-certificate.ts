import { assertAliasFree, assertCertificateDer, checkAlias } from '../jks/alias.js';
import { encodePkcs12Store, openPkcs12Store, takenAliases } from './pkcs12-modify.js';
import { encodeCertBag } from '../pkcs12/write.js';
import type { AddPkcs12TrustedCertificateOptions } from './pkcs12-types.js';

/**
 * An existing PKCS#12 store with one more trusted certificate (Java's trustedCertEntry). Every
 * other bag is kept as it was; the store keeps its protection (a SHA-1 MAC stays `compat`).
 *
 * @throws TrustStoreError ERR_TRUSTSTORE_DUPLICATE_ALIAS (ignoring case); FormatError
 *   ERR_FORMAT_PKCS12_BAD_PASSWORD, ERR_FORMAT_NOT_PKCS12 and every error of `readPkcs12`.
 * @example
 * const updated = await addPkcs12TrustedCertificate(p12, { alias: 'enterprise-root', der: rootDer, password });
 */
export async function addPkcs12TrustedCertificate(
  bytes: Uint8Array,
  options: AddPkcs12TrustedCertificateOptions,
): Promise<Uint8Array> {
  const { der, password, source } = options;
  const alias = checkAlias(options.alias);
  assertCertificateDer(der, 'der');
  const { contents, preset } = await openPkcs12Store(bytes, password, source);
  assertAliasFree(alias, takenAliases(contents), source);
  const shrouded = contents.bags.filter((bag) => bag.kind === 'encrypted-key').map((bag) => bag.raw);
  const others = contents.bags.filter((bag) => bag.kind !== 'encrypted-key').map((bag) => bag.raw);
  const added = encodeCertBag(der, { friendlyName: alias, trusted: true });
  return encodePkcs12Store([...others, ...contents.otherBags, added], shrouded, password, preset);
}
