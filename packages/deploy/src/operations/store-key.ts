import {
  detectFormat,
  exportPrivateKeyPem,
  KeyError,
  type PrivateKey,
  readCertificates,
  readPkcs12,
  ServerSetError,
} from '@certwright/core';
import { PRIVATE_MODE, type PlannedWrite } from '../files/write.js';
import type { PassphraseSource } from '../keys/read-key-file.js';
import type { Progress } from '../progress.js';
import { keyEncryptionSummary, newPassphrase } from './create-key-file.js';

/** A private key found inside a PKCS#12 (.pfx/.p12) input, with the file it came from. */
export interface StoreKey {
  key: PrivateKey;
  from: string;
}

/** How a key taken out of a store is written: encrypted with a new passphrase, or (explicitly) not. */
export interface StoreKeyProtection {
  /** false writes it unencrypted (a warning says so); the passphrase is then never asked for. */
  encrypt: boolean;
  /** The passphrase that encrypts the written key, asked for once the set is known to be good. */
  passphrase: PassphraseSource;
}

/** What a certificate input holds: its certificates and, for a PKCS#12 file, its private keys. */
export interface InputContents {
  certificates: Uint8Array[];
  keys: StoreKey[];
}

/**
 * Reads a certificate input (PEM, DER, PKCS#7, PKCS#12); the keys of a PKCS#12 file are decrypted
 * too, under the same store password (asked for only when the input is PKCS#12).
 */
export async function readInputWithKeys(
  bytes: Uint8Array,
  file: string,
  password: (() => Promise<string>) | undefined,
): Promise<InputContents> {
  if (detectFormat(bytes, { source: file }).format !== 'pkcs12') {
    const certificates = await readCertificates(bytes, {
      source: file,
      ...(password === undefined ? {} : { password }),
    });
    return { certificates, keys: [] };
  }
  const pfx = await readPkcs12(bytes, {
    source: file,
    includeKeys: true,
    ...(password === undefined ? {} : { password }),
  });
  return {
    certificates: pfx.certificates.map((certificate) => certificate.der),
    keys: pfx.keys.map(({ key }) => ({ key, from: file })),
  };
}

/**
 * The one private key of a PKCS#12 file (`install --key server.pfx`, `convert --key-out`), with the
 * file's certificates; a file without a key, or with several, is refused.
 */
export async function readOnePkcs12Key(
  bytes: Uint8Array,
  file: string,
  password: () => Promise<string>,
): Promise<StoreKey & { certificates: Uint8Array[] }> {
  const contents = await readInputWithKeys(bytes, file, password);
  const key = singleStoreKey(contents.keys, undefined);
  if (key === undefined) {
    throw new KeyError('ERR_KEY_INVALID', `${file}: the PKCS#12 file holds no private key`, { source: file });
  }
  return { ...key, certificates: contents.certificates };
}

/** The one key of the inputs, or none; two keys (or a store's key beside `--key`) are refused. */
export function singleStoreKey(keys: readonly StoreKey[], keyOption: string | undefined): StoreKey | undefined {
  const [first, second] = keys;
  if (first === undefined) return undefined;
  if (second !== undefined) {
    const from = [...new Set(keys.map((entry) => entry.from))].join(', ');
    throw new ServerSetError('ERR_SERVER_SET_SEVERAL_KEYS', `${from}: ${keys.length} private keys; give one key only`, {
      source: first.from,
    });
  }
  if (keyOption !== undefined) {
    throw new ServerSetError(
      'ERR_SERVER_SET_SEVERAL_KEYS',
      `${first.from} holds a private key and --key gives ${keyOption}: give one key only (leave out --key to take it from ${first.from})`,
      { source: first.from },
    );
  }
  return first;
}

/**
 * The key as every key Certwright writes: PKCS#8 PEM encrypted with PBES2 (PBKDF2-HMAC-SHA256,
 * 600,000 iterations, AES-256-CBC), mode 0600; unencrypted only when `encrypt` is false.
 */
export async function storeKeyWrite(
  key: StoreKey,
  path: string,
  protection: StoreKeyProtection,
  progress: Progress,
): Promise<{ write: PlannedWrite; encrypted: boolean; summary: string }> {
  const passphrase = await newPassphrase(protection, path, progress);
  const pem = await exportPrivateKeyPem(key.key, passphrase === undefined ? {} : { passphrase });
  return {
    write: { path, data: pem, mode: PRIVATE_MODE },
    encrypted: passphrase !== undefined,
    summary: keyEncryptionSummary(passphrase),
  };
}
