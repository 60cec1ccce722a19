import { exportPrivateKeyPem, exportPublicKeyDer, generateKey, type KeyDescription, keyLabel } from '@certwright/core';
import type { KeyCreateOptions } from '../../commands/key/create.js';
import { ExitCode } from '../../exit-codes.js';
import { assertWritable, PRIVATE_MODE, writeFileAtomic } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import type { Outcome, Talk } from '../../render/outcome.js';
import { keyEncryptionSummary, readNewPassphrase } from '../shared/key-passphrase.js';
import { sha256Colons } from '../shared/fingerprint.js';
import { keySpecFrom } from '../shared/key-spec.js';

export type { KeyCreateOptions };

/** What `key create` made (its --json fields, docs/cli.md). */
export interface KeyCreateResult {
  file: string;
  key: KeyDescription;
  encrypted: boolean;
  publicKeySha256: string;
}

/** Generates a key and writes it, encrypted unless --no-encrypt, with mode 0600. */
export async function keyCreate(options: KeyCreateOptions, io: Io, talk: Talk): Promise<Outcome<KeyCreateResult>> {
  const spec = keySpecFrom(options);
  // Refuse an existing output and find the passphrase before the (slow) key generation.
  await assertWritable(io.cwd, [options.out], options.force);
  const passphrase = await readNewPassphrase(
    options.encrypt,
    options.passphrase,
    `passphrase for ${options.out}`,
    io,
    talk,
  );
  const key = await generateKey(spec);
  const pem = await exportPrivateKeyPem(key, passphrase === undefined ? {} : { passphrase });
  await writeFileAtomic(io.cwd, { path: options.out, data: pem, mode: PRIVATE_MODE }, options.force);
  const publicKeySha256 = sha256Colons(exportPublicKeyDer(key));
  talk.note(`wrote ${options.out}: ${keyLabel(key.description)} private key, ${keyEncryptionSummary(passphrase)}`);
  return talk.outcome(ExitCode.ok, {
    file: options.out,
    key: key.description,
    encrypted: passphrase !== undefined,
    publicKeySha256,
  });
}

/** The note on stderr said it all. */
export function keyCreateText(): string {
  return '';
}
