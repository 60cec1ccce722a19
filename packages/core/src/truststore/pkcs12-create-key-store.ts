import { InvalidArgumentError } from '../errors.js';
import { exportPrivateKeyDer } from '../keys/export.js';
import { MAX_CERTIFICATES } from '../asn1/der-limits.js';
import { aliasFromCertificate, assertCertificateDer, checkAlias } from '../jks/alias.js';
import { checkPassword } from '../jks/open-store.js';
import { checkPreset } from '../pkcs12/protect.js';
import { encodeCertBag, encodePfx, encodeShroudedKeyBag, localKeyIdOf } from '../pkcs12/write.js';
import type { CreatePkcs12KeyStoreOptions } from './pkcs12-types.js';

/**
 * A PKCS#12 key store (`.p12`, `.pfx`) with one private key and its chain, as OpenSSL and keytool
 * write it: the key in a pkcs8ShroudedKeyBag, the chain in encrypted CertBags, the key bag and the
 * leaf's CertBag paired by friendlyName (the alias) and localKeyId (SHA-1 of the leaf).
 * Whether the key matches the leaf is not checked here (see `keyMatchesCertificate`).
 *
 * @throws InvalidArgumentError for an empty password or alias, an empty chain, an unknown preset.
 * @throws CertificateError ERR_CERT_INVALID when a chain entry is not a DER X.509 certificate.
 * @example
 * const pfx = await createPkcs12KeyStore({ key, chain: [leaf, ca2, ca1, root], password });
 */
export async function createPkcs12KeyStore(options: CreatePkcs12KeyStoreOptions): Promise<Uint8Array> {
  const { key, chain, password } = options;
  checkPassword(password);
  const preset = checkPreset(options.preset);
  const [leaf] = chain;
  if (leaf === undefined || chain.length > MAX_CERTIFICATES - 1) {
    const message = `chain must hold 1 to ${MAX_CERTIFICATES - 1} certificates (leaf first), not ${chain.length}`;
    throw new InvalidArgumentError(message, { field: 'chain' });
  }
  for (const [index, der] of chain.entries()) assertCertificateDer(der, `chain[${index}]`);
  const alias = options.alias === undefined ? aliasFromCertificate(leaf, 'chain[0]') : checkAlias(options.alias);
  const paired = { friendlyName: alias, localKeyId: localKeyIdOf(leaf) };
  // Issuer certificates carry no attributes: Java and OpenSSL build the chain from them by name.
  const certBags = chain.map((der, index) => encodeCertBag(der, index === 0 ? paired : {}));
  const pkcs8 = await exportPrivateKeyDer(key);
  try {
    const keyBag = await encodeShroudedKeyBag(pkcs8, password, preset, paired);
    return await encodePfx(certBags, [keyBag], password, preset);
  } finally {
    pkcs8.fill(0);
  }
}
