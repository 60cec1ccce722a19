import { detectFormat, readCertificates, readJks, readPkcs12 } from '@certwright/core';
import { ExitCode } from '../../exit-codes.js';
import { readUserFile } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { Output } from '../../io/output.js';
import type { SecretSource } from '../../io/secrets.js';
import { storePasswordProvider } from '../shared/store-password.js';
import { type EntrySummary, entryLines, isJks, readStorePassword, summarize } from './shared.js';

export interface TruststoreListOptions {
  file: string;
  storepass: SecretSource;
  json: boolean;
}

/** Lists a JKS, PKCS#12, PEM, DER or PKCS#7 store: alias, entry type, subject, SHA-256, notAfter. */
export async function truststoreList(options: TruststoreListOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  const { file } = options;
  const bytes = await readUserFile(io.cwd, file);
  const entries: EntrySummary[] = [];
  let format: string;
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
  output.result({ file, format, entries }, entries.length === 0 ? `${file}: no entries` : entryLines(entries));
  return ExitCode.ok;
}
