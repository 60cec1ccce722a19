import {
  arrangeServerSet,
  type ChainProblem,
  encodeCertificates,
  parseCertificate,
  readCertificates,
} from '@certwright/core';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ExitCode } from '../exit-codes.js';
import { assertWritable, ensureDirectory, PUBLIC_MODE, readUserFile, writeFilesAtomic } from '../io/files.js';
import type { Io } from '../io/io.js';
import { Output } from '../io/output.js';
import { readSecret, type SecretSource } from '../io/secrets.js';
import { readKeyFile } from './shared/key-passphrase.js';
import { SERVER_SET_FILES } from './shared/server-set-files.js';
import { parseTimeOption } from './shared/time-option.js';

export interface ImportOptions {
  files: string[];
  outDir: string;
  key: string | undefined;
  at: string | undefined;
  passphrase: SecretSource;
  storepass: SecretSource;
  force: boolean;
  json: boolean;
}

/** One certificate as it arrived: which file, which position in it. */
interface Arrived {
  der: Uint8Array;
  file: string;
  position: number;
}

/** Identifies each certificate's role, checks the chain (and key), then writes the canonical set. */
export async function importFiles(options: ImportOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  const at = options.at === undefined ? io.now() : parseTimeOption(options.at, '--at');
  // An existing set is replaced only with --force; checked before any work.
  const canonical = SERVER_SET_FILES.all.map((name) => join(options.outDir, name));
  await assertWritable(io.cwd, canonical, options.force);
  const arrived = (await Promise.all(options.files.map((file) => readArrived(file, options.storepass, io)))).flat();
  const key = options.key === undefined ? undefined : await readKeyFile(options.key, options.passphrase, io, output);
  const set = await arrangeServerSet({
    certificates: arrived.map((certificate) => certificate.der),
    labels: arrived.map((certificate) => labelOf(certificate, arrived)),
    key,
    at,
  });
  const roles = [
    { name: SERVER_SET_FILES.root, der: set.root },
    ...set.intermediates.map((der, index) => ({ name: SERVER_SET_FILES.intermediates[index] as string, der })),
    { name: SERVER_SET_FILES.server, der: set.server },
  ];
  const described = await Promise.all(roles.map((role) => describe(role.name, role.der, arrived)));
  const ignored = await Promise.all(set.ignored.map((der) => describe('(ignored)', der, arrived)));
  if (!set.valid) {
    const pathFrom = await Promise.all(set.path.map((der) => describe('', der, arrived)));
    reportInvalid(output, set.problems, described, pathFrom);
    return ExitCode.checkFailed;
  }
  for (const entry of ignored)
    output.warn('WARN_IMPORT_IGNORED', `${entry.from}: ${entry.subject} is not on the chain; not written`);
  const pemOf = new Map(roles.map((role) => [role.name, encodeCertificates([role.der], 'pem')]));
  const writes = roles.map((role) => ({
    path: join(options.outDir, role.name),
    data: pemOf.get(role.name) as string,
    mode: PUBLIC_MODE,
  }));
  // The set is replaced as a whole: a ca2.crt from an earlier, longer chain must not linger.
  const stale = SERVER_SET_FILES.all.filter((name) => !pemOf.has(name)).map((name) => join(options.outDir, name));
  await ensureDirectory(io.cwd, options.outDir);
  await writeFilesAtomic(io.cwd, writes, options.force, options.force ? stale : []);
  output.result(
    { directory: options.outDir, files: described, ignored, key: options.key ?? null },
    humanMapping(options.outDir, described, options.key),
  );
  return ExitCode.ok;
}

async function readArrived(file: string, storepass: SecretSource, io: Io): Promise<Arrived[]> {
  const bytes = await readUserFile(io.cwd, file);
  const ders = await readCertificates(bytes, {
    source: file,
    password: () => readSecret(storepass, { flag: 'storepass', purpose: `password of ${file}`, confirm: false }, io),
  });
  return ders.map((der, index) => ({ der, file, position: index + 1 }));
}

interface Described {
  file: string;
  subject: string;
  issuer: string;
  notAfter: string;
  sha256: string;
  /** Where it came from: `bundle.p7b #2`, or the file alone when it held one certificate. */
  from: string;
}

async function describe(name: string, der: Uint8Array, arrived: readonly Arrived[]): Promise<Described> {
  const certificate = await parseCertificate(der);
  const print = sha256(der);
  const sources = arrived.filter((candidate) => sha256(candidate.der) === print);
  const from = sources.map((source) => labelOf(source, arrived)).join(', ');
  return {
    file: name,
    subject: certificate.subjectText,
    issuer: certificate.issuerText,
    notAfter: certificate.notAfter.toISOString(),
    sha256: certificate.fingerprintSha256,
    from,
  };
}

/** `bundle.p7b #2`, or the file alone when it held one certificate. */
function labelOf(source: Arrived, arrived: readonly Arrived[]): string {
  const count = arrived.filter((other) => other.file === source.file).length;
  return count > 1 ? `${source.file} #${source.position}` : source.file;
}

function humanMapping(outDir: string, described: readonly Described[], key: string | undefined): string {
  const width = Math.max(...described.map((entry) => entry.file.length));
  const lines = [`wrote ${outDir}/ (root → ca1 → ca2 → server; each file is issued by the one before it):`];
  for (const entry of described) lines.push(`  ${entry.file.padEnd(width)}  ← ${entry.from}: ${entry.subject}`);
  if (key) lines.push(`  ${key} matches server.crt`);
  return `${lines.join('\n')}\n`;
}

// Each problem names the input its certificate came from (certificateIndex counts along the path, server first).
function reportInvalid(
  output: Output,
  problems: readonly ChainProblem[],
  described: readonly Described[],
  pathFrom: readonly Described[],
): void {
  const where = (index: number) => (index < 0 ? 'the chain' : (pathFrom[index]?.from ?? `certificate ${index}`));
  const located = problems.map((problem) => ({ ...problem, from: where(problem.certificateIndex) }));
  output.result(
    { valid: false, problems: located, files: described, written: false },
    [
      'the chain does not validate; nothing was written:',
      ...located.map((problem) => `  ${problem.code} (${problem.from}): ${problem.message}`),
    ].join('\n'),
  );
}

function sha256(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}
