import {
  type CsrInfo,
  createCsr,
  type ExtendedKeyUsageName,
  type HashAlgorithm,
  type KeyUsageName,
  type LintFinding,
  lintCsr,
  parseSubjectAltName,
  type SubjectAltName,
  type SubjectFields,
} from '@certwright/core';
import { isIP } from 'node:net';
import { assertWritable, PUBLIC_MODE, writeFileAtomic } from '../files/write.js';
import { type PassphraseSource, readKeyFile } from '../keys/read-key-file.js';
import { type Progress, silentProgress } from '../progress.js';

/** What `createCsrFile` is asked to make. */
export interface CreateCsrFileOptions {
  cwd: string;
  /** The private key file. */
  key: string;
  /** Asked for only when the key is encrypted. */
  passphrase: PassphraseSource;
  /** Where the CSR goes (PEM). */
  out: string;
  subject: SubjectFields;
  sans: readonly SubjectAltName[];
  /** With no SAN, add the common name as one (TLS clients match SANs only). */
  defaultSan: boolean;
  /** Requested key usage; default by key type. */
  keyUsage?: KeyUsageName[] | undefined;
  /** Requested extended key usage; default serverAuth and clientAuth. */
  extendedKeyUsage?: ExtendedKeyUsageName[] | undefined;
  hash: HashAlgorithm;
  /** A PKCS#9 challenge password to put in the CSR, asked for after the output is known to be writable. */
  challengePassword?: PassphraseSource | undefined;
  force: boolean;
  progress?: Progress;
}

/** The CSR written and what lint found (each finding also went to progress as a warning). */
export interface CsrFileResult {
  file: string;
  csr: CsrInfo;
  findings: LintFinding[];
}

/**
 * Workflow step 2: a CSR from a key and the organisation's details, linted, written atomically.
 *
 * @throws FileError ERR_OUTPUT_EXISTS without force; KeyError for an unreadable key or a wrong passphrase;
 *   CsrError ERR_SUBJECT_INVALID and the like for what core refuses
 */
export async function createCsrFile(options: CreateCsrFileOptions): Promise<CsrFileResult> {
  const progress = options.progress ?? silentProgress;
  await assertWritable(options.cwd, [options.out], options.force);
  const challengePassword = options.challengePassword && (await options.challengePassword(options.out));
  const key = await readKeyFile(options.cwd, options.key, options.passphrase, progress);
  const sans =
    options.sans.length > 0 || !options.defaultSan ? [...options.sans] : defaultSans(options.subject.cn, progress);
  const csr = await createCsr({
    key,
    subject: options.subject,
    sans,
    keyUsage: options.keyUsage,
    extendedKeyUsage: options.extendedKeyUsage,
    challengePassword: challengePassword || undefined,
    hash: options.hash,
  });
  await writeFileAtomic(options.cwd, { path: options.out, data: csr.pem, mode: PUBLIC_MODE }, options.force);
  const findings = lintCsr(csr);
  for (const finding of findings) progress.warn(finding.code, `${options.out}: ${finding.message}`);
  progress.note(`wrote ${options.out}`);
  return { file: options.out, csr, findings };
}

/** With no SAN given, the CN goes in as a SAN: TLS clients ignore the CN and match SANs only. */
function defaultSans(cn: string | undefined, progress: Progress): SubjectAltName[] {
  if (cn === undefined) return [];
  try {
    const san = parseSubjectAltName(isIP(cn) ? `ip:${cn}` : `dns:${cn}`, '--cn');
    progress.note(`no --san given: adding ${san.type.toUpperCase()}:${san.value} from the common name`);
    return [san];
  } catch {
    return [];
  }
}
