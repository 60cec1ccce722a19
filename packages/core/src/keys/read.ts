import type { WarningCode } from '../error-codes/catalogue.js';
import type { KeyObject } from 'node:crypto';
import { CertwrightError, InvalidArgumentError, KeyError, sourcePrefix } from '../errors.js';
import { decryptLegacyPem, decryptPkcs8, type PassphraseProvider } from './key-decryption.js';
import { loadPrivateKeyDer } from './node-key.js';
import { unwrapPrivateKey } from './private-key-input.js';
import { describeKeyObject } from './describe.js';
import type { PrivateKey } from './types.js';

/** Above this many PBKDF2 iterations (or scrypt N·r·p) an encrypted key is refused unless `maxIterations` says otherwise. */
export const DEFAULT_MAX_ITERATIONS = 10_000_000;
// Node's pbkdf2 takes a 32-bit signed iteration count; nothing sane needs more.
const MAX_PBKDF2_ITERATIONS = 2 ** 31 - 1;

/** A passphrase, or a callback that supplies one only when the key turns out to be encrypted (e.g. a prompt). */
export type PassphraseInput = string | Uint8Array | (() => Promise<string | Uint8Array>);

/** How to read a private key. */
export interface ReadPrivateKeyOptions {
  /** For encrypted keys; a string is used as UTF-8. Ignored when the key is not encrypted. */
  passphrase?: PassphraseInput;
  /** A name for the input (usually the file name) that starts every error and warning message. */
  source?: string;
  /** The most key-derivation work one passphrase attempt may cost, so a hostile file cannot hang the caller. */
  maxIterations?: number;
}

/** Something about a key that still loaded but deserves the operator's attention. */
export interface KeyWarning {
  code: Extract<WarningCode, `WARN_KEY_${string}`>;
  message: string;
}

/** A key that was read, and how it was stored. */
export interface ReadPrivateKeyResult {
  key: PrivateKey;
  encoding: 'pem' | 'der';
  /** `legacy` is PKCS#1 `RSA PRIVATE KEY` or SEC 1 `EC PRIVATE KEY`; `legacy-encrypted` adds `Proc-Type: 4,ENCRYPTED`. */
  format: 'pkcs8' | 'encrypted-pkcs8' | 'legacy' | 'legacy-encrypted';
  warnings: KeyWarning[];
}

/**
 * Reads a private key: PKCS#8 plain or encrypted, PEM or DER, and legacy PKCS#1/SEC 1 PEM
 * (also `Proc-Type: 4,ENCRYPTED`, with a warning). Encrypted PKCS#8 with PBES2/PBKDF2/AES-CBC
 * is decrypted off the event loop.
 *
 * @example
 * const { key, warnings } = await readPrivateKey(await readFile('server.key'), {
 *   source: 'server.key',
 *   passphrase: () => promptForPassphrase(),
 * });
 */
export async function readPrivateKey(
  input: string | Uint8Array,
  options: ReadPrivateKeyOptions = {},
): Promise<ReadPrivateKeyResult> {
  const { source } = options;
  const maxIterations = checkMaxIterations(options.maxIterations ?? DEFAULT_MAX_ITERATIONS);
  const stored = unwrapPrivateKey(input, source);
  const { encoding } = stored;
  const getPassphrase = passphraseProvider(options);
  switch (stored.kind) {
    case 'pkcs8':
    case 'pkcs1':
    case 'sec1': {
      const { der, kind } = stored;
      const keyObject = loadPrivateKeyDer(der, kind, source);
      const format = kind === 'pkcs8' ? 'pkcs8' : 'legacy';
      return { key: toPrivateKey(keyObject, source), encoding, format, warnings: [] };
    }
    case 'encrypted-pkcs8': {
      const keyObject = await decryptPkcs8(stored.der, getPassphrase, { source, maxIterations });
      return { key: toPrivateKey(keyObject, source), encoding, format: 'encrypted-pkcs8', warnings: [] };
    }
    case 'legacy-encrypted': {
      const keyObject = await decryptLegacyPem(stored.pem, stored.cipher, getPassphrase, source);
      return { key: toPrivateKey(keyObject, source), encoding, format: 'legacy-encrypted', warnings: [LEGACY_WARNING] };
    }
  }
}

// No source prefix: callers print warnings next to the file name already.
const LEGACY_WARNING: KeyWarning = {
  code: 'WARN_KEY_LEGACY_ENCRYPTION',
  message:
    'legacy PEM encryption (Proc-Type: 4,ENCRYPTED) uses a weak MD5-based key derivation; re-encrypt the key as PKCS#8',
};

/** The passphrase getter a decryption calls once it knows the key is encrypted. */
function passphraseProvider(options: ReadPrivateKeyOptions): PassphraseProvider {
  return async () => {
    const { passphrase, source } = options;
    if (passphrase === undefined) {
      const message = `${sourcePrefix(source)}the key is encrypted; a passphrase is required`;
      throw new KeyError('ERR_KEY_PASSPHRASE_REQUIRED', message, { source });
    }
    return typeof passphrase === 'function' ? passphrase() : passphrase;
  };
}

function toPrivateKey(keyObject: KeyObject, source: string | undefined): PrivateKey {
  try {
    return { keyObject, description: describeKeyObject(keyObject) };
  } catch (cause) {
    // Anything Node still rejects about a key that passed the structural checks is a typed error too.
    if (!(cause instanceof CertwrightError)) {
      throw new KeyError('ERR_KEY_INVALID', `${sourcePrefix(source)}not a valid private key`, { source }, { cause });
    }
    throw new KeyError('ERR_KEY_UNSUPPORTED', `${sourcePrefix(source)}${cause.message}`, { source }, { cause });
  }
}

function checkMaxIterations(maxIterations: number): number {
  if (!Number.isInteger(maxIterations) || maxIterations < 1 || maxIterations > MAX_PBKDF2_ITERATIONS) {
    const message = `maxIterations must be an integer from 1 to ${MAX_PBKDF2_ITERATIONS}, not ${maxIterations}`;
    throw new InvalidArgumentError(message, { field: 'maxIterations' });
  }
  return maxIterations;
}
