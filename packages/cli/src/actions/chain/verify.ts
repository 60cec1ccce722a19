import {
  type ChainValidationResult,
  type FetchedRevocation,
  parseCertificate,
  readCertificates,
  validateChain,
} from '@certwright/core';
import { fetchForPath } from '@certwright/deploy';
import type { ChainVerifyOptions } from '../../commands/chain/verify.js';
import { createHash } from 'node:crypto';
import { usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { readUserFile } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { createRevocationFetch } from '../../io/revocation-fetch.js';
import { readSecret } from '../../io/secrets.js';
import type { Outcome, Talk } from '../../render/outcome.js';
import { parseTimeOption } from '../shared/time-option.js';
import { present } from '../../render/present.js';

export type { ChainVerifyOptions };

/** The verdict and the path (the --json fields, docs/cli.md). */
export interface ChainVerifyResult {
  file: string;
  valid: boolean;
  profile: ChainVerifyOptions['profile'];
  purpose: ChainVerifyOptions['purpose'];
  at: string;
  path: PathEntry[];
  policySet: ChainValidationResult['policySet'];
  problems: ChainValidationResult['problems'];
  revocation: ChainValidationResult['revocation'];
  /** With --fetch-revocation: every location tried and how it went. */
  fetched?: FetchedRevocation['attempts'];
}

/** Certificates read from the named files, each remembered with the file it came from. */
interface Sourced {
  der: Uint8Array;
  file: string;
}

/** Builds and validates the certificate's chain; exit 0 valid, 1 invalid. */
export async function chainVerify(
  options: ChainVerifyOptions,
  io: Io,
  talk: Talk,
): Promise<Outcome<ChainVerifyResult>> {
  const at = options.at === undefined ? io.now() : parseTimeOption(options.at, '--at');
  if (options.allowWeak) {
    talk.warn('WARN_ALLOW_WEAK', '--allow-weak: MD5/SHA-1 signatures and RSA keys below 2048 bits are accepted');
  }
  let asked: Promise<string> | undefined;
  const password = () => {
    asked ??= readSecret(options.storepass, { flag: 'storepass', purpose: 'store password', confirm: false }, io);
    return asked;
  };
  const read = (file: string) => readSourced(file, password, io);
  const [certFile, roots, untrusted, crls, ocspResponses] = await Promise.all([
    read(options.cert),
    Promise.all(options.roots.map(read)).then((lists) => lists.flat()),
    Promise.all(options.untrusted.map(read)).then((lists) => lists.flat()),
    Promise.all(options.crls.map((file) => readUserFile(io.cwd, file))),
    Promise.all(options.ocspResponses.map((file) => readUserFile(io.cwd, file))),
  ]);
  const [leaf, ...bundled] = certFile;
  if (!leaf) throw usageError(`${options.cert}: holds no certificate`, 'cert');
  const inputs = {
    leaf: leaf.der,
    intermediates: [...bundled, ...untrusted].map((certificate) => certificate.der),
    trustAnchors: roots.map((certificate) => certificate.der),
    at,
    purpose: options.purpose,
    ...(options.host === undefined ? {} : { hostname: options.host }),
    ...(options.ip === undefined ? {} : { ip: options.ip }),
    ...(options.email === undefined ? {} : { email: options.email }),
    anchorConstraints: options.anchorConstraints,
    leafIsAnchor: leafIsAnchor(options),
    ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
    profile: options.profile,
    allowWeak: options.allowWeak,
  };
  const fetched = options.fetchRevocation
    ? await fetchForPath(inputs, createRevocationFetch(io.env), io.now(), talk)
    : undefined;
  // Fetching asks for revocation checking: hard-fail unless --revocation says otherwise.
  const revocation = options.revocation ?? (options.fetchRevocation ? 'hard-fail' : undefined);
  const result = await validateChain({
    ...inputs,
    crls: [...crls, ...(fetched?.crls ?? [])],
    ocspResponses: [...ocspResponses, ...(fetched?.ocspResponses ?? [])],
    ...(revocation === undefined ? {} : { revocation }),
  });
  const path = await describePath(result, [certFile, roots, untrusted].flat());
  return talk.outcome(result.valid ? ExitCode.ok : ExitCode.checkFailed, {
    file: options.cert,
    valid: result.valid,
    profile: options.profile,
    purpose: options.purpose,
    at: at.toISOString(),
    path,
    policySet: result.policySet,
    problems: result.problems,
    revocation: result.revocation,
    ...(fetched === undefined ? {} : { fetched: fetched.attempts }),
  });
}

async function readSourced(file: string, password: () => Promise<string>, io: Io): Promise<Sourced[]> {
  const ders = await readCertificates(await readUserFile(io.cwd, file), { source: file, password });
  return ders.map((der) => ({ der, file }));
}

interface PathEntry {
  index: number;
  subject: string;
  issuer: string;
  notAfter: string;
  sha256: string;
  file: string | undefined;
}

async function describePath(result: ChainValidationResult, known: readonly Sourced[]): Promise<PathEntry[]> {
  const fileOf = new Map(known.map((certificate) => [fingerprint(certificate.der), certificate.file]));
  return Promise.all(
    result.path.map(async (der, index) => {
      const certificate = await parseCertificate(der);
      return {
        index,
        subject: certificate.subjectText,
        issuer: certificate.issuerText,
        notAfter: certificate.notAfter.toISOString(),
        sha256: certificate.fingerprintSha256,
        file: fileOf.get(fingerprint(der)),
      };
    }),
  );
}

/** A leaf among the roots is refused unless --leaf-is-anchor accept. */
function leafIsAnchor(options: ChainVerifyOptions): 'accept' | 'refuse' {
  return options.leafIsAnchor ?? 'refuse';
}

function fingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** The verdict, every problem with its code, and the path found. */
export function chainVerifyText(result: ChainVerifyResult): string {
  const { path } = result;
  const context = `profile ${result.profile}, purpose ${result.purpose}, at ${result.at}`;
  const lines = result.valid
    ? [`${result.file}: VALID — a path of ${path.length} to a trusted root (${context})`]
    : [`${result.file}: INVALID — ${result.problems.length} problem(s) (${context})`];
  for (const problem of result.problems) {
    const where = problem.certificateIndex >= 0 ? ` [${problem.certificateIndex}]` : '';
    lines.push(`  ${problem.code}${where}: ${problem.message}`);
  }
  if (path.length > 0) lines.push(result.valid ? 'Path:' : 'Closest path found:');
  const width = Math.max(...path.map((entry) => entry.subject.length));
  for (const entry of path) {
    const anchor = result.valid && entry.index === path.length - 1 ? ' (trust anchor)' : '';
    lines.push(`  [${entry.index}] ${entry.subject.padEnd(width)}  ${entry.file ?? ''}${anchor}`);
  }
  for (const status of result.revocation) {
    lines.push(`  revocation [${status.certificateIndex}]: ${status.status} (${status.source})`);
  }
  if (result.valid && result.policySet.length > 0 && !result.policySet.includes('2.5.29.32.0')) {
    lines.push(`Policies: ${result.policySet.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The command's handler: the work, then its rendering. */
export const chainVerifyHandler = present(chainVerify, chainVerifyText);
