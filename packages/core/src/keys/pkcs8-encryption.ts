/**
 * PBES2 encryption and decryption of PKCS#8 bytes. PBKDF2 runs on Node's thread pool
 * (async `crypto.pbkdf2`): at 600,000 iterations the sync call would block the event loop.
 */
import { createCipheriv, createDecipheriv, pbkdf2, randomBytes } from 'node:crypto';
import { CIPHER_KEY_BYTES, encodeEncryptedPrivateKeyInfo, type Pbes2Params } from './pbes2.js';

const SALT_BYTES = 16;
const IV_BYTES = 16;

/** EncryptedPrivateKeyInfo DER: PBES2 with PBKDF2-HMAC-SHA256, a random salt, AES-256-CBC with a random IV. */
export async function encryptPkcs8(pkcs8: Uint8Array, passphrase: Uint8Array, iterations: number): Promise<Uint8Array> {
  const params: Pbes2Params = {
    salt: randomBytes(SALT_BYTES),
    iterations,
    digest: 'sha256',
    cipher: 'aes-256-cbc',
    iv: randomBytes(IV_BYTES),
  };
  const key = await deriveKey(params, passphrase);
  try {
    const cipher = createCipheriv(params.cipher, key, params.iv);
    const encrypted = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
    return encodeEncryptedPrivateKeyInfo(params, encrypted);
  } finally {
    key.fill(0);
  }
}

/**
 * The plain PKCS#8 DER inside PBES2-encrypted data. Throws (bad padding) when the passphrase
 * is wrong; the caller wipes the returned buffer once it has loaded the key.
 */
export async function decryptPbes2(
  params: Pbes2Params,
  encryptedData: Uint8Array,
  passphrase: Uint8Array,
): Promise<Buffer> {
  const key = await deriveKey(params, passphrase);
  try {
    const decipher = createDecipheriv(params.cipher, key, params.iv);
    return Buffer.concat([decipher.update(encryptedData), decipher.final()]);
  } finally {
    key.fill(0);
  }
}

function deriveKey(params: Pbes2Params, passphrase: Uint8Array): Promise<Buffer> {
  const { salt, iterations, cipher, digest } = params;
  return new Promise((resolve, reject) => {
    pbkdf2(passphrase, salt, iterations, CIPHER_KEY_BYTES[cipher], digest, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
