/**
 * The ASN.1 of PKCS#8 EncryptedPrivateKeyInfo (RFC 5958) with PBES2 parameters (RFC 8018),
 * encoded and decoded by hand so that the iteration count is ours to choose and to bound.
 */
import {
  DerError,
  type DerElement,
  encodeNull,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  encodeUnsignedInteger,
  expectTag,
  readChildren,
  readElement,
  readOid,
  readUnsignedInteger,
  TAG_INTEGER,
  TAG_NULL,
  TAG_OCTET_STRING,
  TAG_SEQUENCE,
} from '../asn1/der.js';
import {
  OID_AES128_CBC,
  OID_AES192_CBC,
  OID_AES256_CBC,
  OID_HMAC_WITH_SHA1,
  OID_HMAC_WITH_SHA224,
  OID_HMAC_WITH_SHA256,
  OID_HMAC_WITH_SHA384,
  OID_HMAC_WITH_SHA512,
  OID_PBES2,
  OID_PBKDF2,
  OID_SCRYPT,
} from '../asn1/oids.js';

/** PBKDF2 pseudo-random functions, named as Node's `crypto.pbkdf2` digests. */
export type Pbkdf2Digest = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
/** AES-CBC ciphers, named as Node's `crypto.createCipheriv` algorithms. */
export type AesCbcCipher = 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc';

/** PBES2 parameters core can both write and decrypt: PBKDF2 with HMAC-SHA-*, then AES-CBC. */
export interface Pbes2Params {
  salt: Uint8Array;
  iterations: number;
  digest: Pbkdf2Digest;
  cipher: AesCbcCipher;
  iv: Uint8Array;
}

/** How an EncryptedPrivateKeyInfo says it was encrypted. */
export interface EncryptionScheme {
  /** A name for messages, e.g. `PBES2 (PBKDF2 hmacWithSHA256, aes-256-cbc)` or an OID. */
  name: string;
  /** What one passphrase attempt costs: the iteration count, or N·r·p for scrypt. Undefined when unknown. */
  cost: bigint | undefined;
  /** What `cost` counts, for messages. */
  costUnit: 'iterations' | 'N·r·p';
  /** PBES2's parts, when the scheme is PBES2: the key derivation, PBKDF2's PRF, the cipher (names or OIDs). */
  parts?: { kdf: string; prf?: string; cipher: string };
  /** Present when core decrypts it itself; otherwise the caller falls back to Node's decoder. */
  pbes2?: Pbes2Params;
}

/** A parsed EncryptedPrivateKeyInfo. */
export interface EncryptedPrivateKeyInfo {
  scheme: EncryptionScheme;
  encryptedData: Uint8Array;
}

const DIGEST_OIDS: Record<Pbkdf2Digest, string> = {
  sha1: OID_HMAC_WITH_SHA1,
  sha224: OID_HMAC_WITH_SHA224,
  sha256: OID_HMAC_WITH_SHA256,
  sha384: OID_HMAC_WITH_SHA384,
  sha512: OID_HMAC_WITH_SHA512,
};

const CIPHER_OIDS: Record<AesCbcCipher, string> = {
  'aes-128-cbc': OID_AES128_CBC,
  'aes-192-cbc': OID_AES192_CBC,
  'aes-256-cbc': OID_AES256_CBC,
};

/** Key length in bytes of each AES-CBC cipher. */
export const CIPHER_KEY_BYTES: Record<AesCbcCipher, number> = {
  'aes-128-cbc': 16,
  'aes-192-cbc': 24,
  'aes-256-cbc': 32,
};

const AES_BLOCK_BYTES = 16;

/** DER of an EncryptedPrivateKeyInfo with PBES2 parameters around already-encrypted PKCS#8 bytes. */
export function encodeEncryptedPrivateKeyInfo(params: Pbes2Params, encryptedData: Uint8Array): Uint8Array {
  const pbkdf2Params = encodeSequence(
    encodeOctetString(params.salt),
    encodeUnsignedInteger(params.iterations),
    // keyLength is omitted: AES key sizes are fixed by the cipher OID (as OpenSSL writes it).
    encodeSequence(encodeOid(DIGEST_OIDS[params.digest]), encodeNull()),
  );
  const pbes2Params = encodeSequence(
    encodeSequence(encodeOid(OID_PBKDF2), pbkdf2Params),
    encodeSequence(encodeOid(CIPHER_OIDS[params.cipher]), encodeOctetString(params.iv)),
  );
  return encodeSequence(encodeSequence(encodeOid(OID_PBES2), pbes2Params), encodeOctetString(encryptedData));
}

/**
 * Parses an EncryptedPrivateKeyInfo. Throws DerError when the bytes are not one.
 * Schemes other than PBES2/PBKDF2/AES-CBC come back without `pbes2`, with their cost when it can be read.
 */
export function decodeEncryptedPrivateKeyInfo(der: Uint8Array): EncryptedPrivateKeyInfo {
  const [algorithm, data, ...extra] = readChildren(expectTag(readElement(der), TAG_SEQUENCE));
  if (extra.length > 0) throw new DerError('unexpected fields in EncryptedPrivateKeyInfo');
  const [oidElement, parameters] = readChildren(expectTag(algorithm, TAG_SEQUENCE));
  const oid = readOid(oidElement);
  const encryptedData = expectTag(data, TAG_OCTET_STRING).content;
  const scheme = oid === OID_PBES2 ? decodePbes2Scheme(parameters) : decodeOtherScheme(oid, parameters);
  return { scheme, encryptedData };
}

function decodePbes2Scheme(parameters: DerElement | undefined): EncryptionScheme {
  const [kdf, encryption] = readChildren(expectTag(parameters, TAG_SEQUENCE));
  const [kdfOidElement, kdfParams] = readChildren(expectTag(kdf, TAG_SEQUENCE));
  const [cipherOidElement, ivElement] = readChildren(expectTag(encryption, TAG_SEQUENCE));
  const kdfOid = readOid(kdfOidElement);
  const cipherOid = readOid(cipherOidElement);
  const cipher = findByOid(CIPHER_OIDS, cipherOid);
  const cipherName = cipher ?? cipherOid;
  if (kdfOid === OID_SCRYPT) {
    const parts = { kdf: 'scrypt', cipher: cipherName };
    return { name: 'PBES2 (scrypt)', cost: scryptCost(kdfParams), costUnit: 'N·r·p', parts };
  }
  if (kdfOid !== OID_PBKDF2) {
    const parts = { kdf: kdfOid, cipher: cipherName };
    return { name: `PBES2 (key derivation ${kdfOid})`, cost: undefined, costUnit: 'iterations', parts };
  }

  const pbkdf2 = decodePbkdf2Params(kdfParams);
  const digest = findByOid(DIGEST_OIDS, pbkdf2.prfOid);
  const prfName = digest ? `hmacWith${digest.toUpperCase()}` : pbkdf2.prfOid;
  const name = `PBES2 (PBKDF2 ${prfName}, ${cipherName})`;
  const parts = { kdf: 'PBKDF2', prf: prfName, cipher: cipherName };
  if (!digest || !cipher || !pbkdf2.salt) return { name, cost: pbkdf2.iterations, costUnit: 'iterations', parts };
  if (pbkdf2.keyLength !== undefined && pbkdf2.keyLength !== BigInt(CIPHER_KEY_BYTES[cipher])) {
    throw new DerError('PBKDF2 key length does not match the cipher');
  }
  const iv = expectTag(ivElement, TAG_OCTET_STRING).content;
  if (iv.byteLength !== AES_BLOCK_BYTES) throw new DerError('AES-CBC IV must be 16 bytes');
  const pbes2 = { salt: pbkdf2.salt, iterations: Number(pbkdf2.iterations), digest, cipher, iv };
  return { name, cost: pbkdf2.iterations, costUnit: 'iterations', parts, pbes2 };
}

interface Pbkdf2Fields {
  /** Undefined when the salt is an `otherSource` AlgorithmIdentifier (never seen in practice). */
  salt: Uint8Array | undefined;
  iterations: bigint;
  keyLength: bigint | undefined;
  prfOid: string;
}

function decodePbkdf2Params(parameters: DerElement | undefined): Pbkdf2Fields {
  const [saltElement, iterationElement, ...optional] = readChildren(expectTag(parameters, TAG_SEQUENCE));
  const salt = saltElement?.tag === TAG_OCTET_STRING ? saltElement.content : undefined;
  const iterations = readUnsignedInteger(iterationElement);
  if (iterations === 0n) throw new DerError('PBKDF2 iteration count is zero');
  const hasKeyLength = optional[0]?.tag === TAG_INTEGER;
  const keyLength = hasKeyLength ? readUnsignedInteger(optional[0]) : undefined;
  const prf = hasKeyLength ? optional[1] : optional[0];
  // The PRF defaults to hmacWithSHA1 when absent (RFC 8018 appendix A.2).
  const prfOid = prf === undefined ? OID_HMAC_WITH_SHA1 : decodePrf(prf);
  return { salt, iterations, keyLength, prfOid };
}

function decodePrf(prf: DerElement): string {
  const [oidElement, parameters] = readChildren(expectTag(prf, TAG_SEQUENCE));
  if (parameters !== undefined) expectTag(parameters, TAG_NULL);
  return readOid(oidElement);
}

function scryptCost(parameters: DerElement | undefined): bigint {
  const [, cost, blockSize, parallelization] = readChildren(expectTag(parameters, TAG_SEQUENCE));
  return readUnsignedInteger(cost) * readUnsignedInteger(blockSize) * readUnsignedInteger(parallelization);
}

/** PBES1 and PKCS#12 PBE parameters are both SEQUENCE { salt, iterations }: read the count if it is there. */
function decodeOtherScheme(oid: string, parameters: DerElement | undefined): EncryptionScheme {
  if (parameters?.tag !== TAG_SEQUENCE) return { name: oid, cost: undefined, costUnit: 'iterations' };
  const [, iterations] = readChildren(parameters);
  const cost = iterations?.tag === TAG_INTEGER ? readUnsignedInteger(iterations) : undefined;
  return { name: oid, cost, costUnit: 'iterations' };
}

function findByOid<Name extends string>(table: Record<Name, string>, oid: string): Name | undefined {
  return (Object.keys(table) as Name[]).find((name) => table[name] === oid);
}
