import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { KeyError, sourcePrefix } from '../errors.js';
import { checkPrivateKeyStructure, samePoint } from './key-structure.js';

/** A Buffer view of the bytes, without copying (Node's key decoder wants a Buffer). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Runs Node's decoder on unencrypted key bytes; its failure means the bytes are not a usable key. */
export function loadKeyObject(source: string | undefined, decode: () => KeyObject): KeyObject {
  try {
    return decode();
  } catch (cause) {
    throw new KeyError('ERR_KEY_INVALID', `${sourcePrefix(source)}not a valid private key`, { source }, { cause });
  }
}

/**
 * Unencrypted private-key DER as a Node key, checked structurally first (key-structure.ts says why)
 * and rebuilt from its private parts only: an EC public key stored in the file must equal the one
 * Node computes from the scalar, or the key is refused.
 */
export function loadPrivateKeyDer(
  der: Uint8Array,
  kind: 'pkcs8' | 'pkcs1' | 'sec1',
  source: string | undefined,
): KeyObject {
  const checked = checkPrivateKeyStructure(der, kind, source);
  try {
    const keyObject = loadKeyObject(source, () =>
      createPrivateKey({ key: asBuffer(checked.der), format: 'der', type: checked.kind }),
    );
    const stored = checked.storedEcPoint;
    if (
      stored !== undefined &&
      !samePoint(stored, createPublicKey(keyObject).export({ format: 'der', type: 'spki' }))
    ) {
      const message = `${sourcePrefix(source)}not a valid private key: its stored public key does not match the private key`;
      throw new KeyError('ERR_KEY_INVALID', message, { source });
    }
    return keyObject;
  } finally {
    if (checked.der !== der) checked.der.fill(0);
  }
}

/**
 * For a key Node decrypted and decoded itself (legacy PEM encryption, schemes core does not
 * decrypt): its PKCS#8 export is checked and loaded again like any key before anything reads its
 * details. Exporting a broken key fails with an ordinary error; reading its details can abort.
 */
export function vetKeyObject(keyObject: KeyObject, source: string | undefined): KeyObject {
  let der: Buffer;
  try {
    der = keyObject.export({ format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw new KeyError('ERR_KEY_INVALID', `${sourcePrefix(source)}not a valid private key`, { source }, { cause });
  }
  try {
    return loadPrivateKeyDer(der, 'pkcs8', source);
  } finally {
    der.fill(0);
  }
}
