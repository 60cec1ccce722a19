/**
 * Sun's proprietary JKS key protection (OID 1.3.6.1.4.1.42.2.17.1.1): a SHA-1 keystream seeded by a
 * random salt, XORed with the PKCS#8 key, followed by a SHA-1 check value over password and key.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  DerError,
  encodeNull,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  expectTag,
  readChildren,
  readElement,
  readOid,
  TAG_OCTET_STRING,
  TAG_SEQUENCE,
} from '../asn1/der.js';
import { concatBytes, jksPasswordBytes } from './bytes.js';

export const SUN_KEY_PROTECTOR_OID = '1.3.6.1.4.1.42.2.17.1.1';
const SALT_LENGTH = 20;
/** A PKCS#8 key of 16,384-bit RSA is under 10 KB; the keystream costs a SHA-1 per 20 bytes. */
export const MAX_PROTECTED_KEY_BYTES = 64 * 1024;
const CHECK_LENGTH = 20;

/** Why a protected key cannot be opened; the caller maps it to a TrustStoreError code. */
export type UnprotectFailure = 'malformed' | 'unsupported' | 'bad-password';

export class JksKeyProtectionError extends Error {
  override readonly name = 'JksKeyProtectionError';
  constructor(
    readonly reason: UnprotectFailure,
    message: string,
  ) {
    super(message);
  }
}

/** The EncryptedPrivateKeyInfo DER JKS stores for a PKCS#8 key under `password`. */
export function protectJksKey(pkcs8: Uint8Array, password: string): Uint8Array {
  const salt = new Uint8Array(randomBytes(SALT_LENGTH));
  const passwordBytes = jksPasswordBytes(password);
  try {
    const encrypted = xorWithKeystream(pkcs8, passwordBytes, salt);
    const check = sha1(passwordBytes, pkcs8);
    const algorithm = encodeSequence(encodeOid(SUN_KEY_PROTECTOR_OID), encodeNull());
    return encodeSequence(algorithm, encodeOctetString(concatBytes([salt, encrypted, check])));
  } finally {
    passwordBytes.fill(0);
  }
}

/** The PKCS#8 key inside a JKS EncryptedPrivateKeyInfo, after checking the password's check value. */
export function unprotectJksKey(encryptedPrivateKeyInfo: Uint8Array, password: string): Uint8Array {
  const { salt, encrypted, check } = splitProtectedKey(encryptedPrivateKeyInfo);
  const passwordBytes = jksPasswordBytes(password);
  try {
    const pkcs8 = xorWithKeystream(encrypted, passwordBytes, salt);
    if (!timingSafeEqual(sha1(passwordBytes, pkcs8), check)) {
      pkcs8.fill(0);
      throw new JksKeyProtectionError('bad-password', 'wrong key password (the key check value does not match)');
    }
    return pkcs8;
  } finally {
    passwordBytes.fill(0);
  }
}

function splitProtectedKey(der: Uint8Array): { salt: Uint8Array; encrypted: Uint8Array; check: Uint8Array } {
  let oid: string;
  let data: Uint8Array;
  try {
    const [algorithm, octets] = readChildren(expectTag(readElement(der), TAG_SEQUENCE));
    oid = readOid(readChildren(expectTag(algorithm, TAG_SEQUENCE))[0]);
    data = expectTag(octets, TAG_OCTET_STRING).content;
  } catch (cause) {
    if (!(cause instanceof DerError)) throw cause;
    throw new JksKeyProtectionError('malformed', `the protected key is not valid DER (${cause.message})`);
  }
  if (oid !== SUN_KEY_PROTECTOR_OID) {
    throw new JksKeyProtectionError('unsupported', `key protection ${oid} is not Sun's JKS key protector`);
  }
  if (data.byteLength > MAX_PROTECTED_KEY_BYTES) {
    throw new JksKeyProtectionError(
      'unsupported',
      `a protected key of ${data.byteLength} bytes (at most ${MAX_PROTECTED_KEY_BYTES})`,
    );
  }
  if (data.byteLength <= SALT_LENGTH + CHECK_LENGTH) {
    throw new JksKeyProtectionError('malformed', 'the protected key is too short');
  }
  const checkStart = data.byteLength - CHECK_LENGTH;
  return {
    salt: data.subarray(0, SALT_LENGTH),
    encrypted: data.subarray(SALT_LENGTH, checkStart),
    check: data.subarray(checkStart),
  };
}

/** input XOR the keystream SHA-1(password || d1), SHA-1(password || d2), … with d1 = salt, d(n+1) = block n. */
function xorWithKeystream(input: Uint8Array, passwordBytes: Uint8Array, salt: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.byteLength);
  let block = salt;
  for (let offset = 0; offset < input.byteLength; offset += block.byteLength) {
    block = sha1(passwordBytes, block);
    const end = Math.min(offset + block.byteLength, input.byteLength);
    for (let i = offset; i < end; i++) out[i] = (input[i] as number) ^ (block[i - offset] as number);
  }
  return out;
}

function sha1(first: Uint8Array, second: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(first).update(second).digest());
}
