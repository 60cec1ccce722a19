/**
 * Structural checks on private-key DER before Node's decoder sees it. OpenSSL accepts some malformed
 * keys (a P-256 scalar of 33 bytes) and Node then aborts the whole process with an assertion when
 * the key's details are read; a typed error is the only acceptable answer to a hostile file.
 * Checked: the algorithm and its parameters, every field's type and count, sizes against the
 * algorithm (RSA modulus at most 16,384 bits, EC scalar within the curve's order, EdDSA lengths),
 * and RSA's n = p·q. Nothing here decides whether a key is strong: that is the linter's job.
 */
import { KeyError, sourcePrefix } from '../errors.js';
import {
  type DerElement,
  DerError,
  encodeElement,
  encodeOid,
  encodeSequence,
  expectTag,
  readChildren,
  readElement,
  readOid,
  TAG_BIT_STRING,
  TAG_INTEGER,
  TAG_NULL,
  TAG_OCTET_STRING,
  TAG_OID,
  TAG_SEQUENCE,
} from '../asn1/der.js';

/** Larger RSA moduli make signing take seconds; no CA issues them. */
export const MAX_RSA_MODULUS_BITS = 16_384;
/** RSA public exponents are 65537 in practice; a huge one makes every private operation slow (blinding). */
const MAX_RSA_EXPONENT_BITS = 256;
/** DSA domain parameters as large as FIPS 186 allows, with room. */
const MAX_DSA_P_BITS = 16_384;
const MAX_DSA_Q_BITS = 512;

const OID_RSA = '1.2.840.113549.1.1.1';
const OID_RSA_PSS = '1.2.840.113549.1.1.10';
const OID_EC = '1.2.840.10045.2.1';
const OID_DSA = '1.2.840.10040.4.1';
const OID_ED25519 = '1.3.101.112';
const OID_ED448 = '1.3.101.113';

/** The curves Certwright uses, with their private-scalar size and group order. */
const CURVES: Record<string, { name: string; bytes: number; order: bigint }> = {
  '1.2.840.10045.3.1.7': {
    name: 'P-256',
    bytes: 32,
    order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  },
  '1.3.132.0.34': {
    name: 'P-384',
    bytes: 48,
    order: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  },
  '1.3.132.0.35': {
    name: 'P-521',
    bytes: 66,
    order:
      0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
  },
};

/** The EdDSA keys Node reads, with their private-key length (RFC 8410). */
const EDDSA_KEY_BYTES: Record<string, number> = { [OID_ED25519]: 32, [OID_ED448]: 57 };

/** Why a structure was refused: not a key at all, or a key of a kind Certwright does not handle. */
class KeyStructureError extends Error {
  constructor(
    readonly code: 'ERR_KEY_INVALID' | 'ERR_KEY_UNSUPPORTED',
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new KeyStructureError('ERR_KEY_INVALID', message);
const unsupported = (message: string) => new KeyStructureError('ERR_KEY_UNSUPPORTED', message);

/**
 * A key that passed: its DER re-encoded with only what Node needs to rebuild it (PKCS#8 version 0,
 * no attributes, no stored public key, which Node would otherwise trust over the private scalar),
 * and the EC public point the file stored, for the caller to compare with the one Node computes.
 */
export interface CheckedPrivateKey {
  der: Uint8Array;
  kind: 'pkcs8' | 'pkcs1' | 'sec1';
  storedEcPoint?: Uint8Array;
}

/**
 * Throws KeyError (ERR_KEY_INVALID, or ERR_KEY_UNSUPPORTED for a well-formed key of another kind)
 * unless `der` is a structurally sound PKCS#8 PrivateKeyInfo, PKCS#1 RSAPrivateKey or SEC 1 ECPrivateKey.
 */
export function checkPrivateKeyStructure(
  der: Uint8Array,
  kind: 'pkcs8' | 'pkcs1' | 'sec1',
  source: string | undefined,
): CheckedPrivateKey {
  try {
    const root = expectTag(readElement(der), TAG_SEQUENCE);
    if (kind === 'pkcs1') {
      checkRsaPrivateKey(root);
      return { der, kind };
    }
    if (kind === 'sec1') {
      const ec = checkEcPrivateKey(root, undefined);
      return { der: ec.der, kind, ...(ec.point === undefined ? {} : { storedEcPoint: ec.point }) };
    }
    return checkPrivateKeyInfo(root);
  } catch (error) {
    if (error instanceof KeyStructureError) {
      const message = `${sourcePrefix(source)}${error.code === 'ERR_KEY_INVALID' ? 'not a valid private key: ' : ''}${error.message}`;
      throw new KeyError(error.code, message, { source }, { cause: error });
    }
    if (error instanceof DerError) {
      const message = `${sourcePrefix(source)}not a valid private key (${error.message})`;
      throw new KeyError('ERR_KEY_INVALID', message, { source }, { cause: error });
    }
    throw error;
  }
}

/** PrivateKeyInfo ::= SEQUENCE { version, algorithm, privateKey OCTET STRING, [0] attributes, [1] publicKey } */
function checkPrivateKeyInfo(root: DerElement): CheckedPrivateKey {
  const [version, algorithm, privateKey, ...optional] = readChildren(root);
  const versionValue = smallInteger(version, 'version');
  if (versionValue !== 0 && versionValue !== 1) throw invalid(`PKCS#8 version ${versionValue}`);
  checkOptionalFields(optional, [0xa0, 0x81, 0xa1], 'PrivateKeyInfo');
  const algorithmElement = expectTag(algorithm, TAG_SEQUENCE);
  const [oidElement, parameters, ...extra] = readChildren(algorithmElement);
  if (extra.length > 0) throw invalid('extra fields in the key algorithm');
  const oid = readOid(oidElement);
  let inner = expectTag(privateKey, TAG_OCTET_STRING).content;
  let storedEcPoint: Uint8Array | undefined;
  if (oid === OID_RSA || oid === OID_RSA_PSS) {
    if (oid === OID_RSA && parameters !== undefined && parameters.tag !== TAG_NULL) {
      throw invalid('rsaEncryption parameters are not NULL');
    }
    if (oid === OID_RSA_PSS && parameters !== undefined) expectTag(parameters, TAG_SEQUENCE);
    checkRsaPrivateKey(expectTag(readElement(inner), TAG_SEQUENCE));
  } else if (oid === OID_EC) {
    if (parameters === undefined) throw invalid('EC key without its curve');
    const ec = checkEcPrivateKey(expectTag(readElement(inner), TAG_SEQUENCE), curveOf(parameters));
    inner = ec.der;
    storedEcPoint = ec.point;
  } else if (oid in EDDSA_KEY_BYTES) {
    if (parameters !== undefined) throw invalid('EdDSA key algorithm with parameters');
    const bytes = EDDSA_KEY_BYTES[oid] as number;
    const key = expectTag(readElement(inner), TAG_OCTET_STRING).content;
    if (key.byteLength !== bytes) throw invalid(`EdDSA private key of ${key.byteLength} bytes (expected ${bytes})`);
  } else if (oid === OID_DSA) {
    checkDsaKey(parameters, inner);
  } else {
    throw unsupported(`key algorithm ${oid} is not supported`);
  }
  const der = encodeSequence(
    encodeElement(TAG_INTEGER, Uint8Array.of(0)),
    encodeElement(algorithmElement.tag, algorithmElement.content),
    encodeElement(TAG_OCTET_STRING, inner),
  );
  return { der, kind: 'pkcs8', ...(storedEcPoint === undefined ? {} : { storedEcPoint }) };
}

/** RSAPrivateKey ::= SEQUENCE { version 0, n, e, d, p, q, dP, dQ, qInv } (two primes only). */
function checkRsaPrivateKey(root: DerElement): void {
  const fields = readChildren(root);
  const version = smallInteger(fields[0], 'version');
  if (version === 1) throw unsupported('multi-prime RSA keys are not supported');
  if (version !== 0 || fields.length !== 9) throw invalid('RSA key with the wrong number of fields');
  const [n, e, d, p, q, dP, dQ, qInv] = fields
    .slice(1)
    .map((field, index) => positive(field, RSA_FIELDS[index] as string));
  const bits = bitLength(n as bigint);
  if (bits > MAX_RSA_MODULUS_BITS) throw unsupported(`RSA modulus of ${bits} bits (at most ${MAX_RSA_MODULUS_BITS})`);
  if ((e as bigint) < 3n || ((e as bigint) & 1n) === 0n || bitLength(e as bigint) > MAX_RSA_EXPONENT_BITS) {
    throw invalid('RSA public exponent is not an odd number from 3 to 2^256');
  }
  if ((p as bigint) * (q as bigint) !== n) throw invalid('RSA primes do not multiply to the modulus');
  if ((d as bigint) >= (n as bigint) || (dP as bigint) >= (p as bigint) || (dQ as bigint) >= (q as bigint)) {
    throw invalid('RSA private exponents out of range');
  }
  if ((qInv as bigint) >= (p as bigint)) throw invalid('RSA coefficient out of range');
  // The CRT values OpenSSL signs with must agree with d, or signatures come out wrong.
  const [pm1, qm1] = [(p as bigint) - 1n, (q as bigint) - 1n];
  const de = (d as bigint) * (e as bigint);
  if (de % pm1 !== 1n || de % qm1 !== 1n) throw invalid('RSA private exponent does not invert the public one');
  if (
    (d as bigint) % pm1 !== dP ||
    (d as bigint) % qm1 !== dQ ||
    ((qInv as bigint) * (q as bigint)) % (p as bigint) !== 1n
  ) {
    throw invalid('RSA CRT values do not match the key');
  }
}
const RSA_FIELDS = [
  'modulus',
  'publicExponent',
  'privateExponent',
  'prime1',
  'prime2',
  'exponent1',
  'exponent2',
  'coefficient',
];

/**
 * ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters, [1] publicKey }.
 * Returns the key re-encoded without [1] and the point [1] held, if any.
 */
function checkEcPrivateKey(root: DerElement, outerCurve: string | undefined): { der: Uint8Array; point?: Uint8Array } {
  const [version, privateKey, ...optional] = readChildren(root);
  if (smallInteger(version, 'version') !== 1) throw invalid('EC key version is not 1');
  checkOptionalFields(optional, [0xa0, 0xa1], 'ECPrivateKey');
  const parameters = optional.find((field) => field.tag === 0xa0);
  const publicKey = optional.find((field) => field.tag === 0xa1);
  const innerCurve = parameters === undefined ? undefined : curveOf(single(parameters, 'EC parameters'));
  if (outerCurve !== undefined && innerCurve !== undefined && outerCurve !== innerCurve) {
    throw invalid('the EC key names two different curves');
  }
  const oid = outerCurve ?? innerCurve;
  if (oid === undefined) throw invalid('EC key without its curve');
  const curve = CURVES[oid] as (typeof CURVES)[string];
  const scalar = expectTag(privateKey, TAG_OCTET_STRING).content;
  if (scalar.byteLength === 0 || scalar.byteLength > curve.bytes) {
    throw invalid(`${curve.name} private key of ${scalar.byteLength} bytes (expected ${curve.bytes})`);
  }
  const value = unsigned(scalar);
  if (value === 0n || value >= curve.order) throw invalid(`${curve.name} private key outside the curve's order`);
  const point = publicKey === undefined ? undefined : checkEcPoint(single(publicKey, 'EC public key'), curve);
  // The scalar padded to the curve's size, as RFC 5915 writes it, and the curve named inside.
  const padded = new Uint8Array(curve.bytes);
  padded.set(scalar, curve.bytes - scalar.byteLength);
  const der = encodeSequence(
    encodeElement(TAG_INTEGER, Uint8Array.of(1)),
    encodeElement(TAG_OCTET_STRING, padded),
    encodeElement(0xa0, encodeOid(oid)),
  );
  return point === undefined ? { der } : { der, point };
}

/** An uncompressed (04 x y) or compressed (02/03 x) point of the curve's size in a BIT STRING; its bytes. */
function checkEcPoint(element: DerElement, curve: { name: string; bytes: number }): Uint8Array {
  const { content } = expectTag(element, TAG_BIT_STRING);
  const [unused, form] = content;
  const length = content.byteLength - 1;
  const uncompressed = form === 0x04 && length === 1 + 2 * curve.bytes;
  const compressed = (form === 0x02 || form === 0x03) && length === 1 + curve.bytes;
  if (unused !== 0 || !(uncompressed || compressed)) throw invalid(`malformed ${curve.name} public key`);
  return content.subarray(1);
}

/**
 * True when the point a key file stored (compressed or not) is the one Node computed from the
 * private scalar, which ends the SPKI `computedSpki` uncompressed (04 x y). A different one means
 * a corrupted or forged key file.
 */
export function samePoint(stored: Uint8Array, computedSpki: Uint8Array): boolean {
  const size = stored[0] === 0x04 ? (stored.byteLength - 1) / 2 : stored.byteLength - 1;
  const computed = computedSpki.subarray(computedSpki.byteLength - (1 + 2 * size));
  if (stored[0] === 0x04) return Buffer.compare(stored, computed) === 0;
  const x = computed.subarray(1, 1 + size);
  const yIsOdd = ((computed[computed.byteLength - 1] as number) & 1) === 1;
  return Buffer.compare(stored.subarray(1), x) === 0 && (stored[0] === 0x03) === yIsOdd;
}

/** A named curve Certwright handles; explicit parameters and other curves are refused before Node. */
function curveOf(parameters: DerElement): string {
  if (parameters.tag !== TAG_OID) throw unsupported('EC keys with explicit curve parameters are not supported');
  const oid = readOid(parameters);
  if (!(oid in CURVES)) throw unsupported(`EC curve ${oid} is not supported`);
  return oid;
}

/** DSA: parameters SEQUENCE { p, q, g } and the private key INTEGER x, 0 < x < q, g < p. */
function checkDsaKey(parameters: DerElement | undefined, inner: Uint8Array): void {
  const [p, q, g, ...extra] = readChildren(expectTag(parameters, TAG_SEQUENCE)).map((field) =>
    positive(field, 'DSA parameter'),
  );
  if (p === undefined || q === undefined || g === undefined || extra.length > 0)
    throw invalid('malformed DSA parameters');
  if (bitLength(p) > MAX_DSA_P_BITS || bitLength(q) > MAX_DSA_Q_BITS) throw unsupported('DSA parameters too large');
  const x = positive(readElement(inner), 'DSA private key');
  if (x >= q || g >= p || q >= p) throw invalid('DSA values out of range');
}

/** Only the given context tags, each at most once, in order. */
function checkOptionalFields(fields: readonly DerElement[], allowed: readonly number[], what: string): void {
  let last = -1;
  for (const field of fields) {
    const position = allowed.indexOf(field.tag);
    if (position <= last) throw invalid(`unexpected field in ${what}`);
    last = position;
  }
}

function single(wrapper: DerElement, what: string): DerElement {
  const children = readChildren(wrapper);
  if (children.length !== 1) throw invalid(`malformed ${what}`);
  return children[0] as DerElement;
}

function smallInteger(element: DerElement | undefined, what: string): number {
  const { content } = expectTag(element, TAG_INTEGER);
  if (content.byteLength !== 1) throw invalid(`malformed ${what}`);
  return content[0] as number;
}

/** A positive INTEGER; lengths are bounded by the caller's limits once converted (linear conversion). */
function positive(element: DerElement | undefined, what: string): bigint {
  const { content } = expectTag(element, TAG_INTEGER);
  if (content.byteLength === 0 || ((content[0] as number) & 0x80) !== 0)
    throw invalid(`${what} is not a positive INTEGER`);
  // Far above any field of a 16,384-bit key: refused before converting.
  if (content.byteLength > MAX_RSA_MODULUS_BITS / 8 + 1)
    throw unsupported(`${what} of ${content.byteLength} bytes is too large`);
  const value = unsigned(content);
  if (value === 0n) throw invalid(`${what} is zero`);
  return value;
}

function unsigned(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex') || '0'}`);
}

function bitLength(value: bigint): number {
  return value.toString(2).length;
}
