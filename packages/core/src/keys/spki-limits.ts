/**
 * Size checks on a SubjectPublicKeyInfo before Node builds a key from it. Node reads an RSA key's
 * details (its modulus length, its exponent as a bigint) with work that grows faster than the key:
 * a certificate with a 190 KB RSA key took minutes in parseCertificate, and verifying with such a
 * key is as slow. The limits match what the private-key checks allow (key-structure.ts).
 */
import { readOid } from '../asn1/der.js';
import { readBitString, readRaw, readRawChildren } from '../asn1/der-primitives.js';
import { MAX_RSA_MODULUS_BITS } from './key-structure.js';

const MAX_RSA_EXPONENT_BYTES = 33;
const MAX_DSA_PARAMETER_BYTES = MAX_RSA_MODULUS_BITS / 8 + 1;

const RSA_OIDS = new Set(['1.2.840.113549.1.1.1', '1.2.840.113549.1.1.10']);
const OID_EC = '1.2.840.10045.2.1';
const OID_DSA = '1.2.840.10040.4.1';

/**
 * Why the key in `spki` is too large (or its curve given by explicit parameters) for Node to be
 * handed safely, or undefined when it is not. Malformed SPKIs are left to Node (which refuses them quickly).
 */
export function spkiLimitProblem(spki: Uint8Array): string | undefined {
  let oid: string;
  let parameters: { tag: number; content: Uint8Array } | undefined;
  let key: Uint8Array;
  try {
    const [algorithm, keyBits] = readRawChildren(readRaw(spki));
    if (algorithm === undefined || keyBits === undefined) return undefined;
    const [oidElement, parameterElement] = readRawChildren(algorithm);
    oid = readOid(oidElement);
    parameters = parameterElement;
    key = readBitString(keyBits).bytes;
  } catch {
    return undefined;
  }
  if (RSA_OIDS.has(oid)) return rsaProblem(key);
  if (oid === OID_EC && parameters !== undefined && parameters.tag !== 0x06) {
    return 'EC keys with explicit curve parameters are not supported';
  }
  if (oid === OID_DSA && parameters !== undefined && parameters.content.byteLength > 3 * MAX_DSA_PARAMETER_BYTES) {
    return 'DSA parameters too large';
  }
  return undefined;
}

function rsaProblem(key: Uint8Array): string | undefined {
  try {
    const [modulus, exponent] = readRawChildren(readRaw(key));
    const modulusBytes = withoutLeadingZeros(modulus?.content);
    if (modulusBytes > MAX_RSA_MODULUS_BITS / 8) {
      return `RSA modulus of ${modulusBytes * 8} bits (at most ${MAX_RSA_MODULUS_BITS})`;
    }
    if (withoutLeadingZeros(exponent?.content) > MAX_RSA_EXPONENT_BYTES) return 'RSA public exponent too large';
    return undefined;
  } catch {
    return undefined;
  }
}

function withoutLeadingZeros(bytes: Uint8Array | undefined): number {
  if (bytes === undefined) return 0;
  let start = 0;
  while (start < bytes.byteLength && bytes[start] === 0) start++;
  return bytes.byteLength - start;
}
