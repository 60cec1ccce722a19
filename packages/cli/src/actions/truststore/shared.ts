import { parseCertificate, readCertificates } from '@certwright/core';
import { readUserFile } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { readSecret, type SecretSource } from '../../io/secrets.js';

/** A device TLS context holds about this many trusted roots. */
export const DEVICE_TRUSTED_ROOT_LIMIT = 150;

/** True when the bytes start with the Java KeyStore magic 0xFEEDFEED. */
export function isJks(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xfe && bytes[1] === 0xed && bytes[2] === 0xfe && bytes[3] === 0xed;
}

/**
 * Every certificate of one input file (PEM, DER, PKCS#7, PKCS#12), in file order; `inpass` is
 * asked for only when the file turns out to be PKCS#12.
 */
export async function readCertificateFile(path: string, inpass: SecretSource, io: Io): Promise<Uint8Array[]> {
  const bytes = await readUserFile(io.cwd, path);
  const password = () =>
    readSecret(inpass, { flag: 'inpass', purpose: `password of the PKCS#12 input ${path}`, confirm: false }, io);
  return readCertificates(bytes, { source: path, password });
}

/** The password of an existing store (asked once, on a terminal only). */
export function readStorePassword(path: string, source: SecretSource, io: Io): Promise<string> {
  return readSecret(source, { flag: 'storepass', purpose: `store password for ${path}`, confirm: false }, io);
}

/** The password of a store about to be written (asked twice on a terminal). */
export function readNewStorePassword(path: string, source: SecretSource, io: Io): Promise<string> {
  return readSecret(source, { flag: 'storepass', purpose: `store password for ${path}`, confirm: true }, io);
}

/** One entry as `list` and `create` report it. */
export interface EntrySummary {
  alias: string | null;
  type: string;
  subject: string;
  sha256: string;
  notAfter: string;
}

export async function summarize(
  alias: string | null,
  type: string,
  der: Uint8Array,
  source: string,
): Promise<EntrySummary> {
  const info = await parseCertificate(der, { source });
  return {
    alias,
    type,
    subject: info.subjectText,
    sha256: info.fingerprintSha256,
    notAfter: info.notAfter.toISOString(),
  };
}

/** A human table of entries. */
export function entryLines(entries: readonly EntrySummary[]): string {
  return entries
    .map(
      (entry) =>
        `${entry.alias ?? '-'}  ${entry.type}  ${entry.subject}  notAfter ${entry.notAfter}  SHA-256 ${entry.sha256}`,
    )
    .join('\n');
}
