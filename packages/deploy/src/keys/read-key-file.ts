import { type PrivateKey, readPrivateKey } from '@certwright/core';
import { readUserFile } from '../files/read.js';
import type { Progress } from '../progress.js';

/**
 * Where a passphrase comes from, asked for only when needed (a key that turns out to be encrypted,
 * a key about to be written); `file` is the key (or store) it is for, for a prompt.
 */
export type PassphraseSource = (file: string) => Promise<string>;

/**
 * Reads a private key file (PKCS#8, legacy PEM or DER); `passphrase` is called only when the key
 * is encrypted (without one, an encrypted key is ERR_KEY_PASSPHRASE_REQUIRED). Legacy-format
 * warnings go to `progress`, naming the file.
 */
export async function readKeyFile(
  cwd: string,
  path: string,
  passphrase: PassphraseSource | undefined,
  progress: Progress,
): Promise<PrivateKey> {
  return readKeyBytes(path, await readUserFile(cwd, path), passphrase, progress);
}

/** The same for bytes already read (so the bytes installed are the bytes whose key was checked). */
export async function readKeyBytes(
  path: string,
  bytes: Uint8Array,
  passphrase: PassphraseSource | undefined,
  progress: Progress,
): Promise<PrivateKey> {
  const result = await readPrivateKey(bytes, {
    source: path,
    ...(passphrase === undefined ? {} : { passphrase: () => passphrase(path) }),
  });
  for (const warning of result.warnings) progress.warn(warning.code, `${path}: ${warning.message}`);
  return result.key;
}
