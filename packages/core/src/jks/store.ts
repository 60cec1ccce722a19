/**
 * The JKS file layout (version 2): magic, version, entry count, the entries, then the integrity
 * digest. Entries keep their original bytes so that editing a store leaves the others untouched.
 */
import { displayText } from './alias.js';
import { JksByteReader, JksByteWriter, concatBytes } from './bytes.js';
import { JKS_DIGEST_LENGTH, jksIntegrityDigest } from './integrity.js';

export const JKS_MAGIC = 0xfeedfeed;
export const JKS_VERSION = 2;
export const JKS_TAG_PRIVATE_KEY = 1;
export const JKS_TAG_TRUSTED_CERTIFICATE = 2;
/** The only certificate type JKS stores in practice. */
export const JKS_CERTIFICATE_TYPE = 'X.509';
/** Limits a hostile file cannot exceed: entries per store, certificates per chain. */
export const JKS_MAX_ENTRIES = 10_000;
export const JKS_MAX_CHAIN_LENGTH = 100;

/** One entry as stored: its decoded fields and the exact bytes it occupies in the file. */
export interface JksRawEntry {
  tag: typeof JKS_TAG_PRIVATE_KEY | typeof JKS_TAG_TRUSTED_CERTIFICATE;
  alias: string;
  created: Date;
  /** The chain (leaf first) of a key entry; the one certificate of a trusted entry. */
  certificates: Uint8Array[];
  /** A key entry's EncryptedPrivateKeyInfo DER. */
  protectedKey?: Uint8Array;
  /** Tag through last certificate, as in the file. */
  bytes: Uint8Array;
}

/** Why a store's structure cannot be read; the reader maps it to a TrustStoreError code. */
export class JksStructureError extends Error {
  override readonly name = 'JksStructureError';
  constructor(
    readonly reason: 'not-jks' | 'unsupported' | 'limit' | 'malformed',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Walks the entries of `file` (which includes the trailing digest) and returns them with the offset
 * where the digest starts. Throws JksTruncatedError when the file ends early.
 */
export function parseJksEntries(file: Uint8Array): { entries: JksRawEntry[]; digestOffset: number } {
  const reader = new JksByteReader(file);
  if (reader.u32() !== JKS_MAGIC) throw new JksStructureError('not-jks', 'not a Java KeyStore (no 0xFEEDFEED magic)');
  const version = reader.u32();
  if (version !== JKS_VERSION) throw new JksStructureError('unsupported', `JKS version ${version} is not supported`);
  const count = reader.u32();
  if (count > JKS_MAX_ENTRIES) {
    throw new JksStructureError('limit', `${count} entries is more than the limit of ${JKS_MAX_ENTRIES}`);
  }
  const entries: JksRawEntry[] = [];
  for (let i = 0; i < count; i++) entries.push(readEntry(reader));
  reader.take(JKS_DIGEST_LENGTH);
  if (reader.offset !== file.byteLength) throw new JksStructureError('malformed', 'bytes after the integrity digest');
  return { entries, digestOffset: file.byteLength - JKS_DIGEST_LENGTH };
}

function readEntry(reader: JksByteReader): JksRawEntry {
  const start = reader.offset;
  const tag = reader.u32(); // a Java int, like every count in the format
  const alias = reader.utf();
  const created = new Date(Number(reader.u64()));
  if (tag === JKS_TAG_TRUSTED_CERTIFICATE) {
    const certificates = [readCertificate(reader)];
    return { tag, alias, created, certificates, bytes: reader.bytes.subarray(start, reader.offset) };
  }
  if (tag !== JKS_TAG_PRIVATE_KEY) {
    throw new JksStructureError(
      'unsupported',
      `entry "${displayText(alias)}" has type ${tag} (only key and certificate entries)`,
    );
  }
  const protectedKey = reader.take(reader.u32());
  const chainLength = reader.u32();
  if (chainLength > JKS_MAX_CHAIN_LENGTH) {
    throw new JksStructureError('limit', `entry "${displayText(alias)}" has a chain of ${chainLength} certificates`);
  }
  const certificates: Uint8Array[] = [];
  for (let i = 0; i < chainLength; i++) certificates.push(readCertificate(reader));
  return { tag, alias, created, certificates, protectedKey, bytes: reader.bytes.subarray(start, reader.offset) };
}

function readCertificate(reader: JksByteReader): Uint8Array {
  const type = reader.utf();
  if (type !== JKS_CERTIFICATE_TYPE) {
    throw new JksStructureError('unsupported', `certificate type "${displayText(type)}"`);
  }
  return reader.take(reader.u32());
}

/** The bytes of a trusted certificate entry. */
export function encodeTrustedCertificateEntry(alias: string, created: Date, der: Uint8Array): Uint8Array {
  const writer = new JksByteWriter().u32(JKS_TAG_TRUSTED_CERTIFICATE).utf(alias).u64(BigInt(created.getTime()));
  return writer.utf(JKS_CERTIFICATE_TYPE).lengthPrefixed(der).toBytes();
}

/** The bytes of a private key entry: the protected key, then the chain (leaf first). */
export function encodePrivateKeyEntry(
  alias: string,
  created: Date,
  protectedKey: Uint8Array,
  chain: readonly Uint8Array[],
): Uint8Array {
  const writer = new JksByteWriter().u32(JKS_TAG_PRIVATE_KEY).utf(alias).u64(BigInt(created.getTime()));
  writer.lengthPrefixed(protectedKey).u32(chain.length);
  for (const der of chain) writer.utf(JKS_CERTIFICATE_TYPE).lengthPrefixed(der);
  return writer.toBytes();
}

/** A whole store file: header, the entries' bytes as given, and the digest under `password`. */
export function encodeJksStore(entryBytes: readonly Uint8Array[], password: string): Uint8Array {
  const header = new JksByteWriter().u32(JKS_MAGIC).u32(JKS_VERSION).u32(entryBytes.length).toBytes();
  const body = concatBytes([header, ...entryBytes]);
  return concatBytes([body, jksIntegrityDigest(password, body)]);
}
