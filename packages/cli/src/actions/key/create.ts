import { type CreateKeyFileResult, createKeyFile } from '@certwright/deploy';
import type { KeyCreateOptions } from '../../commands/key/create.js';
import { ExitCode } from '../../exit-codes.js';
import type { Io } from '../../io/io.js';
import type { Outcome, Talk } from '../../render/outcome.js';
import { newPassphraseSource } from '../shared/key-passphrase.js';
import { keySpecFrom } from '../shared/key-spec.js';
import { noText, present } from '../../render/present.js';

export type { KeyCreateOptions };

/** What `key create` made (its --json fields, docs/cli.md). */
export type KeyCreateResult = CreateKeyFileResult;

/** Generates a key and writes it, encrypted unless --no-encrypt, with mode 0600. */
export async function keyCreate(options: KeyCreateOptions, io: Io, talk: Talk): Promise<Outcome<KeyCreateResult>> {
  const written = await createKeyFile({
    cwd: io.cwd,
    out: options.out,
    spec: keySpecFrom(options),
    encrypt: options.encrypt,
    passphrase: newPassphraseSource(options.encrypt, options.passphrase, io),
    force: options.force,
    progress: talk,
  });
  return talk.outcome(ExitCode.ok, written);
}

/** The command's handler: the work, then its rendering. */
export const keyCreateHandler = present(keyCreate, noText);
