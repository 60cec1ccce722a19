import { addJksTrustedCertificate, removeJksEntry } from '@certwright/core';
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

async function readJksStore(file: string, io: Io): Promise<Uint8Array> {
  const bytes = await readUserFile(io.cwd, file);
  if (!isJks(bytes)) {
    throw usageError(
      `${file}: not a JKS store; only JKS trust stores can be modified for now (recreate a PKCS#12 or PEM store with \`truststore create\`)`,
    );
  }
  return bytes;
}

/** Adds one trusted certificate to a JKS store, rewriting it atomically. */
export async function truststoreAdd(options: TruststoreAddOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  const { file, alias } = options;
  const bytes = await readJksStore(file, io);
  const certificates = await readCertificateFile(options.certificate, options.inpass, io);
  const der = certificates[0];
  if (der === undefined || certificates.length !== 1) {
    throw usageError(`${options.certificate}: holds ${certificates.length} certificates; add takes exactly one`);
  }
  const password = await readStorePassword(file, options.storepass, io);
  const data = addJksTrustedCertificate(bytes, { alias, der, password, now: io.now() });
  const entry = await summarize(alias.toLowerCase(), 'trustedCertificate', der, options.certificate);
  await writeFileAtomic(io.cwd, { path: file, data, mode: PUBLIC_MODE }, true);
  output.result({ file, added: entry }, `added ${entry.alias}: ${entry.subject} to ${file}`);
  return ExitCode.ok;
}

/** Removes one entry from a JKS store, rewriting it atomically. */
export async function truststoreRemove(options: TruststoreRemoveOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  const { file, alias } = options;
  const bytes = await readJksStore(file, io);
  const password = await readStorePassword(file, options.storepass, io);
  const data = removeJksEntry(bytes, { alias, password });
  await writeFileAtomic(io.cwd, { path: file, data, mode: PUBLIC_MODE }, true);
  output.result({ file, removed: alias }, `removed ${alias} from ${file}`);
  return ExitCode.ok;
}
