import type { KeyObject } from 'node:crypto';
import { KeyError, sourcePrefix } from '../errors.js';

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
