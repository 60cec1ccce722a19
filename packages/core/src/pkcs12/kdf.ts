/**
 * The PKCS#12 key derivation (RFC 7292 appendix B.2), used for the MAC key and for the legacy
 * `pbeWithSHAAnd…` ciphers. PBES2 inside PKCS#12 uses PBKDF2 instead (pbes2.ts).
 */
import * as nodeCrypto from 'node:crypto';
import { createHash } from 'node:crypto';

// One-shot hashing (Node ≥ 20.12) is about twice as fast as a Hash object per round, and a PKCS#12
// KDF is thousands of rounds over a few bytes; older Node 20 releases take the Hash object.
const hashOnce: (algorithm: string, data: Uint8Array) => Buffer =
  typeof nodeCrypto.hash === 'function'
    ? (algorithm, data) => nodeCrypto.hash(algorithm, data, 'buffer') as unknown as Buffer
    : (algorithm, data) => createHash(algorithm).update(data).digest();

/** What the derived bytes are for: the ID byte of appendix B.3. */
export const KDF_PURPOSE = { key: 1, iv: 2, mac: 3 } as const;

/** Hashes PKCS#12 MACs use: output size u and block size v, in bytes. */
export const PKCS12_HASHES = {
  sha1: { u: 20, v: 64 },
  sha224: { u: 28, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
} as const;
export type Pkcs12Hash = keyof typeof PKCS12_HASHES;

/** A password as PKCS#12 hashes it: UTF-16BE (BMPString) with a two-byte NUL terminator. */
export function bmpPassword(password: string): Buffer {
  const units = Buffer.from(`${password}\u0000`, 'utf16le');
  return units.swap16();
}

/** `length` bytes of key material derived from the BMPString password, salt and iteration count. */
export function pkcs12Kdf(
  hash: Pkcs12Hash,
  purpose: number,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  length: number,
): Buffer {
  const { u, v } = PKCS12_HASHES[hash];
  const diversifier = Buffer.alloc(v, purpose);
  const input = Buffer.concat([repeatToBlocks(salt, v), repeatToBlocks(password, v)]);
  const output: Buffer[] = [];
  for (let produced = 0; produced < length; produced += u) {
    let a: Buffer = createHash(hash).update(diversifier).update(input).digest();
    for (let i = 1; i < iterations; i++) a = hashOnce(hash, a);
    output.push(a);
    addToEveryBlock(input, repeatToBlocks(a, v), v);
  }
  return Buffer.concat(output).subarray(0, length);
}

/** The bytes repeated to fill a whole number of v-byte blocks (empty stays empty). */
function repeatToBlocks(bytes: Uint8Array, v: number): Buffer {
  const length = v * Math.ceil(bytes.byteLength / v);
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = bytes[i % bytes.byteLength] as number;
  return out;
}

/** I_j = (I_j + B + 1) mod 2^(8v) for each v-byte block I_j of I, in place. */
function addToEveryBlock(input: Buffer, b: Buffer, v: number): void {
  for (let start = 0; start < input.byteLength; start += v) {
    let carry = 1;
    for (let i = v - 1; i >= 0; i--) {
      const sum = (input[start + i] as number) + (b[i] as number) + carry;
      input[start + i] = sum & 0xff;
      carry = sum >> 8;
    }
  }
}
