import { createLabCa, exportPrivateKeyPem, type KeyDescription, keyLabel, type LabCaMember } from '@certwright/core';
import type { CaInitOptions } from '../../commands/ca/init.js';
import { join } from 'node:path';
import { ExitCode } from '../../exit-codes.js';
import {
  ensureDirectory,
  type PlannedWrite,
  PRIVATE_MODE,
  PUBLIC_MODE,
  assertWritable,
  writeFilesAtomic,
} from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { keyEncryptionSummary, readNewPassphrase } from '../shared/key-passphrase.js';
import { keySpecFrom } from '../shared/key-spec.js';
import type { Outcome, Talk } from '../../render/outcome.js';

export type { CaInitOptions };

/** One CA of the lab CA, as `ca init --json` lists it. */
export interface CaMemberReport {
  name: LabCaMember['name'];
  role: string;
  certificate: string;
  key: string;
  publicKey: KeyDescription;
}

/** The lab CA written (its --json fields, docs/cli.md). */
export interface CaInitResult {
  directory: string;
  members: CaMemberReport[];
  encrypted: boolean;
}

const MEMBER_ROLES: Record<LabCaMember['name'], string> = {
  root: 'root CA (self-signed)',
  ca1: 'intermediate CA 1, issued by root',
  ca2: 'intermediate CA 2, issued by ca1',
};

/** Creates a lab CA directory: root and up to two intermediates, keys encrypted with one passphrase. */
export async function caInit(options: CaInitOptions, io: Io, talk: Talk): Promise<Outcome<CaInitResult>> {
  const keySpec = keySpecFrom(options);
  const names = (['root', 'ca1', 'ca2'] as const).slice(0, options.intermediates + 1);
  const paths = names.flatMap((name) => [join(options.outDir, `${name}.crt`), join(options.outDir, `${name}.key`)]);
  await assertWritable(io.cwd, paths, options.force);
  const passphrase = await readNewPassphrase(
    options.encrypt,
    options.passphrase,
    'passphrase for the CA keys',
    io,
    talk,
  );
  const ca = await createLabCa({
    intermediates: options.intermediates,
    keySpec,
    organization: options.organization,
    validityDays: options.days,
    at: io.now(),
  });
  const members = [ca.root, ...ca.intermediates];
  const writes = await Promise.all(members.map((member) => memberWrites(options.outDir, member, passphrase)));
  await ensureDirectory(io.cwd, options.outDir);
  await writeFilesAtomic(io.cwd, writes.flat(), options.force);
  for (const member of members) {
    talk.note(
      `wrote ${member.name}.crt and ${member.name}.key: ${MEMBER_ROLES[member.name]}, ${keyLabel(member.key.description)}`,
    );
  }
  talk.note(`CA keys ${keyEncryptionSummary(passphrase)}`);
  return talk.outcome(ExitCode.ok, {
    directory: options.outDir,
    members: members.map((member) => ({
      name: member.name,
      role: MEMBER_ROLES[member.name],
      certificate: join(options.outDir, `${member.name}.crt`),
      key: join(options.outDir, `${member.name}.key`),
      publicKey: member.key.description,
    })),
    encrypted: passphrase !== undefined,
  });
}

/** The notes on stderr said it all. */
export function caInitText(): string {
  return '';
}

async function memberWrites(dir: string, member: LabCaMember, passphrase: string | undefined): Promise<PlannedWrite[]> {
  const keyPem = await exportPrivateKeyPem(member.key, passphrase === undefined ? {} : { passphrase });
  return [
    { path: join(dir, `${member.name}.crt`), data: member.certificatePem, mode: PUBLIC_MODE },
    { path: join(dir, `${member.name}.key`), data: keyPem, mode: PRIVATE_MODE },
  ];
}
