import {
  type CertificateEncoding,
  detectFormat,
  encodeCertificates,
  parseCertificate,
  readCertificates,
  readJks,
  readPkcs12,
} from '@certwright/core';
import { readOnePkcs12Key, storeKeyWrite } from '@certwright/deploy';
import type { ConvertOptions } from '../commands/convert.js';
import { usageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { assertWritable, type PlannedWrite, PUBLIC_MODE, readUserFile, writeFilesAtomic } from '../io/files.js';
import type { Io } from '../io/io.js';
import { hasSecretSource } from '../io/secrets.js';
import { terminalText } from '../io/terminal-text.js';
import type { Outcome, Progress, Talk } from '../render/outcome.js';
import { present } from '../render/present.js';
import type { ConvertToStoreResult } from './convert-store.js';
import { newPassphraseSource } from './shared/key-passphrase.js';
import { holdsPrivateKey } from './shared/pem-labels.js';
import { inputPasswordProvider } from './shared/store-password.js';
import { entryLines } from './truststore/shared.js';
import { fingerprintText } from '../render/fingerprint.js';

export type { ConvertOptions };

/** Certificates re-encoded (the --json fields, docs/cli.md). */
export interface ConvertCertificatesResult {
  file: string;
  out: string;
  to: CertificateEncoding;
  certificates: { subject: string; sha256: string }[];
  /** The private key of a PKCS#12 input written with --key-out, else null. */
  key: { file: string; encrypted: boolean } | null;
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
  if (options.keyOut === undefined && !options.encrypt)
    throw usageError('--no-encrypt applies to --key-out only', 'encrypt');
  if (to === 'p12' || to === 'jks') {
    if (options.keyOut !== undefined)
      throw usageError('--key-out applies to --to pem, der and p7b (p12/jks keep the key in the store)', 'key-out');
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
  await assertWritable(io.cwd, options.keyOut === undefined ? [out] : [out, options.keyOut], options.force);
  const bytes = await readUserFile(io.cwd, input);
  const { certificates, keyWrite } =
    options.keyOut === undefined
      ? { certificates: await readInputCertificates(bytes, options, io, talk), keyWrite: undefined }
      : await readWithKey(bytes, options.keyOut, options, io, talk);
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
  // The certificates and the key are one set: both written, or neither.
  const writes: PlannedWrite[] = [{ path: out, data, mode: PUBLIC_MODE }];
  if (keyWrite !== undefined) writes.push(keyWrite.write);
  await writeFilesAtomic(io.cwd, writes, options.force);
  talk.note(`wrote ${certificates.length} certificate(s) from ${input} to ${out} as ${ENCODING_NAMES[to]}`);
  if (keyWrite !== undefined)
    talk.note(`wrote ${keyWrite.write.path}: the private key of ${input}, ${keyWrite.summary}`);
  const key = keyWrite === undefined ? null : { file: keyWrite.write.path, encrypted: keyWrite.encrypted };
  return talk.outcome(ExitCode.ok, { file: input, out, to, certificates: summaries, key });
}

/** --key-out: the certificates of a PKCS#12 input and its one key, encrypted with a new passphrase. */
async function readWithKey(bytes: Uint8Array, keyOut: string, options: ConvertOptions, io: Io, output: Progress) {
  const { input } = options;
  if (detectFormat(bytes, { source: input }).format !== 'pkcs12')
    throw usageError(`--key-out takes the key out of a PKCS#12 input; ${input} is not one`, 'key-out');
  const found = await readOnePkcs12Key(bytes, input, inputPasswordProvider(input, options.inpass, io));
  const protection = {
    encrypt: options.encrypt,
    passphrase: newPassphraseSource(options.encrypt, options.passphrase, io),
  };
  const keyWrite = await storeKeyWrite(found, keyOut, protection, output);
  return { certificates: found.certificates, keyWrite };
}

/** The certificates written, or the store's entries (aliases from the input escaped for the terminal). */
export function convertText(result: ConvertResult): string {
  if (!('kind' in result)) {
    return result.certificates
      .map((summary, index) => `${index + 1}. ${summary.subject}  ${fingerprintText(summary.sha256)}`)
      .join('\n');
  }
  if (result.kind === 'truststore') return entryLines(result.entries);
  return [
    `${terminalText(result.alias)}  privateKey`,
    ...result.chain.map((entry, index) => `  ${index + 1}. ${entry.subject}  ${fingerprintText(entry.sha256)}`),
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
    if (pfx.keyCount > 0) warnKeysLeft(output, input, true);
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

function warnKeysLeft(output: Progress, input: string, pkcs12 = false): void {
  const hint = pkcs12 ? ' (--key-out FILE writes it, encrypted)' : '';
  output.warn(
    'WARN_FORMAT_KEYS_NOT_CONVERTED',
    `${input} also holds a private key; only certificates were written${hint}`,
  );
}

/** The command's handler: the work, then its rendering. */
export const convertHandler = present(convert, convertText);
