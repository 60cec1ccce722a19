import { createLabCa, exportPrivateKeyPem, keyLabel, type LabCaMember } from '@certwright/core';
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
import { Output } from '../../io/output.js';
import type { SecretSource } from '../../io/secrets.js';
import { keyEncryptionSummary, readNewPassphrase } from '../shared/key-passphrase.js';
import { type KeyFlags, keySpecFrom } from '../shared/key-spec.js';

export interface CaInitOptions extends KeyFlags {
  outDir: string;
  intermediates: 0 | 1 | 2;
  days: number;
  organization: string;
  encrypt: boolean;
  passphrase: SecretSource;
  force: boolean;
  json: boolean;
}

const MEMBER_ROLES: Record<LabCaMember['name'], string> = {
  root: 'root CA (self-signed)',
  ca1: 'intermediate CA 1, issued by root',
  ca2: 'intermediate CA 2, issued by ca1',
};

/** Creates a lab CA directory: root and up to two intermediates, keys encrypted with one passphrase. */
export async function caInit(options: CaInitOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  const keySpec = keySpecFrom(options);
  const names = (['root', 'ca1', 'ca2'] as const).slice(0, options.intermediates + 1);
  const paths = names.flatMap((name) => [join(options.outDir, `${name}.crt`), join(options.outDir, `${name}.key`)]);
  await assertWritable(io.cwd, paths, options.force);
  const passphrase = await readNewPassphrase(
    options.encrypt,
    options.passphrase,
    'passphrase for the CA keys',
    io,
    output,
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
    output.note(
      `wrote ${member.name}.crt and ${member.name}.key: ${MEMBER_ROLES[member.name]}, ${keyLabel(member.key.description)}`,
    );
  }
  output.note(`CA keys ${keyEncryptionSummary(passphrase)}`);
  output.result(
    {
      directory: options.outDir,
      members: members.map((member) => ({
        name: member.name,
        role: MEMBER_ROLES[member.name],
        certificate: join(options.outDir, `${member.name}.crt`),
        key: join(options.outDir, `${member.name}.key`),
        publicKey: member.key.description,
      })),
      encrypted: passphrase !== undefined,
    },
    '',
  );
  return ExitCode.ok;
}

async function memberWrites(dir: string, member: LabCaMember, passphrase: string | undefined): Promise<PlannedWrite[]> {
  const keyPem = await exportPrivateKeyPem(member.key, passphrase === undefined ? {} : { passphrase });
  return [
    { path: join(dir, `${member.name}.crt`), data: member.certificatePem, mode: PUBLIC_MODE },
    { path: join(dir, `${member.name}.key`), data: keyPem, mode: PRIVATE_MODE },
  ];
}
