import { createPublicKey } from 'node:crypto';
import {
  assertCsrSignature,
  type CertificateInfo,
  CertwrightError,
  describeKeyObject,
  describeKeyProtection,
  detectFormat,
  type FormatDetection,
  FormatError,
  type KeyDescription,
  type KeyProtection,
  keyLabel,
  lintCsr,
  parseCertificate,
  parseCsr,
  readCertificates,
  readJks,
  readPkcs12,
} from '@certwright/core';
import type { InspectOptions } from '../commands/inspect.js';
import { ExitCode } from '../exit-codes.js';
import { readUserFile } from '../io/files.js';
import type { Io } from '../io/io.js';
import { hasSecretSource } from '../io/secrets.js';
import { terminalText } from '../io/terminal-text.js';
import type { Outcome, Progress, Talk } from '../render/outcome.js';
import { present } from '../render/present.js';
import { type CertificateReportJson, certificateReport, certificateReportJson } from './shared/certificate-report.js';
import { type CsrReportJson, csrReportJson, csrReportText } from './shared/csr-report.js';
import { readKeyFile } from './shared/key-passphrase.js';
import { holdsPrivateKey, PRIVATE_KEY_LABELS } from './shared/pem-labels.js';
import { storePasswordProvider } from './shared/store-password.js';

export type { InspectOptions };

/**
 * A key found: its type and size (null for an encrypted key not decrypted), private or public, its
 * alias in a store; for a key file, how it is protected and whether a passphrase given was checked.
 */
interface FoundKey {
  description: KeyDescription | null;
  kind: 'private' | 'public';
  friendlyName?: string;
  protection?: KeyProtection;
  passphraseChecked?: boolean;
}

/** What a file is and holds (the --json fields, docs/cli.md); never key material. */
export interface InspectResult {
  file: string;
  format: FormatDetection;
  certificates: CertificateReportJson[];
  csr?: CsrReportJson;
  keys: FoundKey[];
  pkcs12?: { mac: string | undefined; encryption: string[] };
  /** PEM blocks inspect does not describe (e.g. X509 CRL). */
  otherBlocks: string[];
}

const CERTIFICATE_LABELS = [
  'CERTIFICATE',
  'X509 CERTIFICATE',
  'TRUSTED CERTIFICATE',
  'PKCS7',
  'PKCS #7 SIGNED DATA',
  'CMS',
];
const CSR_LABELS = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'];

/** What one file holds, gathered before anything is described. */
interface Inspection {
  certificates: { info: CertificateInfo; friendlyName?: string }[];
  csr?: CsrReportJson;
  keys: FoundKey[];
  pkcs12?: { mac: string | undefined; encryption: string[] };
  /** PEM blocks inspect does not describe (e.g. X509 CRL). */
  otherBlocks: string[];
}

/** Says what a file is and describes every certificate, CSR and key in it; never prints key material. */
export async function inspect(options: InspectOptions, io: Io, talk: Talk): Promise<Outcome<InspectResult>> {
  const { file } = options;
  const bytes = await readUserFile(io.cwd, file);
  const detection = detectFormat(bytes, { source: file });
  const found = await gather(bytes, detection, { options, io, output: talk });
  const now = io.now();
  return talk.outcome(ExitCode.ok, {
    file,
    format: detection,
    certificates: found.certificates.map(({ info, friendlyName }) =>
      certificateReportJson(info, now, friendlyName === undefined ? {} : { friendlyName }),
    ),
    ...(found.csr === undefined ? {} : { csr: found.csr }),
    keys: found.keys,
    ...(found.pkcs12 === undefined ? {} : { pkcs12: found.pkcs12 }),
    otherBlocks: found.otherBlocks,
  });
}

/** What reading a file needs besides its bytes: the options (secrets), the process, where warnings go. */
interface Reading {
  options: InspectOptions;
  io: Io;
  output: Progress;
}

async function gather(bytes: Uint8Array, detection: FormatDetection, reading: Reading): Promise<Inspection> {
  const { options, io, output } = reading;
  const { file } = options;
  const found: Inspection = { certificates: [], keys: [], otherBlocks: [] };
  switch (detection.format) {
    case 'pkcs12': {
      const password = storePasswordProvider(file, options.storepass, io);
      const pfx = await readPkcs12(bytes, { source: file, password, includeKeys: true });
      for (const { der, friendlyName } of pfx.certificates) {
        found.certificates.push({ info: await parseCertificate(der, { source: file }), ...named(friendlyName) });
      }
      for (const { key, friendlyName } of pfx.keys) {
        found.keys.push({ description: key.description, kind: 'private', ...named(friendlyName) });
      }
      found.pkcs12 = { mac: pfx.mac, encryption: pfx.encryption };
      if (pfx.mac === undefined) output.warn('WARN_PKCS12_NO_MAC', `${file}: the PKCS#12 file has no integrity MAC`);
      const weak = [...new Set(pfx.encryption.filter((scheme) => /RC2|RC4/.test(scheme)))];
      if (weak.length > 0) {
        output.warn(
          'WARN_PKCS12_LEGACY_ENCRYPTION',
          `${file}: protected with ${weak.join(', ')} (broken legacy encryption); re-encrypt it with \`certwright convert ${file} --to p12\``,
        );
      }
      return found;
    }
    case 'jks': {
      // Each entry by its alias: a trusted certificate, or a private key entry with its chain (the key
      // stays encrypted; its type and size are its certificate's).
      const password = await storePasswordProvider(file, options.storepass, io)();
      for (const entry of readJks(bytes, { password, source: file }).entries) {
        const infos = await Promise.all(entry.certificates.map((der) => parseCertificate(der, { source: file })));
        for (const [index, info] of infos.entries()) {
          found.certificates.push({ info, ...named(index === 0 ? entry.alias : undefined) });
        }
        const keyCertificate = infos[0];
        if (entry.type === 'privateKey' && keyCertificate !== undefined) {
          found.keys.push({ description: keyCertificate.publicKey, kind: 'private', friendlyName: entry.alias });
        }
      }
      return found;
    }
    case 'der-csr':
      found.csr = await describeCsr(bytes, file);
      return found;
    case 'der-key':
      found.keys.push(await describePrivateKey(bytes, reading));
      return found;
    case 'der-public-key':
      found.keys.push({ description: describePublicKey(bytes, 'der', file), kind: 'public' });
      return found;
    case 'pem':
      return gatherPem(bytes, detection.blocks ?? [], reading);
    default:
      await addCertificates(found, bytes, file);
      return found;
  }
}

/** A PEM file may mix blocks: certificates (and PKCS#7) in order, then the first CSR and the first key. */
async function gatherPem(bytes: Uint8Array, labels: string[], reading: Reading): Promise<Inspection> {
  const { options } = reading;
  const { file } = options;
  const found: Inspection = { certificates: [], keys: [], otherBlocks: [] };
  if (labels.some((label) => CERTIFICATE_LABELS.includes(label))) await addCertificates(found, bytes, file);
  if (labels.some((label) => CSR_LABELS.includes(label))) found.csr = await describeCsr(bytes, file);
  if (holdsPrivateKey(labels)) found.keys.push(await describePrivateKey(bytes, reading));
  if (labels.includes('PUBLIC KEY'))
    found.keys.push({ description: describePublicKey(bytes, 'pem', file), kind: 'public' });
  const known = [...CERTIFICATE_LABELS, ...CSR_LABELS, ...PRIVATE_KEY_LABELS, 'PUBLIC KEY'];
  found.otherBlocks = labels.filter((label) => !known.includes(label));
  return found;
}

async function addCertificates(found: Inspection, bytes: Uint8Array, file: string): Promise<void> {
  for (const der of await readCertificates(bytes, { source: file })) {
    found.certificates.push({ info: await parseCertificate(der, { source: file }) });
  }
}

/** Like `csr show`: a CSR whose signature does not verify is refused (exit 3). */
async function describeCsr(bytes: Uint8Array, file: string): Promise<CsrReportJson> {
  const csr = await parseCsr(bytes, { source: file });
  await assertCsrSignature(csr, { source: file });
  return csrReportJson(csr, lintCsr(csr));
}

/**
 * How the key is protected, read without a passphrase; an encrypted key is decrypted (which checks
 * the passphrase and gives its type and size) only when a passphrase source is given: inspect never prompts for it.
 */
async function describePrivateKey(bytes: Uint8Array, reading: Reading): Promise<FoundKey> {
  const { options, io, output } = reading;
  const { file } = options;
  const protection = describeKeyProtection(bytes, { source: file });
  if (protection.encrypted && !hasSecretSource(options.passphrase)) {
    if (protection.format === 'legacy-encrypted') {
      output.warn(
        'WARN_KEY_LEGACY_ENCRYPTION',
        `${file}: legacy Proc-Type: 4,ENCRYPTED PEM (one round of MD5 derives the key); re-encrypt it as PKCS#8`,
      );
    }
    return { description: null, kind: 'private', protection, passphraseChecked: false };
  }
  const key = await readKeyFile(file, options.passphrase, io, output);
  return {
    description: key.description,
    kind: 'private',
    protection,
    ...(protection.encrypted ? { passphraseChecked: true } : {}),
  };
}

/** The SPKI of a DER file, or of the first `PUBLIC KEY` block (taken alone: Node would take any first block). */
function describePublicKey(bytes: Uint8Array, format: 'pem' | 'der', file: string): KeyDescription {
  try {
    if (format === 'der') return describeKeyObject(createPublicKey({ key: Buffer.from(bytes), format, type: 'spki' }));
    const block = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/.exec(
      Buffer.from(bytes).toString('latin1'),
    );
    return describeKeyObject(createPublicKey((block as RegExpExecArray)[0]));
  } catch (cause) {
    if (cause instanceof CertwrightError) throw cause;
    throw new FormatError(
      'ERR_FORMAT_DER_INVALID',
      `${file}: the public key cannot be read`,
      { source: file },
      { cause },
    );
  }
}

function named(friendlyName: string | undefined): { friendlyName?: string } {
  return friendlyName === undefined ? {} : { friendlyName };
}

const FORMAT_NAMES: Record<FormatDetection['format'], string> = {
  pem: 'PEM',
  'der-certificate': 'DER certificate',
  'der-csr': 'DER certificate signing request',
  'der-key': 'DER private key',
  'der-public-key': 'DER public key',
  pkcs7: 'PKCS#7 certificate bundle (DER)',
  pkcs12: 'PKCS#12',
  jks: 'Java KeyStore (JKS)',
};

function formatLine(detection: FormatDetection, found: InspectResult): string {
  const base = FORMAT_NAMES[detection.format];
  if (detection.blocks !== undefined) return `${base} (${detection.blocks.join(', ')})`;
  if (found.pkcs12 !== undefined) {
    const mac = found.pkcs12.mac ?? 'no MAC';
    return `${base} (${[mac, ...new Set(found.pkcs12.encryption)].join('; ')})`;
  }
  return detection.keyKind === undefined ? base : `${base} (${detection.keyKind})`;
}

/** The file's format, then each certificate, the CSR and the keys; names from the file escaped for the terminal. */
export function inspectText(found: InspectResult): string {
  const { file } = found;
  const sections = [`File:    ${file}\nFormat:  ${formatLine(found.format, found)}`];
  const count = found.certificates.length;
  found.certificates.forEach((certificate, index) => {
    const heading = `Certificate ${index + 1} of ${count}`;
    const alias = certificate.friendlyName === undefined ? undefined : terminalText(certificate.friendlyName);
    sections.push(certificateReport(certificate, heading, alias));
  });
  if (found.csr !== undefined) {
    const csr = csrReportText(file, found.csr, { includePem: false });
    sections.push(`Certificate signing request\n${csr.trimEnd()}`);
  }
  for (const key of found.keys) sections.push(keyText(key));
  if (found.otherBlocks.length > 0) sections.push(`Other PEM blocks (not inspected): ${found.otherBlocks.join(', ')}`);
  return `${sections.join('\n\n')}\n`;
}

/** `Private key: RSA 2048 bits`, with how a key file is protected and whether the passphrase was checked. */
function keyText(key: FoundKey): string {
  const alias = key.friendlyName === undefined ? '' : ` (alias ${terminalText(key.friendlyName)})`;
  const heading = `${key.kind === 'private' ? 'Private' : 'Public'} key${alias}`;
  const protection = key.protection;
  if (protection === undefined || !protection.encrypted) {
    const plain = protection === undefined ? '' : '\n  Encryption:  none (the file is not protected by a passphrase)';
    return `${heading}: ${key.description === null ? 'not described' : keyLabel(key.description)}${plain}`;
  }
  const lines = [
    key.description === null
      ? `${heading}: encrypted; not decrypted (give --passphrase-file, --passphrase-env or --passphrase-fd to check the passphrase and describe the key)`
      : `${heading}: ${keyLabel(key.description)}; the passphrase given decrypts it`,
    `  Encryption:  ${protectionText(protection)}`,
  ];
  return lines.join('\n');
}

/** `PKCS#8 PBES2: PBKDF2 with hmacWithSHA256, 600000 iterations; cipher aes-256-cbc`. */
export function protectionText(protection: KeyProtection): string {
  if (protection.format === 'legacy-encrypted') {
    return `legacy PEM (Proc-Type: 4,ENCRYPTED); cipher ${terminalText(protection.cipher ?? '?')}; key derived by one round of MD5`;
  }
  const kdf = [protection.kdf, protection.prf === undefined ? undefined : `with ${protection.prf}`].filter(
    (part) => part !== undefined,
  );
  const cost =
    protection.iterations !== undefined
      ? `${protection.iterations} iterations`
      : protection.scryptCost !== undefined
        ? `cost N·r·p ${protection.scryptCost}`
        : undefined;
  const parts = [
    kdf.length > 0 ? kdf.join(' ') : undefined,
    cost,
    protection.cipher === undefined ? undefined : `cipher ${protection.cipher}`,
  ];
  return `PKCS#8 ${protection.scheme ?? 'encrypted'}: ${parts.filter((part) => part !== undefined).join('; ')}`;
}

/** The command's handler: the work, then its rendering. */
export const inspectHandler = present(inspect, inspectText);
