/**
 * Decrypting the encrypted parts of a PKCS#12 file: PBES2 (what OpenSSL 3 and Java 17 write)
 * and the legacy PKCS#12 3DES/2DES schemes. RC2 and RC4 (OpenSSL `-legacy`, old Windows exports)
 * need OpenSSL's legacy provider, which Node does not load: refused with a clear error.
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
  readOid,
  readUnsignedInteger,
  TAG_OCTET_STRING,
  TAG_SEQUENCE,
} from './der.js';
import {
  OID_PBE_SHA1_2DES,
  OID_PBE_SHA1_3DES,
  OID_PBE_SHA1_RC2_40,
  OID_PBE_SHA1_RC2_128,
  OID_PBE_SHA1_RC4_40,
  OID_PBE_SHA1_RC4_128,
} from './pkcs-oids.js';
import { OID_PBES2 } from './oids.js';
import { decodeEncryptedPrivateKeyInfo } from './pbes2.js';
import { bmpPassword, KDF_PURPOSE, pkcs12Kdf } from './pkcs12-kdf.js';
import { checkIterations, type Pkcs12Context, unsupported } from './pkcs12-mac.js';
import { decryptPbes2 } from './pkcs8-encryption.js';

const LEGACY_DES: Record<string, { cipher: string; keyBytes: number; name: string }> = {
  [OID_PBE_SHA1_3DES]: { cipher: 'des-ede3-cbc', keyBytes: 24, name: 'pbeWithSHAAnd3-KeyTripleDES-CBC' },
  [OID_PBE_SHA1_2DES]: { cipher: 'des-ede-cbc', keyBytes: 16, name: 'pbeWithSHAAnd2-KeyTripleDES-CBC' },
};

const LEGACY_UNSUPPORTED: Record<string, string> = {
  [OID_PBE_SHA1_RC2_40]: 'pbeWithSHAAnd40BitRC2-CBC',
  [OID_PBE_SHA1_RC2_128]: 'pbeWithSHAAnd128BitRC2-CBC',
  [OID_PBE_SHA1_RC4_40]: 'pbeWithSHAAnd40BitRC4',
  [OID_PBE_SHA1_RC4_128]: 'pbeWithSHAAnd128BitRC4',
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
  const des = LEGACY_DES[oid];
  if (des !== undefined) return { plain: decryptLegacyDes(des, parameters, data, context), scheme: des.name };
  const legacy = LEGACY_UNSUPPORTED[oid];
  if (legacy !== undefined) {
    throw unsupported(
      context.source,
      `${legacy} encryption (legacy RC2/RC4) is not supported; re-export the file with AES (OpenSSL 3 default) or 3DES`,
    );
  }
  throw unsupported(context.source, `encryption algorithm ${oid} is not supported`);
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

function decryptLegacyDes(
  des: { cipher: string; keyBytes: number },
  parameters: DerElement | undefined,
  data: Uint8Array,
  context: Pkcs12Context,
): Buffer {
  const [saltElement, iterationElement] = readChildren(expectTag(parameters, TAG_SEQUENCE));
  const salt = expectTag(saltElement, TAG_OCTET_STRING).content;
  const iterations = readUnsignedInteger(iterationElement);
  checkIterations(iterations, context, 'PBE');
  const password = bmpPassword(context.password);
  const key = pkcs12Kdf('sha1', KDF_PURPOSE.key, password, salt, Number(iterations), des.keyBytes);
  const iv = pkcs12Kdf('sha1', KDF_PURPOSE.iv, password, salt, Number(iterations), 8);
  try {
    const decipher = createDecipheriv(des.cipher, key, iv);
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
