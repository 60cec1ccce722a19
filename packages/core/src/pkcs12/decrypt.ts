/**
 * Decrypting the encrypted parts of a PKCS#12 file: PBES2 (what OpenSSL 3 and Java 17 write),
 * the legacy PKCS#12 3DES/2DES schemes, and — for reading old files only — RC2 and RC4
 * (OpenSSL `-legacy`, old Windows exports), whose ciphers Node's OpenSSL 3 does not load.
 */
import { createDecipheriv } from 'node:crypto';
import { FormatError, sourcePrefix } from '../errors.js';
import {
  type DerElement,
  encodeElement,
  encodeOctetString,
  encodeSequence,
  expectTag,
  readChildren,
  readElement,
  readOid,
  readUnsignedInteger,
  TAG_OCTET_STRING,
  TAG_SEQUENCE,
} from '../asn1/der.js';
import {
  OID_PBE_SHA1_2DES,
  OID_PBE_SHA1_3DES,
  OID_PBE_SHA1_RC2_40,
  OID_PBE_SHA1_RC2_128,
  OID_PBE_SHA1_RC4_40,
  OID_PBE_SHA1_RC4_128,
} from '../asn1/pkcs-oids.js';
import { OID_PBES2 } from '../asn1/oids.js';
import { decodeEncryptedPrivateKeyInfo } from '../keys/pbes2.js';
import { bmpPassword, KDF_PURPOSE, pkcs12Kdf } from './kdf.js';
import { checkIterations, type Pkcs12Context, unsupported } from './mac.js';
import { decryptPbes2 } from '../keys/pkcs8-encryption.js';
import { rc2CbcDecrypt } from './rc2.js';
import { rc4 } from './rc4.js';

/** The PKCS#12 password-based schemes (RFC 7292 appendix C). RC2 and RC4 are read so that old files
 * can be inspected and converted; Certwright never writes them. */
interface LegacyPbe {
  cipher: 'des-ede3-cbc' | 'des-ede-cbc' | 'rc2' | 'rc4';
  keyBytes: number;
  name: string;
}

const LEGACY_PBE: Record<string, LegacyPbe> = {
  [OID_PBE_SHA1_3DES]: { cipher: 'des-ede3-cbc', keyBytes: 24, name: 'pbeWithSHAAnd3-KeyTripleDES-CBC' },
  [OID_PBE_SHA1_2DES]: { cipher: 'des-ede-cbc', keyBytes: 16, name: 'pbeWithSHAAnd2-KeyTripleDES-CBC' },
  [OID_PBE_SHA1_RC2_40]: { cipher: 'rc2', keyBytes: 5, name: 'pbeWithSHAAnd40BitRC2-CBC' },
  [OID_PBE_SHA1_RC2_128]: { cipher: 'rc2', keyBytes: 16, name: 'pbeWithSHAAnd128BitRC2-CBC' },
  [OID_PBE_SHA1_RC4_40]: { cipher: 'rc4', keyBytes: 5, name: 'pbeWithSHAAnd40BitRC4' },
  [OID_PBE_SHA1_RC4_128]: { cipher: 'rc4', keyBytes: 16, name: 'pbeWithSHAAnd128BitRC4' },
};

/** The decrypted bytes, and the scheme's name for reports. */
export interface Decrypted {
  plain: Buffer;
  scheme: string;
}

/** Decrypts data encrypted under the AlgorithmIdentifier `algorithm` with the PKCS#12 password. */
export async function decryptPkcs12Data(
  algorithm: DerElement,
  data: Uint8Array,
  context: Pkcs12Context,
): Promise<Decrypted> {
  const [oidElement, parameters] = readChildren(expectTag(algorithm, TAG_SEQUENCE));
  const oid = readOid(oidElement);
  if (oid === OID_PBES2) return decryptWithPbes2(algorithm, data, context);
  const legacy = LEGACY_PBE[oid];
  if (legacy !== undefined)
    return { plain: await decryptLegacyPbe(legacy, parameters, data, context), scheme: legacy.name };
  throw unsupported(context.source, `encryption algorithm ${oid} is not supported`);
}

/**
 * The plain PKCS#8 of a shrouded key bag under a PKCS#12 PBE scheme (3DES, 2DES, RC2, RC4): core
 * decrypts these itself, with the file's iteration cap, so that the key is checked before Node's
 * loader sees it. Undefined for PBES2, which keys/ decrypts.
 */
export async function decryptLegacyKeyBag(der: Uint8Array, context: Pkcs12Context): Promise<Decrypted | undefined> {
  const [algorithm, encrypted] = readChildren(expectTag(readElement(der), TAG_SEQUENCE));
  const [oidElement] = readChildren(expectTag(algorithm, TAG_SEQUENCE));
  if (LEGACY_PBE[readOid(oidElement)] === undefined) return undefined;
  const data = expectTag(encrypted, TAG_OCTET_STRING).content;
  return decryptPkcs12Data(expectTag(algorithm, TAG_SEQUENCE), data, context);
}

async function decryptWithPbes2(algorithm: DerElement, data: Uint8Array, context: Pkcs12Context): Promise<Decrypted> {
  // pbes2.ts reads PBES2 parameters from an EncryptedPrivateKeyInfo: wrap the two parts as one.
  const wrapped = encodeSequence(encodeElement(algorithm.tag, algorithm.content), encodeOctetString(data));
  const { scheme, encryptedData } = decodeEncryptedPrivateKeyInfo(wrapped);
  if (scheme.pbes2 === undefined) throw unsupported(context.source, `encryption ${scheme.name} is not supported`);
  checkIterations(BigInt(scheme.pbes2.iterations), context, 'PBKDF2');
  const password = Buffer.from(context.password, 'utf8');
  try {
    const plain = await decryptPbes2(scheme.pbes2, encryptedData, password);
    return { plain, scheme: scheme.name };
  } catch (cause) {
    throw badPassword(context.source, cause);
  } finally {
    password.fill(0);
  }
}

async function decryptLegacyPbe(
  scheme: LegacyPbe,
  parameters: DerElement | undefined,
  data: Uint8Array,
  context: Pkcs12Context,
): Promise<Buffer> {
  const [saltElement, iterationElement] = readChildren(expectTag(parameters, TAG_SEQUENCE));
  const salt = expectTag(saltElement, TAG_OCTET_STRING).content;
  const iterations = readUnsignedInteger(iterationElement);
  checkIterations(iterations, context, 'PBE');
  const password = bmpPassword(context.password);
  const key = pkcs12Kdf('sha1', KDF_PURPOSE.key, password, salt, Number(iterations), scheme.keyBytes);
  try {
    if (scheme.cipher === 'rc4') return Buffer.from(rc4(key, data));
    const iv = pkcs12Kdf('sha1', KDF_PURPOSE.iv, password, salt, Number(iterations), 8);
    if (scheme.cipher === 'rc2') return Buffer.from(await rc2CbcDecrypt(key, iv, data, scheme.keyBytes * 8));
    const decipher = createDecipheriv(scheme.cipher, key, iv);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch (cause) {
    throw badPassword(context.source, cause);
  } finally {
    password.fill(0);
    key.fill(0);
  }
}

/** Without a MAC, a wrong password shows only as bad padding (or garbage the parser then refuses). */
function badPassword(source: string | undefined, cause: unknown): FormatError {
  const message = `${sourcePrefix(source)}wrong PKCS#12 password (the contents cannot be decrypted)`;
  return new FormatError('ERR_FORMAT_PKCS12_BAD_PASSWORD', message, { source }, { cause });
}
