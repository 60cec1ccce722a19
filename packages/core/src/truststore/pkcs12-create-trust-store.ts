import { InvalidArgumentError } from '../errors.js';
import { MAX_CERTIFICATES } from '../asn1/der-limits.js';
import { aliasFromCertificate, assertAliasFree, checkAlias, uniqueAlias } from '../jks/alias.js';
import { checkPassword } from '../jks/open-store.js';
import { checkPreset } from '../pkcs12/protect.js';
import { encodeCertBag, encodePfx } from '../pkcs12/write.js';
import type { CreatePkcs12TrustStoreOptions } from './pkcs12-types.js';

/**
 * A PKCS#12 trust store: each certificate in an encrypted CertBag with its alias (friendlyName)
 * and Oracle's trusted-certificate attribute, so Java's keytool lists it as a trustedCertEntry.
 * Aliases are lower-cased like Java's; a chosen alias already taken (ignoring case) is
 * ERR_TRUSTSTORE_DUPLICATE_ALIAS, a default one gets `-2`, `-3`, ….
 *
 * @throws InvalidArgumentError for an empty password, no or too many certificates, an unknown preset.
 * @throws CertificateError ERR_CERT_INVALID when a `der` is not a DER X.509 certificate.
 * @example
 * const p12 = await createPkcs12TrustStore({ certificates: [{ der: rootDer }], password });
 */
export async function createPkcs12TrustStore(options: CreatePkcs12TrustStoreOptions): Promise<Uint8Array> {
  const { certificates, password } = options;
  checkPassword(password);
  const preset = checkPreset(options.preset);
  if (certificates.length === 0 || certificates.length > MAX_CERTIFICATES) {
    const message = `certificates must hold 1 to ${MAX_CERTIFICATES} entries, not ${certificates.length}`;
    throw new InvalidArgumentError(message, { field: 'certificates' });
  }
  const taken = new Set<string>();
  const bags = certificates.map(({ alias, der }, index) => {
    const defaultAlias = aliasFromCertificate(der, `certificates[${index}]`);
    const chosen = alias === undefined ? uniqueAlias(defaultAlias, taken) : checkAlias(alias);
    assertAliasFree(chosen, taken);
    taken.add(chosen);
    return encodeCertBag(der, { friendlyName: chosen, trusted: true });
  });
  return encodePfx(bags, [], password, preset);
}
