import { createJksTrustStore, createPkcs12TrustStore, encodeCertificates, readJks, readPkcs12 } from '@certwright/core';
import type { TruststoreCreateOptions } from '../../commands/truststore/create.js';
import { usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { assertWritable, PUBLIC_MODE, writeFileAtomic } from '../../io/files.js';
import { hasSecretSource } from '../../io/secrets.js';
import {
  DEVICE_TRUSTED_ROOT_LIMIT,
  type EntrySummary,
  entryLines,
  readCertificateFile,
  readNewStorePassword,
  summarize,
} from './shared.js';
import { type Compute, present } from '../../render/present.js';

export type { TruststoreCreateOptions };

/** The trust store written (its --json fields, docs/cli.md). */
export interface TruststoreCreateResult {
  out: string;
  format: TruststoreCreateOptions['format'];
  entries: EntrySummary[];
}

/** Writes every certificate of every input into one trust store (PEM bundle, PKCS#12 or JKS). */
export const truststoreCreate: Compute<TruststoreCreateOptions, TruststoreCreateResult> = async (options, io, talk) => {
  const { format, out } = options;
  if (format === 'pem' && hasSecretSource(options.storepass)) {
    throw usageError('a PEM trust store has no password: drop the --storepass option', 'storepass');
  }
  if (format === 'pem' && options.aliases.length > 0) {
    throw usageError('a PEM trust store has no aliases: drop --alias', 'alias');
  }
  if (format !== 'p12' && options.preset !== undefined) {
    throw usageError('--preset applies to --format p12 only', 'preset');
  }
  await assertWritable(io.cwd, [out], options.force);
  const certificates: Uint8Array[] = [];
  for (const file of options.files) certificates.push(...(await readCertificateFile(file, options.inpass, io)));
  if (options.aliases.length > 0 && options.aliases.length !== certificates.length) {
    throw usageError(
      `${options.aliases.length} --alias given for ${certificates.length} certificate(s): give one per certificate, in order, or none`,
      'alias',
    );
  }
  if (certificates.length > DEVICE_TRUSTED_ROOT_LIMIT) {
    talk.warn(
      'WARN_TRUSTSTORE_DEVICE_LIMIT',
      `${certificates.length} certificates: a device TLS context holds about ${DEVICE_TRUSTED_ROOT_LIMIT} trusted roots`,
    );
  }
  const inputs = certificates.map((der, index) =>
    options.aliases.length > 0 ? { der, alias: options.aliases[index] as string } : { der },
  );
  let data: string | Uint8Array;
  let aliases: (string | null)[];
  if (format === 'pem') {
    data = encodeCertificates(certificates, 'pem');
    aliases = certificates.map(() => null);
  } else {
    const password = await readNewStorePassword(out, options.storepass, io);
    if (format === 'jks') {
      data = createJksTrustStore({ certificates: inputs, password, now: io.now() });
      aliases = readJks(data, { password, source: out }).entries.map((entry) => entry.alias);
    } else {
      data = await createPkcs12TrustStore({ certificates: inputs, password, preset: options.preset });
      aliases = (await readPkcs12(data, { password, source: out })).certificates.map(
        (certificate) => certificate.friendlyName ?? null,
      );
    }
  }
  const entries: EntrySummary[] = [];
  for (const [index, der] of certificates.entries()) {
    entries.push(await summarize(aliases[index] ?? null, 'trustedCertificate', der, out));
  }
  await writeFileAtomic(io.cwd, { path: out, data, mode: PUBLIC_MODE }, options.force);
  talk.note(`wrote ${entries.length} trusted certificate(s) to ${out} (${format}, mode 0644)`);
  return talk.outcome(ExitCode.ok, { out, format, entries });
};

/** One line per entry written. */
export function truststoreCreateText(result: TruststoreCreateResult): string {
  return entryLines(result.entries);
}

/** The command's handler: the work, then its rendering. */
export const truststoreCreateHandler = present(truststoreCreate, truststoreCreateText);
