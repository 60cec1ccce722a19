import { FormatError, InvalidArgumentError, KeyError, sourcePrefix } from '../errors.js';
import { type PassphraseInput, readPrivateKey } from '../keys/read.js';
import type { PrivateKey } from '../keys/types.js';
import { classifyInput } from './format-input.js';
import { decryptLegacyKeyBag } from '../pkcs12/decrypt.js';
import type { Pkcs12Context } from '../pkcs12/mac.js';
import { type Pkcs12Bag, readPkcs12Contents } from '../pkcs12/read-structure.js';
import { asFormatError } from '../asn1/der-limits.js';
import type { Pkcs12Key, Pkcs12Result, ReadPkcs12Options } from './types.js';

/**
 * The most PKCS#12 KDF or PBKDF2 iterations a file may ask for unless `maxIterations` says
 * otherwise (OpenSSL writes 2,048, Java 10,000): a hostile file must not hang the caller.
 */
export const PKCS12_MAX_ITERATIONS = 1_000_000;

/**
 * Reads a PKCS#12 (`.pfx`, `.p12`) file: verifies its MAC with the password, decrypts it, and
 * returns its certificates in file order and, with `includeKeys`, its private keys.
 * Reads PBES2 (OpenSSL 3 and Java defaults), PKCS#12 3DES, and for old files RC2 and RC4
 * (OpenSSL `-legacy`, old Windows exports), which OpenSSL 3 itself opens only with `-legacy`.
 *
 * @throws FormatError ERR_FORMAT_PKCS12_PASSWORD_REQUIRED, ERR_FORMAT_PKCS12_BAD_PASSWORD,
 *   ERR_FORMAT_PKCS12_UNSUPPORTED, ERR_FORMAT_NOT_PKCS12, or the DER errors of detectFormat.
 * @example
 * const { certificates, keys } = await readPkcs12(bytes, { source: 'server.pfx', password, includeKeys: true });
 */
export async function readPkcs12(input: Uint8Array, options: ReadPkcs12Options = {}): Promise<Pkcs12Result> {
  const { source } = options;
  const classified = classifyInput(input, source);
  if (classified.encoding !== 'der' || classified.kind !== 'pkcs12') {
    throw new FormatError('ERR_FORMAT_NOT_PKCS12', `${sourcePrefix(source)}not a PKCS#12 file`, { source });
  }
  const maxIterations = options.maxIterations ?? PKCS12_MAX_ITERATIONS;
  if (!Number.isSafeInteger(maxIterations) || maxIterations < 1) {
    throw new InvalidArgumentError(`maxIterations must be a positive integer, not ${maxIterations}`, {
      field: 'maxIterations',
    });
  }
  const password = await resolveStorePassword(options.password, source, 'pkcs12');
  const contents = await readPkcs12Contents(classified.der, { source, password, maxIterations });
  const certificates = contents.bags
    .filter((bag) => bag.kind === 'certificate')
    .map(({ der, friendlyName, localKeyId }) => ({ der, ...attributes(friendlyName, localKeyId) }));
  const keyBags = contents.bags.filter((bag) => bag.kind !== 'certificate');
  const keys: Pkcs12Key[] = [];
  if (options.includeKeys === true) {
    for (const bag of keyBags) {
      // Shrouded key bags are EncryptedPrivateKeyInfo under the same password (OpenSSL's behaviour).
      const key = await readBagKey(bag, { source, password, maxIterations }, contents.encryption);
      keys.push({ key, ...attributes(bag.friendlyName, bag.localKeyId) });
    }
  }
  const { mac, encryption } = contents;
  return { certificates, keys, keyCount: keyBags.length, mac, encryption };
}

/**
 * A key bag's key: plain PKCS#8 (`openssl pkcs12 -keypbe NONE`) or shrouded under the file's
 * password, so a wrong one is the file's error code. Core decrypts every PKCS#12 scheme itself and
 * checks the key's structure before Node sees it; the file's iteration cap applies to key bags too.
 */
async function readBagKey(bag: Pkcs12Bag, context: Pkcs12Context, schemes: string[]): Promise<PrivateKey> {
  const { source, password, maxIterations } = context;
  try {
    if (bag.kind === 'key') return (await readPrivateKey(bag.der, { source })).key;
    const legacy = await decryptLegacyKeyBag(bag.der, context);
    if (legacy !== undefined) {
      if (!schemes.includes(legacy.scheme)) schemes.push(legacy.scheme);
      try {
        return (await readPrivateKey(legacy.plain, { source })).key;
      } finally {
        legacy.plain.fill(0);
      }
    }
    return (await readPrivateKey(bag.der, { source, passphrase: password, maxIterations })).key;
  } catch (error) {
    throw keyBagError(error, source);
  }
}

/** Key errors that are really the file's: a wrong password, a cost over the cap, a malformed bag. */
function keyBagError(error: unknown, source: string | undefined): unknown {
  if (error instanceof KeyError && error.code === 'ERR_KEY_BAD_PASSPHRASE') {
    const message = `${sourcePrefix(source)}wrong PKCS#12 password (the private key cannot be decrypted)`;
    return new FormatError('ERR_FORMAT_PKCS12_BAD_PASSWORD', message, { source }, { cause: error });
  }
  if (error instanceof KeyError && error.code === 'ERR_KEY_ENCRYPTION_UNSUPPORTED') {
    return new FormatError('ERR_FORMAT_PKCS12_UNSUPPORTED', error.message, { source }, { cause: error });
  }
  return asFormatError(error, source, 'PKCS#12 key bag');
}

function attributes(friendlyName: string | undefined, localKeyId: string | undefined) {
  return {
    ...(friendlyName === undefined ? {} : { friendlyName }),
    ...(localKeyId === undefined ? {} : { localKeyId }),
  };
}

/** The store password from a value or a callback (called only now that a store needs it). */
export async function resolveStorePassword(
  password: PassphraseInput | undefined,
  source: string | undefined,
  kind: 'pkcs12' | 'jks',
): Promise<string> {
  if (password === undefined) {
    const what = kind === 'jks' ? 'a Java KeyStore (JKS)' : 'PKCS#12';
    const message = `${sourcePrefix(source)}the file is ${what}; its password is required`;
    const code = kind === 'jks' ? 'ERR_FORMAT_JKS_PASSWORD_REQUIRED' : 'ERR_FORMAT_PKCS12_PASSWORD_REQUIRED';
    throw new FormatError(code, message, { source });
  }
  const value = typeof password === 'function' ? await password() : password;
  return typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
}
