import { X509Certificate } from 'node:crypto';
import { parseCertificate, readCertificates } from '@certwright/core';
import { readUserFile } from '../../io/files.js';
import { terminalText } from '../../io/terminal-text.js';
import type { Io } from '../../io/io.js';
import { readSecret, type SecretSource } from '../../io/secrets.js';
import { inputPasswordProvider } from '../shared/store-password.js';
import { fingerprintText } from '../../render/fingerprint.js';

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
  return readCertificates(bytes, { source: path, password: inputPasswordProvider(path, inpass, io) });
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

/**
 * One line's worth of a certificate, from Node's native X.509 parser: a store of 150 roots is
 * described in milliseconds (core's parseCertificate, built for full detail, takes ~5 ms each).
 * The subject reads most-specific first (CN=…, O=…), as everywhere else in the CLI.
 */
export async function summarize(
  alias: string | null,
  type: string,
  der: Uint8Array,
  source: string,
): Promise<EntrySummary> {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch {
    await parseCertificate(der, { source }); // throws the typed error that names the file
    throw new Error(`${source}: certificate could not be read`);
  }
  return {
    alias,
    type,
    subject: certificate.subject.split('\n').reverse().join(', '),
    sha256: certificate.fingerprint256,
    notAfter: new Date(certificate.validTo).toISOString(),
  };
}

/** Longer subjects are cut on the terminal (a legitimate one is far shorter; --json keeps it whole). */
const MAX_SUBJECT_SHOWN = 1000;

/**
 * A human table of entries. Aliases and subjects come from the store file: escaped here, for every
 * command that prints entries, so that a file cannot clear the screen or forge a line.
 */
export function entryLines(entries: readonly EntrySummary[]): string {
  return entries
    .map((entry) => {
      const alias = entry.alias === null ? '-' : terminalText(entry.alias);
      const subject = terminalText(entry.subject, MAX_SUBJECT_SHOWN);
      return `${alias}  ${entry.type}  ${subject}  notAfter ${entry.notAfter}  SHA-256 ${fingerprintText(entry.sha256)}`;
    })
    .join('\n');
}
