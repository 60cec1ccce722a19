import { type ChainValidationResult, parseCertificate, readCertificates, validateChain } from '@certwright/core';
import { createHash } from 'node:crypto';
import { usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { readUserFile } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { Output } from '../../io/output.js';
import { readSecret, type SecretSource } from '../../io/secrets.js';
import { fetchForPath } from '../shared/revocation-fetching.js';
import { parseTimeOption } from '../shared/time-option.js';

export interface ChainVerifyOptions {
  cert: string;
  roots: string[];
  untrusted: string[];
  at: string | undefined;
  host: string | undefined;
  ip: string | undefined;
  email: string | undefined;
  purpose: 'server' | 'client' | 'any';
  crls: string[];
  /** DER OCSP response files. */
  ocspResponses: string[];
  /** Undefined: core's default (hard-fail once CRLs or OCSP responses are given). */
  revocation: 'off' | 'soft-fail' | 'hard-fail' | undefined;
  anchorConstraints: 'enforce' | 'ignore';
  leafIsAnchor: 'accept' | 'refuse';
  /** Fetch CRLs (http distribution points) and OCSP responses (AIA) for the path found. */
  fetchRevocation: boolean;
  maxDepth: number | undefined;
  profile: 'rfc5280' | 'strict' | 'webpki';
  allowWeak: boolean;
  /** For PKCS#12 or JKS inputs; asked for once, and only when a file turns out to be one. */
  storepass: SecretSource;
  json: boolean;
}

/** Certificates read from the named files, each remembered with the file it came from. */
interface Sourced {
  der: Uint8Array;
  file: string;
}

/** Builds and validates the certificate's chain; exit 0 valid, 1 invalid. */
export async function chainVerify(options: ChainVerifyOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  const at = options.at === undefined ? io.now() : parseTimeOption(options.at, '--at');
  if (options.allowWeak) {
    output.warn('WARN_ALLOW_WEAK', '--allow-weak: MD5/SHA-1 signatures and RSA keys below 2048 bits are accepted');
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
    leafIsAnchor: options.leafIsAnchor,
    ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
    profile: options.profile,
    allowWeak: options.allowWeak,
  };
  const fetched = options.fetchRevocation ? await fetchForPath(inputs, io, output) : undefined;
  // Fetching asks for revocation checking: hard-fail unless --revocation says otherwise.
  const revocation = options.revocation ?? (options.fetchRevocation ? 'hard-fail' : undefined);
  const result = await validateChain({
    ...inputs,
    crls: [...crls, ...(fetched?.crls ?? [])],
    ocspResponses: [...ocspResponses, ...(fetched?.ocspResponses ?? [])],
    ...(revocation === undefined ? {} : { revocation }),
  });
  const path = await describePath(result, [certFile, roots, untrusted].flat());
  output.result(
    {
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
    },
    humanReport(options, at, result, path),
  );
  return result.valid ? ExitCode.ok : ExitCode.checkFailed;
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

function fingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

function humanReport(options: ChainVerifyOptions, at: Date, result: ChainValidationResult, path: PathEntry[]): string {
  const context = `profile ${options.profile}, purpose ${options.purpose}, at ${at.toISOString()}`;
  const lines = result.valid
    ? [`${options.cert}: VALID — a path of ${path.length} to a trusted root (${context})`]
    : [`${options.cert}: INVALID — ${result.problems.length} problem(s) (${context})`];
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
