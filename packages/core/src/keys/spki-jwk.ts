/**
 * SPKI → JWK for the common key types. Why: OpenSSL 3's DER decoders make `createPublicKey` on SPKI
 * cost ~0.15 ms, while a JWK import builds the key from its numbers (RSA ~0.01 ms, EC ~0.08 ms); key
 * import is most of the cost of validating a chain. Anything unusual returns undefined and goes the DER way.
 */
import type { JsonWebKey } from 'node:crypto';
import { readOid } from '../asn1/der.js';
import { readBitString, readRaw, readRawChildren } from '../asn1/der-primitives.js';

const CURVES: Record<string, { crv: string; size: number }> = {
  '1.2.840.10045.3.1.7': { crv: 'P-256', size: 32 },
  '1.3.132.0.34': { crv: 'P-384', size: 48 },
  '1.3.132.0.35': { crv: 'P-521', size: 66 },
};

/** The key as a JWK, or undefined when it is not a plain RSA, named-curve EC or Ed25519 key. */
export function spkiToJwk(spki: Uint8Array): JsonWebKey | undefined {
  try {
    const [algorithm, keyBits, extra] = readRawChildren(readRaw(spki));
    if (algorithm === undefined || keyBits === undefined || extra !== undefined) return undefined;
    const [oid, parameters] = readRawChildren(algorithm);
    const { bytes, unusedBits } = readBitString(keyBits);
    if (unusedBits !== 0) return undefined;
    switch (readOid(oid)) {
      case '1.2.840.113549.1.1.1':
        return rsaJwk(bytes, parameters);
      case '1.2.840.10045.2.1':
        return parameters?.tag === 0x06 ? ecJwk(bytes, readOid(parameters)) : undefined;
      case '1.3.101.112':
        return parameters === undefined && bytes.byteLength === 32
          ? { kty: 'OKP', crv: 'Ed25519', x: b64url(bytes) }
          : undefined;
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

function rsaJwk(
  bytes: Uint8Array,
  parameters: { tag: number; content: Uint8Array } | undefined,
): JsonWebKey | undefined {
  if (parameters !== undefined && !(parameters.tag === 0x05 && parameters.content.byteLength === 0)) return undefined;
  const [modulus, exponent, extra] = readRawChildren(readRaw(bytes));
  if (modulus?.tag !== 0x02 || exponent?.tag !== 0x02 || extra !== undefined) return undefined;
  const n = positive(modulus.content);
  const e = positive(exponent.content);
  return n === undefined || e === undefined ? undefined : { kty: 'RSA', n: b64url(n), e: b64url(e) };
}

function ecJwk(point: Uint8Array, curveOid: string): JsonWebKey | undefined {
  const curve = CURVES[curveOid];
  if (curve === undefined || point[0] !== 0x04 || point.byteLength !== 1 + 2 * curve.size) return undefined;
  const x = point.subarray(1, 1 + curve.size);
  const y = point.subarray(1 + curve.size);
  return { kty: 'EC', crv: curve.crv, x: b64url(x), y: b64url(y) };
}

// A DER INTEGER's magnitude without its sign byte; undefined for zero or negative values.
function positive(content: Uint8Array): Uint8Array | undefined {
  if (content.byteLength === 0 || ((content[0] as number) & 0x80) !== 0) return undefined;
  const digits = content[0] === 0 ? content.subarray(1) : content;
  return digits.byteLength === 0 || digits.every((byte) => byte === 0) ? undefined : digits;
}

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** The RSA modulus or DSA prime size in bits, read from the SPKI; undefined for other key types. */
export function spkiModulusBits(spki: Uint8Array): number | undefined {
  try {
    const [algorithm, keyBits] = readRawChildren(readRaw(spki));
    if (algorithm === undefined || keyBits === undefined) return undefined;
    const [oid, parameters] = readRawChildren(algorithm);
    const type = readOid(oid);
    if (type === '1.2.840.113549.1.1.1' || type === '1.2.840.113549.1.1.10') {
      const [modulus] = readRawChildren(readRaw(readBitString(keyBits).bytes));
      return modulus?.tag === 0x02 ? bitLength(modulus.content) : undefined;
    }
    if (type === '1.2.840.10040.4.1' && parameters?.tag === 0x30) {
      const [prime] = readRawChildren(parameters);
      return prime?.tag === 0x02 ? bitLength(prime.content) : undefined;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

function bitLength(integer: Uint8Array): number {
  let start = 0;
  while (start < integer.byteLength && integer[start] === 0) start++;
  if (start === integer.byteLength) return 0;
  return (integer.byteLength - start - 1) * 8 + (32 - Math.clz32(integer[start] as number));
}
