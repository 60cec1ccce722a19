import { encodePkcs12Store, entryBags, openPkcs12Store } from './pkcs12-modify.js';
import type { RemovePkcs12EntryOptions } from './pkcs12-types.js';

/**
 * An existing PKCS#12 store without the entry `alias` (its friendlyName, ignoring case): a trusted
 * certificate, or a private key together with the certificate that shares its localKeyId. Every
 * other bag is kept as it was; the store keeps its protection.
 *
 * @throws TrustStoreError ERR_TRUSTSTORE_NO_SUCH_ALIAS; FormatError ERR_FORMAT_PKCS12_BAD_PASSWORD,
 *   ERR_FORMAT_NOT_PKCS12 and every error of `readPkcs12`.
 * @example
 * const updated = await removePkcs12Entry(p12, { alias: 'old-root', password });
 */
export async function removePkcs12Entry(bytes: Uint8Array, options: RemovePkcs12EntryOptions): Promise<Uint8Array> {
  const { password, source } = options;
  const { contents, preset } = await openPkcs12Store(bytes, password, source);
  const removed = new Set(entryBags(contents, options.alias, source));
  const kept = contents.bags.filter((bag) => !removed.has(bag));
  const shrouded = kept.filter((bag) => bag.kind === 'encrypted-key').map((bag) => bag.raw);
  const others = kept.filter((bag) => bag.kind !== 'encrypted-key').map((bag) => bag.raw);
  return encodePkcs12Store([...others, ...contents.otherBags], shrouded, password, preset);
}
