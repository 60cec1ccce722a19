import { sourcePrefix, TrustStoreError } from '../errors.js';
import { describeKeyObject } from '../keys/describe.js';
import { loadPrivateKeyDer } from '../keys/node-key.js';
import type { PrivateKey } from '../keys/types.js';
import { displayText } from './alias.js';
import { JksKeyProtectionError, unprotectJksKey } from './key-protector.js';
import { checkPassword, findJksEntry, openJksStore } from './open-store.js';
import type { JksRawEntry } from './store.js';
import type { ReadJksPrivateKeyOptions } from './types.js';

const PROTECTION_CODES = {
  'bad-password': 'ERR_TRUSTSTORE_BAD_KEY_PASSWORD',
  malformed: 'ERR_TRUSTSTORE_MALFORMED',
  unsupported: 'ERR_TRUSTSTORE_UNSUPPORTED',
} as const;

/**
 * The private key of a JKS key entry, decrypted with `keyPassword` (default: the store password)
 * after the store's integrity digest verifies.
 *
 * @throws TrustStoreError ERR_TRUSTSTORE_BAD_KEY_PASSWORD, ERR_TRUSTSTORE_NO_SUCH_ALIAS,
 * ERR_TRUSTSTORE_NOT_KEY_ENTRY, and every error of `readJks`.
 * @example
 * const key = await readJksPrivateKey(jks, 'ovoc', { password });
 */
export async function readJksPrivateKey(
  bytes: Uint8Array,
  alias: string,
  options: ReadJksPrivateKeyOptions,
): Promise<PrivateKey> {
  const { password, source } = options;
  const keyPassword = options.keyPassword ?? password;
  checkPassword(keyPassword, 'keyPassword');
  const entries = openJksStore(bytes, password, source);
  const entry = entries[findJksEntry(entries, alias, source)] as JksRawEntry;
  const prefix = `${sourcePrefix(source)}entry "${displayText(entry.alias)}": `;
  if (entry.protectedKey === undefined) {
    const message = `${prefix}a trusted certificate entry holds no private key`;
    throw new TrustStoreError('ERR_TRUSTSTORE_NOT_KEY_ENTRY', message, { source, field: 'alias' });
  }
  const pkcs8 = unprotect(entry.protectedKey, keyPassword, prefix, source);
  try {
    const keyObject = loadPrivateKeyDer(pkcs8, 'pkcs8', source);
    return { keyObject, description: describeKeyObject(keyObject) };
  } catch (cause) {
    const message = `${prefix}the decrypted key is not a usable PKCS#8 private key`;
    throw new TrustStoreError('ERR_TRUSTSTORE_MALFORMED', message, { source }, { cause });
  } finally {
    pkcs8.fill(0);
  }
}

function unprotect(protectedKey: Uint8Array, keyPassword: string, prefix: string, source?: string): Uint8Array {
  try {
    return unprotectJksKey(protectedKey, keyPassword);
  } catch (cause) {
    if (!(cause instanceof JksKeyProtectionError)) throw cause;
    const code = PROTECTION_CODES[cause.reason];
    throw new TrustStoreError(code, `${prefix}${cause.message}`, { source, field: 'keyPassword' }, { cause });
  }
}
