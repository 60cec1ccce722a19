import { InvalidArgumentError } from '../errors.js';
import { withPassphraseBytes } from './passphrase.js';
import { encodePem } from '../asn1/pem.js';
import { encryptPkcs8 } from './pkcs8-encryption.js';
import type { PrivateKey } from './types.js';

/** The fewest PBKDF2-HMAC-SHA256 iterations core encrypts a key with (OWASP's 2023 recommendation), and the default. */
export const MIN_PBKDF2_ITERATIONS = 600_000;
// Node's pbkdf2 takes a 32-bit signed iteration count.
const MAX_PBKDF2_ITERATIONS = 2 ** 31 - 1;

/** How to write a private key. */
export interface ExportPrivateKeyOptions {
  /** Encrypt with this passphrase (a string is used as UTF-8). Without one the key is written unencrypted. */
  passphrase?: string | Uint8Array;
  /** PBKDF2 iterations when encrypting: at least, and by default, 600,000. */
  iterations?: number;
}

/**
 * The key as PKCS#8 DER: plain, or with a passphrase an EncryptedPrivateKeyInfo
 * (PBES2, PBKDF2-HMAC-SHA256, 16-byte random salt, AES-256-CBC with a random IV).
 *
 * @example
 * const der = await exportPrivateKeyDer(key, { passphrase: 'correct horse battery staple' });
 */
export async function exportPrivateKeyDer(key: PrivateKey, options: ExportPrivateKeyOptions = {}): Promise<Uint8Array> {
  const { passphrase } = options;
  if (passphrase === undefined) return new Uint8Array(key.keyObject.export({ format: 'der', type: 'pkcs8' }));
  const iterations = checkIterations(options.iterations ?? MIN_PBKDF2_ITERATIONS);
  if (passphrase.length === 0) throw new InvalidArgumentError('passphrase must not be empty', { field: 'passphrase' });
  const pkcs8 = key.keyObject.export({ format: 'der', type: 'pkcs8' });
  try {
    return await withPassphraseBytes(passphrase, (bytes) => encryptPkcs8(pkcs8, bytes, iterations));
  } finally {
    pkcs8.fill(0);
  }
}

/**
 * The key as PEM: `BEGIN PRIVATE KEY`, or `BEGIN ENCRYPTED PRIVATE KEY` with a passphrase
 * (see {@link exportPrivateKeyDer} for the encryption).
 *
 * @example
 * const pem = await exportPrivateKeyPem(key, { passphrase, iterations: 1_000_000 });
 */
export async function exportPrivateKeyPem(key: PrivateKey, options: ExportPrivateKeyOptions = {}): Promise<string> {
  const der = await exportPrivateKeyDer(key, options);
  return encodePem(options.passphrase === undefined ? 'PRIVATE KEY' : 'ENCRYPTED PRIVATE KEY', der);
}

function checkIterations(iterations: number): number {
  if (!Number.isInteger(iterations) || iterations < MIN_PBKDF2_ITERATIONS || iterations > MAX_PBKDF2_ITERATIONS) {
    throw new InvalidArgumentError(
      `iterations must be an integer from ${MIN_PBKDF2_ITERATIONS} to ${MAX_PBKDF2_ITERATIONS}, not ${iterations}`,
      { field: 'iterations' },
    );
  }
  return iterations;
}
