import { createLabCaFiles, type LabCaFilesResult } from '@certwright/deploy';
import type { CaInitOptions } from '../../commands/ca/init.js';
import { ExitCode } from '../../exit-codes.js';
import type { Io } from '../../io/io.js';
import type { Outcome, Talk } from '../../render/outcome.js';
import { newPassphraseSource } from '../shared/key-passphrase.js';
import { keySpecFrom } from '../shared/key-spec.js';
import { noText, present } from '../../render/present.js';

export type { CaInitOptions };

/** The lab CA written (its --json fields, docs/cli.md). */
export type CaInitResult = LabCaFilesResult;

/** Creates a lab CA directory: root and up to two intermediates, keys encrypted with one passphrase. */
export async function caInit(options: CaInitOptions, io: Io, talk: Talk): Promise<Outcome<CaInitResult>> {
  const written = await createLabCaFiles({
    cwd: io.cwd,
    outDir: options.outDir,
    intermediates: options.intermediates,
    keySpec: keySpecFrom(options),
    organization: options.organization,
    days: options.days,
    encrypt: options.encrypt,
    passphrase: newPassphraseSource(options.encrypt, options.passphrase, io, () => 'passphrase for the CA keys'),
    force: options.force,
    now: io.now,
    progress: talk,
  });
  return talk.outcome(ExitCode.ok, written);
}

/** The command's handler: the work, then its rendering. */
export const caInitHandler = present(caInit, noText);
