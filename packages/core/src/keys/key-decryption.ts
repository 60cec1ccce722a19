/**
 * Decrypting stored private keys. PBES2/PBKDF2/AES-CBC is done here, asynchronously and with its
 * cost bounded first; everything else goes to Node's (synchronous, OpenSSL) decoder.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { KeyError, sourcePrefix } from '../errors.js';
import { DerError } from '../asn1/der.js';
import { asBuffer, loadPrivateKeyDer, vetKeyObject } from './node-key.js';
import { withPassphraseBytes } from './passphrase.js';
import { decodeEncryptedPrivateKeyInfo, type EncryptedPrivateKeyInfo, type EncryptionScheme } from './pbes2.js';
import { decryptPbes2 } from './pkcs8-encryption.js';
import { detectPrivateKeyDer } from './private-key-der.js';

/** Supplies the passphrase once it is known to be needed. */
export type PassphraseProvider = () => Promise<string | Uint8Array>;

/** Decrypts an EncryptedPrivateKeyInfo, refusing before any work one that costs more than `maxIterations`. */
export async function decryptPkcs8(
  der: Uint8Array,
  getPassphrase: PassphraseProvider,
  options: { source: string | undefined; maxIterations: number },
): Promise<KeyObject> {
  const { source, maxIterations } = options;
  const { scheme, encryptedData } = decodeEncrypted(der, source);
  // Checked before asking for the passphrase: a hostile file must not cost a prompt, let alone hours of PBKDF2.
  checkCost(scheme, maxIterations, source);
  return withPassphraseBytes(await getPassphrase(), async (passphrase) => {
    const { pbes2 } = scheme;
    if (pbes2 === undefined) {
      // Schemes core does not decrypt itself (scrypt, PBES1, other ciphers): OpenSSL does, synchronously.
      return decryptWithNode(source, `key encryption ${scheme.name}`, () =>
        createPrivateKey({ key: asBuffer(der), format: 'der', type: 'pkcs8', passphrase: asBuffer(passphrase) }),
      );
    }
    const plain = await decryptPbes2(pbes2, encryptedData, passphrase).catch((cause: unknown) => {
      throw badPassphrase(source, cause);
    });
    try {
      // Padding can come out valid by chance: only a PrivateKeyInfo inside proves the passphrase right.
      if (detectPrivateKeyDer(plain) !== 'pkcs8') throw badPassphrase(source);
      return loadPrivateKeyDer(plain, 'pkcs8', source);
    } finally {
      plain.fill(0);
    }
  });
}

/** Decrypts legacy `Proc-Type: 4,ENCRYPTED` PEM (one MD5 round derives the key: cheap, so no cost check). */
export async function decryptLegacyPem(
  pem: string,
  cipher: string,
  getPassphrase: PassphraseProvider,
  source: string | undefined,
): Promise<KeyObject> {
  return withPassphraseBytes(await getPassphrase(), async (passphrase) =>
    decryptWithNode(source, `legacy PEM encryption ${cipher}`, () =>
      createPrivateKey({ key: pem, format: 'pem', passphrase: asBuffer(passphrase) }),
    ),
  );
}

function decodeEncrypted(der: Uint8Array, source: string | undefined): EncryptedPrivateKeyInfo {
  try {
    return decodeEncryptedPrivateKeyInfo(der);
  } catch (cause) {
    if (!(cause instanceof DerError)) throw cause;
    const message = `${sourcePrefix(source)}malformed encrypted private key (${cause.message})`;
    throw new KeyError('ERR_KEY_INVALID', message, { source }, { cause });
  }
}

function checkCost(scheme: EncryptionScheme, maxIterations: number, source: string | undefined): void {
  if (scheme.cost === undefined || scheme.cost <= BigInt(maxIterations)) return;
  const message = `${sourcePrefix(source)}key encryption ${scheme.name} needs ${scheme.cost} ${scheme.costUnit}, above the limit of ${maxIterations}`;
  throw new KeyError('ERR_KEY_ENCRYPTION_UNSUPPORTED', message, { source });
}

/**
 * Node's decoder fails the same way for any wrong passphrase; only a missing cipher is told apart.
 * What it decoded is vetted like any other key before its details are read.
 */
function decryptWithNode(source: string | undefined, encryption: string, decode: () => KeyObject): KeyObject {
  let keyObject: KeyObject;
  try {
    keyObject = decode();
  } catch (cause) {
    if ((cause as { code?: unknown }).code !== 'ERR_OSSL_EVP_UNSUPPORTED') throw badPassphrase(source, cause);
    const message = `${sourcePrefix(source)}${encryption} is not supported`;
    throw new KeyError('ERR_KEY_ENCRYPTION_UNSUPPORTED', message, { source }, { cause });
  }
  return vetKeyObject(keyObject, source);
}

function badPassphrase(source: string | undefined, cause?: unknown): KeyError {
  const message = `${sourcePrefix(source)}wrong passphrase: the key cannot be decrypted`;
  return new KeyError('ERR_KEY_BAD_PASSPHRASE', message, { source }, { cause });
}
