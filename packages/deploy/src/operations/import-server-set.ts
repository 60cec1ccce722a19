import {
  arrangeServerSet,
  type ChainProblem,
  encodeCertificates,
  InvalidArgumentError,
  parseCertificate,
  ServerSetError,
} from '@certwright/core';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readUserFile } from '../files/read.js';
import { assertWritable, ensureDirectory, type PlannedWrite, PUBLIC_MODE, writeFilesAtomic } from '../files/write.js';
import { type PassphraseSource, readKeyFile } from '../keys/read-key-file.js';
import { type Progress, silentProgress } from '../progress.js';
import { SERVER_SET_FILES } from './server-set-files.js';
import {
  readInputWithKeys,
  singleStoreKey,
  type StoreKey,
  type StoreKeyProtection,
  storeKeyWrite,
} from './store-key.js';

/** What `importServerSet` is asked to do. */
export interface ImportServerSetOptions {
  cwd: string;
  /** What the CA sent: PEM, DER, PKCS#7, PKCS#12; one bundle or many files, any names. */
  files: readonly string[];
  /** The server certificate directory to write. */
  outDir: string;
  /** The server's private key: picks the server certificate and proves it matches. */
  key?: string | undefined;
  /** The key's passphrase, asked for only when it is encrypted. */
  passphrase?: PassphraseSource;
  /**
   * Where a private key found in a PKCS#12 input is written (default `<outDir>/server.key`), and
   * how: encrypted with a new passphrase unless `encrypt` is false. Without it such a key is refused.
   */
  storeKey?: StoreKeyProtection & { out?: string | undefined };
  /** The password of a PKCS#12 input, asked for only when one is (with the file's name). */
  storepass?: (file: string) => Promise<string>;
  /** When the chain must be valid. */
  at: Date;
  /** Replace an existing set (files of it the new one lacks, a ca2.crt, go too). */
  force: boolean;
  progress?: Progress;
}

/** One certificate as imported: the canonical file it went to, and the input it came from. */
export interface ImportedFile {
  file: string;
  subject: string;
  issuer: string;
  notAfter: string;
  sha256: string;
  /** `bundle.p7b #2`, or the file alone when it held one certificate. */
  from: string;
}

/** A chain problem, with the input its certificate came from. */
export interface LocatedProblem extends ChainProblem {
  from: string;
}

/** A private key taken out of a PKCS#12 input and written beside the set. */
export interface ImportedKey {
  file: string;
  from: string;
  encrypted: boolean;
}

/** The set written, or why nothing was. */
export type ImportServerSetResult =
  | {
      valid: true;
      directory: string;
      files: ImportedFile[];
      ignored: ImportedFile[];
      /** The key that was matched: `--key`, or the file a PKCS#12 input's key was written to. */
      key: string | null;
      keyWritten: ImportedKey | null;
    }
  | { valid: false; problems: LocatedProblem[]; files: ImportedFile[]; written: false };

/** One certificate as it arrived: which file, which position in it. */
interface Arrived {
  der: Uint8Array;
  file: string;
  position: number;
}

/**
 * Workflow step 4: identifies each certificate's role from its contents, checks the chain (and that
 * the key matches), then writes root.crt, ca1.crt, ca2.crt and server.crt as one set. An invalid
 * chain writes nothing and says why (`valid: false`).
 *
 * @throws FileError ERR_OUTPUT_EXISTS (an existing set without force); format, key and server-set errors
 */
export async function importServerSet(options: ImportServerSetOptions): Promise<ImportServerSetResult> {
  const progress = options.progress ?? silentProgress;
  const { cwd, outDir } = options;
  // An existing set is replaced only with force; checked before any work.
  const canonical = SERVER_SET_FILES.all.map((name) => join(outDir, name));
  await assertWritable(cwd, canonical, options.force);
  const inputs = await Promise.all(options.files.map((file) => readArrived(cwd, file, options.storepass)));
  const arrived = inputs.flatMap((input) => input.certificates);
  const storeKey = singleStoreKey(
    inputs.flatMap((input) => input.keys),
    options.key,
  );
  if (storeKey === undefined) refuseKeyOptionsWithoutKey(options);
  const keyOut = storeKey === undefined ? undefined : keyDestination(options, storeKey);
  if (keyOut !== undefined) await assertWritable(cwd, [keyOut], options.force);
  const key =
    options.key === undefined ? storeKey?.key : await readKeyFile(cwd, options.key, options.passphrase, progress);
  const set = await arrangeServerSet({
    certificates: arrived.map((certificate) => certificate.der),
    labels: arrived.map((certificate) => labelOf(certificate, arrived)),
    key,
    at: options.at,
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
    // Each problem names the input its certificate came from (certificateIndex counts along the path, server first).
    const where = (index: number) => (index < 0 ? 'the chain' : (pathFrom[index]?.from ?? `certificate ${index}`));
    const problems = set.problems.map((problem) => ({ ...problem, from: where(problem.certificateIndex) }));
    return { valid: false, problems, files: described, written: false };
  }
  for (const entry of ignored)
    progress.warn('WARN_IMPORT_IGNORED', `${entry.from}: ${entry.subject} is not on the chain; not written`);
  const pemOf = new Map(roles.map((role) => [role.name, encodeCertificates([role.der], 'pem')]));
  const writes: PlannedWrite[] = roles.map((role) => ({
    path: join(outDir, role.name),
    data: pemOf.get(role.name) as string,
    mode: PUBLIC_MODE,
  }));
  // The set is replaced as a whole: a ca2.crt from an earlier, longer chain must not linger.
  const stale = SERVER_SET_FILES.all.filter((name) => !pemOf.has(name)).map((name) => join(outDir, name));
  // A key from a .pfx is written in the same swap as the certificates: all of them, or none.
  let keyWritten: ImportedKey | null = null;
  if (storeKey !== undefined && keyOut !== undefined && options.storeKey !== undefined) {
    const planned = await storeKeyWrite(storeKey, keyOut, options.storeKey, progress);
    writes.push(planned.write);
    keyWritten = { file: keyOut, from: storeKey.from, encrypted: planned.encrypted };
  }
  await ensureDirectory(cwd, outDir);
  await writeFilesAtomic(cwd, writes, options.force, options.force ? stale : []);
  return {
    valid: true,
    directory: outDir,
    files: described,
    ignored,
    key: options.key ?? keyWritten?.file ?? null,
    keyWritten,
  };
}

/** --key-out or --no-encrypt with no PKCS#12 key among the inputs would be silently ignored: refused. */
function refuseKeyOptionsWithoutKey(options: ImportServerSetOptions): void {
  const protection = options.storeKey;
  if (protection === undefined || (protection.out === undefined && protection.encrypt)) return;
  const option = protection.out === undefined ? 'encrypt' : 'key-out';
  const message = `${option === 'key-out' ? '--key-out' : '--no-encrypt'} applies to the private key of a PKCS#12 input, and no input holds one`;
  throw new InvalidArgumentError(message, { field: option });
}

/** Where a PKCS#12 input's key goes; a caller that did not say how to protect it gets a refusal. */
function keyDestination(options: ImportServerSetOptions, storeKey: StoreKey): string {
  if (options.storeKey === undefined) {
    throw new ServerSetError(
      'ERR_SERVER_SET_SEVERAL_KEYS',
      `${storeKey.from} holds a private key; say where and how to write it (the storeKey option)`,
      { source: storeKey.from },
    );
  }
  return options.storeKey.out ?? join(options.outDir, 'server.key');
}

async function readArrived(
  cwd: string,
  file: string,
  storepass: ((file: string) => Promise<string>) | undefined,
): Promise<{ certificates: Arrived[]; keys: StoreKey[] }> {
  const bytes = await readUserFile(cwd, file);
  const password = storepass === undefined ? undefined : () => storepass(file);
  const contents = await readInputWithKeys(bytes, file, password);
  const certificates = contents.certificates.map((der, index) => ({ der, file, position: index + 1 }));
  return { certificates, keys: contents.keys };
}

async function describe(name: string, der: Uint8Array, arrived: readonly Arrived[]): Promise<ImportedFile> {
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

function sha256(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}
