import {
  type EcCurve,
  exportPrivateKeyPem,
  exportPublicKeyDer,
  generateKey,
  keyLabel,
  type RsaBits,
} from '@certwright/core';
import { ExitCode } from '../../exit-codes.js';
import { assertWritable, PRIVATE_MODE, writeFileAtomic } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { Output } from '../../io/output.js';
import type { SecretSource } from '../../io/secrets.js';
import { keyEncryptionSummary, readNewPassphrase } from '../shared/key-passphrase.js';
import { sha256Colons } from '../shared/fingerprint.js';
import { keySpecFrom } from '../shared/key-spec.js';

export interface KeyCreateOptions {
  out: string;
  type: 'rsa' | 'ec' | 'ed25519';
  bits: RsaBits | undefined;
  curve: EcCurve | undefined;
  encrypt: boolean;
  passphrase: SecretSource;
  force: boolean;
  json: boolean;
}

/** Generates a key and writes it, encrypted unless --no-encrypt, with mode 0600. */
export async function keyCreate(options: KeyCreateOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  const spec = keySpecFrom(options);
  // Refuse an existing output and find the passphrase before the (slow) key generation.
  await assertWritable(io.cwd, [options.out], options.force);
  const passphrase = await readNewPassphrase(
    options.encrypt,
    options.passphrase,
    `passphrase for ${options.out}`,
    io,
    output,
  );
  const key = await generateKey(spec);
  const pem = await exportPrivateKeyPem(key, passphrase === undefined ? {} : { passphrase });
  await writeFileAtomic(io.cwd, { path: options.out, data: pem, mode: PRIVATE_MODE }, options.force);
  const publicKeySha256 = sha256Colons(exportPublicKeyDer(key));
  output.note(`wrote ${options.out}: ${keyLabel(key.description)} private key, ${keyEncryptionSummary(passphrase)}`);
  output.result(
    {
      file: options.out,
      key: key.description,
      encrypted: passphrase !== undefined,
      publicKeySha256,
    },
    '',
  );
  return ExitCode.ok;
}
