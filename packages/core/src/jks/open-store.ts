/** Opening a JKS file: integrity digest first, then the entries; every failure as a TrustStoreError. */
import { InvalidArgumentError, sourcePrefix, TrustStoreError } from '../errors.js';
import { JksMalformedError, JksTruncatedError } from './bytes.js';
import { JKS_DIGEST_LENGTH, jksIntegrityMatches } from './integrity.js';
import { JKS_MAGIC, type JksRawEntry, JksStructureError, parseJksEntries } from './store.js';
import { assertInputSize } from '../asn1/input-size.js';
import { displayText, normalizeAlias } from './alias.js';

const STRUCTURE_CODES = {
  'not-jks': 'ERR_TRUSTSTORE_NOT_JKS',
  unsupported: 'ERR_TRUSTSTORE_UNSUPPORTED',
  limit: 'ERR_TRUSTSTORE_LIMIT_EXCEEDED',
  malformed: 'ERR_TRUSTSTORE_MALFORMED',
} as const;

/** The entries of a JKS file whose integrity digest verifies under `password`. */
export function openJksStore(file: Uint8Array, password: string, source?: string): JksRawEntry[] {
  assertInputSize(file, source);
  checkPassword(password);
  const prefix = sourcePrefix(source);
  if (!startsWithMagic(file)) {
    throw new TrustStoreError('ERR_TRUSTSTORE_NOT_JKS', `${prefix}not a Java KeyStore (JKS)`, { source });
  }
  if (!jksIntegrityMatches(password, file)) {
    // A cut-off file fails the digest too; say so rather than blame the password.
    if (isTruncated(file)) throw truncated(prefix, source);
    const message = `${prefix}the key store integrity check failed: wrong store password, or the file was altered`;
    throw new TrustStoreError('ERR_TRUSTSTORE_INTEGRITY', message, { source });
  }
  try {
    return parseJksEntries(file).entries;
  } catch (cause) {
    throw structureError(cause, prefix, source);
  }
}

/** The index of the entry with this alias (ignoring case), or ERR_TRUSTSTORE_NO_SUCH_ALIAS. */
export function findJksEntry(entries: readonly JksRawEntry[], alias: string, source?: string): number {
  const wanted = normalizeAlias(alias);
  const index = entries.findIndex((entry) => normalizeAlias(entry.alias) === wanted);
  if (index < 0) {
    const message = `${sourcePrefix(source)}the store has no entry "${displayText(alias)}"`;
    throw new TrustStoreError('ERR_TRUSTSTORE_NO_SUCH_ALIAS', message, { source, field: 'alias' });
  }
  return index;
}

/** A store password must not be empty (Java's keytool refuses fewer than six characters). */
export function checkPassword(password: string, field = 'password'): void {
  if (typeof password !== 'string' || password.length === 0) {
    throw new InvalidArgumentError(`${field} must be a non-empty string`, { field });
  }
}

function startsWithMagic(file: Uint8Array): boolean {
  return file.byteLength >= 4 && new DataView(file.buffer, file.byteOffset, 4).getUint32(0) === JKS_MAGIC;
}

function isTruncated(file: Uint8Array): boolean {
  if (file.byteLength < 12 + JKS_DIGEST_LENGTH) return true;
  try {
    parseJksEntries(file);
    return false;
  } catch (error) {
    return error instanceof JksTruncatedError;
  }
}

function truncated(prefix: string, source: string | undefined): TrustStoreError {
  return new TrustStoreError('ERR_TRUSTSTORE_TRUNCATED', `${prefix}the key store is truncated`, { source });
}

function structureError(cause: unknown, prefix: string, source: string | undefined): TrustStoreError {
  if (cause instanceof JksTruncatedError) return truncated(prefix, source);
  if (cause instanceof JksStructureError) {
    return new TrustStoreError(STRUCTURE_CODES[cause.reason], `${prefix}${cause.message}`, { source }, { cause });
  }
  if (cause instanceof JksMalformedError) {
    return new TrustStoreError('ERR_TRUSTSTORE_MALFORMED', `${prefix}${cause.message}`, { source }, { cause });
  }
  throw cause;
}
