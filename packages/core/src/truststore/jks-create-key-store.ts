import { InvalidArgumentError } from '../errors.js';
import { exportPrivateKeyDer } from '../keys/export.js';
import { assertCertificateDer, checkAlias } from '../jks/alias.js';
import { protectJksKey } from '../jks/key-protector.js';
import { checkPassword } from '../jks/open-store.js';
import { encodeJksStore, encodePrivateKeyEntry, JKS_MAX_CHAIN_LENGTH } from '../jks/store.js';
import type { CreateJksKeyStoreOptions } from '../jks/types.js';

/**
 * A Java KeyStore (JKS) with one private key entry: the key protected with Sun's JKS key protector
 * under `keyPassword` (default: the store password) and its certificate chain, leaf first.
 *
 * @example
 * const jks = await createJksKeyStore({ alias: 'ovoc', key, chain: [leaf, ca2, ca1, root], password });
 */
export async function createJksKeyStore(options: CreateJksKeyStoreOptions): Promise<Uint8Array> {
  const { key, chain, password } = options;
  const keyPassword = options.keyPassword ?? password;
  checkPassword(password);
  checkPassword(keyPassword, 'keyPassword');
  const alias = checkAlias(options.alias);
  if (chain.length === 0 || chain.length > JKS_MAX_CHAIN_LENGTH) {
    const message = `chain must hold 1 to ${JKS_MAX_CHAIN_LENGTH} certificates (leaf first), not ${chain.length}`;
    throw new InvalidArgumentError(message, { field: 'chain' });
  }
  for (const [index, der] of chain.entries()) assertCertificateDer(der, `chain[${index}]`);
  const pkcs8 = await exportPrivateKeyDer(key);
  try {
    const entry = encodePrivateKeyEntry(alias, options.now ?? new Date(), protectJksKey(pkcs8, keyPassword), chain);
    return encodeJksStore([entry], password);
  } finally {
    pkcs8.fill(0);
  }
}
