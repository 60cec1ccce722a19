import { keyEncryptionSummary, type PassphraseSource, readKeyFile as readKeyFileFrom } from '@certwright/deploy';
import type { PrivateKey } from '@certwright/core';
import { usageError } from '../../errors.js';
import type { Io } from '../../io/io.js';
import { hasSecretSource, readSecret, type SecretSource } from '../../io/secrets.js';
import type { Progress } from '../../render/outcome.js';

export { keyEncryptionSummary };

/**
 * Where the passphrase of a key about to be written comes from: its source, or a prompt asked twice.
 * With --no-encrypt no passphrase option may be given too.
 */
export function newPassphraseSource(
  encrypt: boolean,
  source: SecretSource,
  io: Io,
  purpose = (file: string) => `passphrase for ${file}`,
): PassphraseSource {
  if (!encrypt && hasSecretSource(source)) throw usageError('--no-encrypt contradicts the passphrase options given');
  return (file) =>
    readSecret(
      source,
      { flag: 'passphrase', purpose: purpose(file), confirm: true, alternative: 'or --no-encrypt' },
      io,
    );
}

/** The passphrase of an existing key (--passphrase-…, or a prompt), asked for only when the key is encrypted. */
export function passphraseSource(source: SecretSource, io: Io): PassphraseSource {
  return (file) => readSecret(source, { flag: 'passphrase', purpose: `passphrase for ${file}`, confirm: false }, io);
}

/**
 * Reads a private key file; asks for its passphrase only when the key turns out to be
 * encrypted. Legacy-format warnings go to the output.
 */
export async function readKeyFile(path: string, source: SecretSource, io: Io, output: Progress): Promise<PrivateKey> {
  return readKeyFileFrom(io.cwd, path, passphraseSource(source, io), output);
}
