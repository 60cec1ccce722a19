import {
  createLabCa,
  exportPrivateKeyPem,
  type KeyDescription,
  type KeySpec,
  keyLabel,
  type LabCaMember,
} from '@certwright/core';
import { join } from 'node:path';
import {
  assertWritable,
  ensureDirectory,
  type PlannedWrite,
  PRIVATE_MODE,
  PUBLIC_MODE,
  writeFilesAtomic,
} from '../files/write.js';
import type { PassphraseSource } from '../keys/read-key-file.js';
import { type Progress, silentProgress } from '../progress.js';
import { keyEncryptionSummary, newPassphrase } from './create-key-file.js';

/** What `createLabCaFiles` is asked to make. */
export interface CreateLabCaFilesOptions {
  cwd: string;
  /** The CA directory (created if missing). */
  outDir: string;
  intermediates: 0 | 1 | 2;
  keySpec: KeySpec;
  organization: string;
  /** Validity of the CA certificates. */
  days: number;
  /** false writes the CA keys unencrypted (a warning says so). */
  encrypt: boolean;
  /** Encrypts every CA key; asked for once the outputs are known to be writable. */
  passphrase: PassphraseSource;
  force: boolean;
  now?: () => Date;
  progress?: Progress;
}

/** One CA of the lab CA, as written. */
export interface LabCaMemberFiles {
  name: LabCaMember['name'];
  role: string;
  certificate: string;
  key: string;
  publicKey: KeyDescription;
}

/** The lab CA written. */
export interface LabCaFilesResult {
  directory: string;
  members: LabCaMemberFiles[];
  encrypted: boolean;
}

const MEMBER_ROLES: Record<LabCaMember['name'], string> = {
  root: 'root CA (self-signed)',
  ca1: 'intermediate CA 1, issued by root',
  ca2: 'intermediate CA 2, issued by ca1',
};

/** The lab CA's files for a number of intermediates: root, then ca1 and ca2, each certificate with its key. */
export function labCaFiles(dir: string, intermediates: 0 | 1 | 2): string[] {
  return (['root', 'ca1', 'ca2'] as const)
    .slice(0, intermediates + 1)
    .flatMap((name) => [join(dir, `${name}.crt`), join(dir, `${name}.key`)]);
}

/**
 * A lab CA for tests, demos and small labs: root.crt/root.key and, as asked, ca1 and ca2, the keys
 * encrypted with one passphrase (mode 0600), all written as one set.
 *
 * @throws FileError ERR_OUTPUT_EXISTS without force, ERR_OUTPUT_UNWRITABLE
 */
export async function createLabCaFiles(options: CreateLabCaFilesOptions): Promise<LabCaFilesResult> {
  const progress = options.progress ?? silentProgress;
  const { cwd, outDir } = options;
  await assertWritable(cwd, labCaFiles(outDir, options.intermediates), options.force);
  const passphrase = await newPassphrase(options, outDir, progress);
  const ca = await createLabCa({
    intermediates: options.intermediates,
    keySpec: options.keySpec,
    organization: options.organization,
    validityDays: options.days,
    at: (options.now ?? (() => new Date()))(),
  });
  const members = [ca.root, ...ca.intermediates];
  const writes = await Promise.all(members.map((member) => memberWrites(outDir, member, passphrase)));
  await ensureDirectory(cwd, outDir);
  await writeFilesAtomic(cwd, writes.flat(), options.force);
  for (const member of members) {
    progress.note(
      `wrote ${member.name}.crt and ${member.name}.key: ${MEMBER_ROLES[member.name]}, ${keyLabel(member.key.description)}`,
    );
  }
  progress.note(`CA keys ${keyEncryptionSummary(passphrase)}`);
  return {
    directory: outDir,
    members: members.map((member) => ({
      name: member.name,
      role: MEMBER_ROLES[member.name],
      certificate: join(outDir, `${member.name}.crt`),
      key: join(outDir, `${member.name}.key`),
      publicKey: member.key.description,
    })),
    encrypted: passphrase !== undefined,
  };
}

async function memberWrites(dir: string, member: LabCaMember, passphrase: string | undefined): Promise<PlannedWrite[]> {
  const keyPem = await exportPrivateKeyPem(member.key, passphrase === undefined ? {} : { passphrase });
  return [
    { path: join(dir, `${member.name}.crt`), data: member.certificatePem, mode: PUBLIC_MODE },
    { path: join(dir, `${member.name}.key`), data: keyPem, mode: PRIVATE_MODE },
  ];
}
