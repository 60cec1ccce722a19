import {
  addJksTrustedCertificate,
  addPkcs12TrustedCertificate,
  detectFormat,
  removeJksEntry,
  removePkcs12Entry,
} from '@certwright/core';
import { usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { PUBLIC_MODE, readUserFile, writeFileAtomic } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { Output } from '../../io/output.js';
import type { SecretSource } from '../../io/secrets.js';
import { isJks, readCertificateFile, readStorePassword, summarize } from './shared.js';

export interface TruststoreAddOptions {
  file: string;
  alias: string;
  certificate: string;
  storepass: SecretSource;
  /** The password of a PKCS#12 certificate input, asked for only then. */
  inpass: SecretSource;
  json: boolean;
}

export interface TruststoreRemoveOptions {
  file: string;
  alias: string;
  storepass: SecretSource;
  json: boolean;
}

/** The store's bytes and kind: JKS or PKCS#12 can be modified; a PEM bundle is a text file to edit. */
async function readStore(file: string, io: Io): Promise<{ bytes: Uint8Array; kind: 'jks' | 'p12' }> {
  const bytes = await readUserFile(io.cwd, file);
  if (isJks(bytes)) return { bytes, kind: 'jks' };
  const detected = detectFormat(bytes, { source: file });
  if (detected.format === 'pkcs12') return { bytes, kind: 'p12' };
  throw usageError(
    `${file}: not a JKS or PKCS#12 store (a PEM bundle is plain text: edit it, or recreate it with \`truststore create\`)`,
  );
}

/** Adds one trusted certificate to a JKS or PKCS#12 store, rewriting it atomically. */
export async function truststoreAdd(options: TruststoreAddOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  const { file, alias } = options;
  const { bytes, kind } = await readStore(file, io);
  const certificates = await readCertificateFile(options.certificate, options.inpass, io);
  const der = certificates[0];
  if (der === undefined || certificates.length !== 1) {
    throw usageError(`${options.certificate}: holds ${certificates.length} certificates; add takes exactly one`);
  }
  const password = await readStorePassword(file, options.storepass, io);
  const data =
    kind === 'jks'
      ? addJksTrustedCertificate(bytes, { alias, der, password, now: io.now(), source: file })
      : await addPkcs12TrustedCertificate(bytes, { alias, der, password, source: file });
  const entry = await summarize(alias.toLowerCase(), 'trustedCertificate', der, options.certificate);
  await writeFileAtomic(io.cwd, { path: file, data, mode: PUBLIC_MODE }, true);
  output.result({ file, added: entry }, `added ${entry.alias}: ${entry.subject} to ${file}`);
  return ExitCode.ok;
}

/** Removes one entry from a JKS or PKCS#12 store, rewriting it atomically. */
export async function truststoreRemove(options: TruststoreRemoveOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  const { file, alias } = options;
  const { bytes, kind } = await readStore(file, io);
  const password = await readStorePassword(file, options.storepass, io);
  const data =
    kind === 'jks'
      ? removeJksEntry(bytes, { alias, password, source: file })
      : await removePkcs12Entry(bytes, { alias, password, source: file });
  await writeFileAtomic(io.cwd, { path: file, data, mode: PUBLIC_MODE }, true);
  output.result({ file, removed: alias }, `removed ${alias} from ${file}`);
  return ExitCode.ok;
}
