import { MIN_PBKDF2_ITERATIONS, type PrivateKey, readPrivateKey } from '@certwright/core';
import { usageError } from '../../errors.js';
import { readUserFile } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { hasSecretSource, readSecret, type SecretSource } from '../../io/secrets.js';
import type { Progress } from '../../render/outcome.js';

/**
 * The passphrase for a key about to be written, or undefined with --no-encrypt
 * (after the warning that flag owes the user).
 */
export async function readNewPassphrase(
  encrypt: boolean,
  source: SecretSource,
  purpose: string,
  io: Io,
  output: Progress,
): Promise<string | undefined> {
  if (!encrypt) {
    if (hasSecretSource(source)) throw usageError('--no-encrypt contradicts the passphrase options given');
    output.warn(
      'WARN_KEY_UNENCRYPTED',
      'writing the private key unencrypted (--no-encrypt): protect the file yourself',
    );
    return undefined;
  }
  return readSecret(source, { flag: 'passphrase', purpose, confirm: true, alternative: 'or --no-encrypt' }, io);
}

/** How a written key is protected, for the note after writing. */
export function keyEncryptionSummary(passphrase: string | undefined): string {
  return passphrase === undefined
    ? 'NOT encrypted, mode 0600'
    : `encrypted (PBES2: PBKDF2-HMAC-SHA256, ${MIN_PBKDF2_ITERATIONS} iterations, AES-256-CBC), mode 0600`;
}

/**
 * Reads a private key file; asks for its passphrase only when the key turns out to be
 * encrypted. Legacy-format warnings go to the output.
 */
export async function readKeyFile(path: string, source: SecretSource, io: Io, output: Progress): Promise<PrivateKey> {
  const bytes = await readUserFile(io.cwd, path);
  const result = await readPrivateKey(bytes, {
    source: path,
    passphrase: () => readSecret(source, { flag: 'passphrase', purpose: `passphrase for ${path}`, confirm: false }, io),
  });
  for (const warning of result.warnings) output.warn(warning.code, `${path}: ${warning.message}`);
  return result.key;
}
