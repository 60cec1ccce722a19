import {
  exportPrivateKeyPem,
  exportPublicKeyDer,
  generateKey,
  type KeyDescription,
  type EcCurve,
  type KeySpec,
  keyLabel,
  MIN_PBKDF2_ITERATIONS,
  type RsaBits,
} from '@certwright/core';
import { createHash } from 'node:crypto';
import { assertWritable, PRIVATE_MODE, writeFileAtomic } from '../files/write.js';
import type { PassphraseSource } from '../keys/read-key-file.js';
import { type Progress, silentProgress } from '../progress.js';

/** What `createKeyFile` is asked to make. */
export interface CreateKeyFileOptions {
  /** The directory `out` is relative to. */
  cwd: string;
  /** Where the key goes (mode 0600). */
  out: string;
  spec: KeySpec;
  /** false writes the key unencrypted (a warning says so); the passphrase is then never asked for. */
  encrypt: boolean;
  /** The passphrase that encrypts the key, asked for after the output is known to be writable. */
  passphrase: PassphraseSource;
  /** Replace a file at `out`. */
  force: boolean;
  progress?: Progress;
}

/** The key written. */
export interface CreateKeyFileResult {
  file: string;
  key: KeyDescription;
  encrypted: boolean;
  /** SHA-256 of the SubjectPublicKeyInfo, colon-separated: what to compare a certificate's key with later. */
  publicKeySha256: string;
}

/**
 * Workflow step 1: generates a key and writes it as PKCS#8 PEM, encrypted (PBES2, AES-256) unless
 * `encrypt` is false, created with mode 0600, atomically. An existing output is refused before the
 * passphrase is asked for and before the (slow) generation.
 *
 * @throws FileError ERR_OUTPUT_EXISTS without force, ERR_OUTPUT_UNWRITABLE
 */
export async function createKeyFile(options: CreateKeyFileOptions): Promise<CreateKeyFileResult> {
  const progress = options.progress ?? silentProgress;
  await assertWritable(options.cwd, [options.out], options.force);
  const passphrase = await newPassphrase(options, options.out, progress);
  const key = await generateKey(options.spec);
  const pem = await exportPrivateKeyPem(key, passphrase === undefined ? {} : { passphrase });
  await writeFileAtomic(options.cwd, { path: options.out, data: pem, mode: PRIVATE_MODE }, options.force);
  progress.note(`wrote ${options.out}: ${keyLabel(key.description)} private key, ${keyEncryptionSummary(passphrase)}`);
  return {
    file: options.out,
    key: key.description,
    encrypted: passphrase !== undefined,
    publicKeySha256: sha256Colons(exportPublicKeyDer(key)),
  };
}

/** A key type with its size or curve left out where the defaults do: RSA 3072, EC P-256. */
export function keySpecOf(key: {
  type: 'rsa' | 'ec' | 'ed25519';
  bits?: RsaBits | undefined;
  curve?: EcCurve | undefined;
}): KeySpec {
  switch (key.type) {
    case 'rsa':
      return { type: 'rsa', bits: key.bits ?? 3072 };
    case 'ec':
      return { type: 'ec', curve: key.curve ?? 'P-256' };
    case 'ed25519':
      return { type: 'ed25519' };
  }
}

/** The passphrase for a key about to be written, or undefined (after the warning unencrypted keys owe). */
export async function newPassphrase(
  options: { encrypt: boolean; passphrase: PassphraseSource },
  file: string,
  progress: Progress,
): Promise<string | undefined> {
  if (options.encrypt) return options.passphrase(file);
  progress.warn(
    'WARN_KEY_UNENCRYPTED',
    'writing the private key unencrypted (--no-encrypt): protect the file yourself',
  );
  return undefined;
}

/** How a written key is protected, for the note after writing. */
export function keyEncryptionSummary(passphrase: string | undefined): string {
  return passphrase === undefined
    ? 'NOT encrypted, mode 0600'
    : `encrypted (PBES2: PBKDF2-HMAC-SHA256, ${MIN_PBKDF2_ITERATIONS} iterations, AES-256-CBC), mode 0600`;
}

/** SHA-256 of some bytes as colon-separated upper-case hex, the way OpenSSL prints fingerprints. */
export function sha256Colons(bytes: Uint8Array): string {
  return createHash('sha256')
    .update(bytes)
    .digest('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');
}
