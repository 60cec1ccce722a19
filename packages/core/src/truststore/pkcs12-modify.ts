/**
 * Rewriting an existing PKCS#12 store with one entry more or less. Every other SafeBag is kept as
 * the file held it (same attributes, same shrouded key bytes); the containers around them are
 * encrypted again and the MAC recomputed, with the protection the file already had (a SHA-1 MAC
 * means the `compat` preset, anything else `modern`).
 */
import { FormatError, sourcePrefix, TrustStoreError } from '../errors.js';
import { PKCS12_MAX_ITERATIONS } from '../formats/read-pkcs12.js';
import { classifyInput } from '../formats/format-input.js';
import { normalizeAlias } from '../jks/alias.js';
import type { Pkcs12Preset } from '../pkcs12/protect.js';
import { type Pkcs12Bag, type Pkcs12Contents, readPkcs12Contents } from '../pkcs12/read-structure.js';
import { encodePfx } from '../pkcs12/write.js';

/** An opened store: its bags, and the preset its protection corresponds to. */
export interface OpenedPkcs12 {
  contents: Pkcs12Contents;
  preset: Pkcs12Preset;
}

/** Opens a store for rewriting: the MAC proves the password before anything is decrypted. */
export async function openPkcs12Store(bytes: Uint8Array, password: string, source?: string): Promise<OpenedPkcs12> {
  const classified = classifyInput(bytes, source);
  if (classified.encoding !== 'der' || classified.kind !== 'pkcs12') {
    throw new FormatError('ERR_FORMAT_NOT_PKCS12', `${sourcePrefix(source)}not a PKCS#12 file`, { source });
  }
  const contents = await readPkcs12Contents(classified.der, { source, password, maxIterations: PKCS12_MAX_ITERATIONS });
  const preset: Pkcs12Preset = contents.mac?.startsWith('HMAC-SHA1 ') === true ? 'compat' : 'modern';
  return { contents, preset };
}

/** The bags that make up the entry `alias` (ignoring case): the named bag, and for a key its certificate. */
export function entryBags(contents: Pkcs12Contents, alias: string, source?: string): Pkcs12Bag[] {
  const wanted = normalizeAlias(alias);
  const named = contents.bags.find(
    (bag) => bag.friendlyName !== undefined && normalizeAlias(bag.friendlyName) === wanted,
  );
  if (named === undefined) {
    const message = `${sourcePrefix(source)}no entry "${alias}"`;
    throw new TrustStoreError('ERR_TRUSTSTORE_NO_SUCH_ALIAS', message, { source, field: 'alias' });
  }
  if (named.localKeyId === undefined) return [named];
  return contents.bags.filter((bag) => bag === named || bag.localKeyId === named.localKeyId);
}

/** The aliases in use, lower-cased. */
export function takenAliases(contents: Pkcs12Contents): string[] {
  return contents.bags.flatMap((bag) => (bag.friendlyName === undefined ? [] : [normalizeAlias(bag.friendlyName)]));
}

/**
 * The store again from its bags: shrouded key bags (already encrypted) in plain Data, every other
 * bag — certificates, plain keys, CRLs — inside the encrypted container.
 */
export function encodePkcs12Store(
  bags: readonly Uint8Array[],
  shroudedKeyBags: readonly Uint8Array[],
  password: string,
  preset: Pkcs12Preset,
): Promise<Uint8Array> {
  return encodePfx(bags, shroudedKeyBags, password, preset);
}
