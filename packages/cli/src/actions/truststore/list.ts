import { detectFormat, readCertificates, readJks, readPkcs12 } from '@certwright/core';
import type { TruststoreListOptions } from '../../commands/truststore/list.js';
import { ExitCode } from '../../exit-codes.js';
import { readUserFile } from '../../io/files.js';
import { storePasswordProvider } from '../shared/store-password.js';
import { type EntrySummary, entryLines, isJks, readStorePassword, summarize } from './shared.js';
import { type Compute, present } from '../../render/present.js';

export type { TruststoreListOptions };

/** The entries of a store (the --json fields, docs/cli.md). */
export interface TruststoreListResult {
  file: string;
  format: 'jks' | 'p12' | 'certificates';
  entries: EntrySummary[];
}

/** Lists a JKS, PKCS#12, PEM, DER or PKCS#7 store: alias, entry type, subject, SHA-256, notAfter. */
export const truststoreList: Compute<TruststoreListOptions, TruststoreListResult> = async (options, io, talk) => {
  const { file } = options;
  const bytes = await readUserFile(io.cwd, file);
  const entries: EntrySummary[] = [];
  let format: TruststoreListResult['format'];
  if (isJks(bytes)) {
    format = 'jks';
    const password = await readStorePassword(file, options.storepass, io);
    for (const entry of readJks(bytes, { password, source: file }).entries) {
      const leaf = entry.certificates[0];
      if (leaf !== undefined) entries.push(await summarize(entry.alias, entry.type, leaf, file));
    }
  } else if (detectFormat(bytes, { source: file }).format === 'pkcs12') {
    format = 'p12';
    const result = await readPkcs12(bytes, {
      source: file,
      password: storePasswordProvider(file, options.storepass, io),
    });
    for (const certificate of result.certificates) {
      const type = certificate.localKeyId === undefined ? 'certificate' : 'privateKeyCertificate';
      entries.push(await summarize(certificate.friendlyName ?? null, type, certificate.der, file));
    }
  } else {
    format = 'certificates';
    const ders = await readCertificates(bytes, {
      source: file,
      password: storePasswordProvider(file, options.storepass, io),
    });
    for (const der of ders) entries.push(await summarize(null, 'certificate', der, file));
  }
  return talk.outcome(ExitCode.ok, { file, format, entries });
};

/** One line per entry, or a line saying there is none. */
export function truststoreListText(result: TruststoreListResult): string {
  return result.entries.length === 0 ? `${result.file}: no entries` : entryLines(result.entries);
}

/** The command's handler: the work, then its rendering. */
export const truststoreListHandler = present(truststoreList, truststoreListText);
