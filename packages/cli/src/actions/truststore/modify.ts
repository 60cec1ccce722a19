import {
  addJksTrustedCertificate,
  addPkcs12TrustedCertificate,
  detectFormat,
  removeJksEntry,
  removePkcs12Entry,
} from '@certwright/core';
import type { TruststoreAddOptions, TruststoreRemoveOptions } from '../../commands/truststore/modify.js';
import { usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { PUBLIC_MODE, readUserFile, writeFileAtomic } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { type EntrySummary, isJks, readCertificateFile, readStorePassword, summarize } from './shared.js';
import { type Compute, present } from '../../render/present.js';

export type { TruststoreAddOptions, TruststoreRemoveOptions };

/** The entry added (the --json fields, docs/cli.md). */
export interface TruststoreAddResult {
  file: string;
  added: EntrySummary;
}

/** The alias removed (the --json fields, docs/cli.md). */
export interface TruststoreRemoveResult {
  file: string;
  removed: string;
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
export const truststoreAdd: Compute<TruststoreAddOptions, TruststoreAddResult> = async (options, io, talk) => {
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
  return talk.outcome(ExitCode.ok, { file, added: entry });
};

export function truststoreAddText(result: TruststoreAddResult): string {
  return `added ${result.added.alias}: ${result.added.subject} to ${result.file}`;
}

/** Removes one entry from a JKS or PKCS#12 store, rewriting it atomically. */
export const truststoreRemove: Compute<TruststoreRemoveOptions, TruststoreRemoveResult> = async (options, io, talk) => {
  const { file, alias } = options;
  const { bytes, kind } = await readStore(file, io);
  const password = await readStorePassword(file, options.storepass, io);
  const data =
    kind === 'jks'
      ? removeJksEntry(bytes, { alias, password, source: file })
      : await removePkcs12Entry(bytes, { alias, password, source: file });
  await writeFileAtomic(io.cwd, { path: file, data, mode: PUBLIC_MODE }, true);
  return talk.outcome(ExitCode.ok, { file, removed: alias });
};

export function truststoreRemoveText(result: TruststoreRemoveResult): string {
  return `removed ${result.removed} from ${result.file}`;
}

/** The command's handler: the work, then its rendering. */
export const truststoreAddHandler = present(truststoreAdd, truststoreAddText);

/** The command's handler: the work, then its rendering. */
export const truststoreRemoveHandler = present(truststoreRemove, truststoreRemoveText);
