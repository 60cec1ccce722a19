import { findJksEntry, openJksStore } from '../jks/open-store.js';
import { encodeJksStore } from '../jks/store.js';
import type { RemoveJksEntryOptions } from '../jks/types.js';

/**
 * An existing JKS without the entry `alias` (matched ignoring case). The other entries are copied
 * byte for byte; only the header count and the integrity digest change.
 *
 * @throws TrustStoreError ERR_TRUSTSTORE_NO_SUCH_ALIAS, and every error of `readJks`.
 * @example
 * const updated = removeJksEntry(jks, { alias: 'old-root', password });
 */
export function removeJksEntry(bytes: Uint8Array, options: RemoveJksEntryOptions): Uint8Array {
  const { password, source } = options;
  const entries = openJksStore(bytes, password, source);
  const index = findJksEntry(entries, options.alias, source);
  const kept = entries.filter((_, i) => i !== index).map((entry) => entry.bytes);
  return encodeJksStore(kept, password);
}
