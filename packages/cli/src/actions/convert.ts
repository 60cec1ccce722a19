import {
  type CertificateEncoding,
  detectFormat,
  encodeCertificates,
  parseCertificate,
  readCertificates,
  readJks,
  readPkcs12,
} from '@certwright/core';
import type { ConvertOptions } from '../commands/convert.js';
import { usageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { assertWritable, PUBLIC_MODE, readUserFile, writeFileAtomic } from '../io/files.js';
import type { Io } from '../io/io.js';
import { hasSecretSource } from '../io/secrets.js';
import { terminalText } from '../io/terminal-text.js';
import type { Outcome, Progress, Talk } from '../render/outcome.js';
import { present } from '../render/present.js';
import type { ConvertToStoreResult } from './convert-store.js';
import { holdsPrivateKey } from './shared/pem-labels.js';
import { inputPasswordProvider } from './shared/store-password.js';
import { entryLines } from './truststore/shared.js';

export type { ConvertOptions };

/** Certificates re-encoded (the --json fields, docs/cli.md). */
export interface ConvertCertificatesResult {
  file: string;
  out: string;
  to: CertificateEncoding;
  certificates: { subject: string; sha256: string }[];
}

/** What convert wrote: certificates, or a trust store or keystore. */
export type ConvertResult = ConvertCertificatesResult | ConvertToStoreResult;

const ENCODING_NAMES: Record<CertificateEncoding, string> = {
  pem: 'PEM',
  der: 'DER',
  p7b: 'PKCS#7 (DER)',
  'p7b-pem': 'PKCS#7 (PEM)',
};

/** Re-encodes the certificates of any input as PEM, DER or PKCS#7; private keys are never copied. */
export async function convert(options: ConvertOptions, io: Io, talk: Talk): Promise<Outcome<ConvertResult>> {
  const { input, out, to } = options;
  if (to === 'p12' || to === 'jks') {
    const { convertToStore } = await import('./convert-store.js');
    return convertToStore({ ...options, to }, io, talk);
  }
  if (
    hasSecretSource(options.storepass) ||
    options.preset !== undefined ||
    options.alias !== undefined ||
    options.trustOnly
  ) {
    throw usageError('--storepass-…, --preset, --alias and --trust-only apply to --to p12 and jks only');
  }
  await assertWritable(io.cwd, [out], options.force);
  const bytes = await readUserFile(io.cwd, input);
  const certificates = await readInputCertificates(bytes, options, io, talk);
  if (to === 'der' && certificates.length !== 1) {
    throw usageError(
      `--to der writes exactly one certificate; ${input} holds ${certificates.length}: use --to pem or p7b`,
      'to',
    );
  }
  const data = encodeCertificates(certificates, to);
  const summaries = [];
  for (const der of certificates) {
    const info = await parseCertificate(der, { source: input });
    summaries.push({ subject: info.subjectText, sha256: info.fingerprintSha256 });
  }
  await writeFileAtomic(io.cwd, { path: out, data, mode: PUBLIC_MODE }, options.force);
  talk.note(`wrote ${certificates.length} certificate(s) from ${input} to ${out} as ${ENCODING_NAMES[to]}`);
  return talk.outcome(ExitCode.ok, { file: input, out, to, certificates: summaries });
}

/** The certificates written, or the store's entries (aliases from the input escaped for the terminal). */
export function convertText(result: ConvertResult): string {
  if (!('kind' in result)) {
    return result.certificates
      .map((summary, index) => `${index + 1}. ${summary.subject}  ${summary.sha256}`)
      .join('\n');
  }
  if (result.kind === 'truststore') return entryLines(result.entries);
  return [
    `${terminalText(result.alias)}  privateKey`,
    ...result.chain.map((entry, index) => `  ${index + 1}. ${entry.subject}  ${entry.sha256}`),
  ].join('\n');
}

/** The certificates, in input order, with a warning when the input also held keys (which stay behind). */
async function readInputCertificates(
  bytes: Uint8Array,
  options: ConvertOptions,
  io: Io,
  output: Progress,
): Promise<Uint8Array[]> {
  const { input } = options;
  const detection = detectFormat(bytes, { source: input });
  const password = inputPasswordProvider(input, options.inpass, io);
  if (detection.format === 'pkcs12') {
    const pfx = await readPkcs12(bytes, { source: input, password });
    if (pfx.keyCount > 0) warnKeysLeft(output, input);
    return pfx.certificates.map((certificate) => certificate.der);
  }
  if (detection.format === 'jks') {
    const { entries } = readJks(bytes, { password: await password(), source: input });
    if (entries.some((entry) => entry.type === 'privateKey')) warnKeysLeft(output, input);
    return entries.flatMap((entry) => entry.certificates);
  }
  if (holdsPrivateKey(detection.blocks)) warnKeysLeft(output, input);
  return readCertificates(bytes, { source: input, password });
}

function warnKeysLeft(output: Progress, input: string): void {
  output.warn('WARN_FORMAT_KEYS_NOT_CONVERTED', `${input} also holds a private key; convert copies certificates only`);
}

/** The command's handler: the work, then its rendering. */
export const convertHandler = present(convert, convertText);
