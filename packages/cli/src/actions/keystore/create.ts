import {
  assertKeyMatchesCertificate,
  createJksKeyStore,
  createPkcs12KeyStore,
  defaultAlias,
  parseCertificate,
} from '@certwright/core';
import type { KeystoreCreateOptions } from '../../commands/keystore/create.js';
import { usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { assertWritable, PRIVATE_MODE, writeFileAtomic } from '../../io/files.js';
import { readKeyFile } from '../shared/key-passphrase.js';
import { readCertificateFile, readNewStorePassword } from '../truststore/shared.js';
import { type Compute, present } from '../../render/present.js';
import { fingerprintText } from '../../render/fingerprint.js';

export type { KeystoreCreateOptions };

/** The key store written (its --json fields, docs/cli.md). */
export interface KeystoreCreateResult {
  out: string;
  format: KeystoreCreateOptions['format'];
  alias: string;
  chain: { subject: string; sha256: string }[];
}

/** Writes a private key with its certificate chain (leaf first) as PKCS#12 or JKS, mode 0600. */
export const keystoreCreate: Compute<KeystoreCreateOptions, KeystoreCreateResult> = async (options, io, talk) => {
  const { format, out } = options;
  if (format !== 'p12' && options.preset !== undefined)
    throw usageError('--preset applies to --format p12 only', 'preset');
  await assertWritable(io.cwd, [out], options.force);
  const key = await readKeyFile(options.key, options.passphrase, io, talk);
  const chain: Uint8Array[] = [];
  for (const file of [options.cert, ...options.chain])
    chain.push(...(await readCertificateFile(file, options.inpass, io)));
  const leaf = chain[0];
  if (leaf === undefined) throw usageError(`${options.cert}: holds no certificate`, 'cert');
  // Nothing is written, and no store password asked for, unless the key belongs to the certificate.
  await assertKeyMatchesCertificate(key, leaf, { source: options.cert });
  const password = await readNewStorePassword(out, options.storepass, io);
  const alias = options.alias ?? defaultAlias(leaf);
  const data =
    format === 'jks'
      ? await createJksKeyStore({ alias, key, chain, password, now: io.now() })
      : await createPkcs12KeyStore({ alias, key, chain, password, preset: options.preset });
  const chainSummary = [];
  for (const der of chain) {
    const info = await parseCertificate(der, { source: options.cert });
    chainSummary.push({ subject: info.subjectText, sha256: info.fingerprintSha256 });
  }
  await writeFileAtomic(io.cwd, { path: out, data, mode: PRIVATE_MODE }, options.force);
  talk.note(`wrote ${out} (${format}, mode 0600): key ${options.key} with ${chain.length} certificate(s)`);
  return talk.outcome(ExitCode.ok, { out, format, alias, chain: chainSummary });
};

/** The key entry and its chain, leaf first. */
export function keystoreCreateText(result: KeystoreCreateResult): string {
  return [
    `${result.alias}  privateKey`,
    ...result.chain.map((entry, index) => `  ${index + 1}. ${entry.subject}  ${fingerprintText(entry.sha256)}`),
  ].join('\n');
}

/** The command's handler: the work, then its rendering. */
export const keystoreCreateHandler = present(keystoreCreate, keystoreCreateText);
