import {
  type CertificateEncoding,
  detectFormat,
  encodeCertificates,
  type Pkcs12Preset,
  parseCertificate,
  readCertificates,
  readJks,
  readPkcs12,
} from '@certwright/core';
import { usageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { assertWritable, PUBLIC_MODE, readUserFile, writeFileAtomic } from '../io/files.js';
import type { Io } from '../io/io.js';
import { Output } from '../io/output.js';
import { hasSecretSource, type SecretSource } from '../io/secrets.js';
import { holdsPrivateKey } from './shared/pem-labels.js';
import { inputPasswordProvider } from './shared/store-password.js';

export interface ConvertOptions {
  input: string;
  to: CertificateEncoding | 'p12' | 'jks';
  out: string;
  /** PKCS#12 output protection (p12 only). */
  preset: Pkcs12Preset | undefined;
  /** The keystore entry's alias (p12/jks with a key). */
  alias: string | undefined;
  /** p12/jks: a trust store even when the input holds a key. */
  trustOnly: boolean;
  /** For PKCS#12 input; asked for only when the input is PKCS#12. */
  inpass: SecretSource;
  /** For an encrypted key in a PEM input (p12/jks only); asked for only then. */
  passphrase: SecretSource;
  /** The password of the p12/jks store written. */
  storepass: SecretSource;
  force: boolean;
  json: boolean;
}

const ENCODING_NAMES: Record<CertificateEncoding, string> = {
  pem: 'PEM',
  der: 'DER',
  p7b: 'PKCS#7 (DER)',
  'p7b-pem': 'PKCS#7 (PEM)',
};

/** Re-encodes the certificates of any input as PEM, DER or PKCS#7; private keys are never copied. */
export async function convert(options: ConvertOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  const { input, out, to } = options;
  if (to === 'p12' || to === 'jks') {
    const { convertToStore } = await import('./convert-store.js');
    return convertToStore({ ...options, to }, io, output);
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
  const certificates = await readInputCertificates(bytes, options, io, output);
  if (to === 'der' && certificates.length !== 1) {
    throw usageError(
      `--to der writes exactly one certificate; ${input} holds ${certificates.length}: use --to pem or p7b`,
      'to',
    );
  }
  const data = encodeCertificates(certificates, to as CertificateEncoding);
  const summaries = [];
  for (const der of certificates) {
    const info = await parseCertificate(der, { source: input });
    summaries.push({ subject: info.subjectText, sha256: info.fingerprintSha256 });
  }
  await writeFileAtomic(io.cwd, { path: out, data, mode: PUBLIC_MODE }, options.force);
  output.note(`wrote ${certificates.length} certificate(s) from ${input} to ${out} as ${ENCODING_NAMES[to]}`);
  output.result(
    { file: input, out, to, certificates: summaries },
    options.json
      ? ''
      : summaries.map((summary, index) => `${index + 1}. ${summary.subject}  ${summary.sha256}`).join('\n'),
  );
  return ExitCode.ok;
}

/** The certificates, in input order, with a warning when the input also held keys (which stay behind). */
async function readInputCertificates(
  bytes: Uint8Array,
  options: ConvertOptions,
  io: Io,
  output: Output,
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

function warnKeysLeft(output: Output, input: string): void {
  output.warn('WARN_FORMAT_KEYS_NOT_CONVERTED', `${input} also holds a private key; convert copies certificates only`);
}
