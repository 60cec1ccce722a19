/**
 * Reading a PKCS#12 file (RFC 7292) into its bags, by hand on asn1/der.ts so that every length,
 * depth, count and iteration count is bounded before work is done.
 *
 *   PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo (data), macData MacData OPTIONAL }
 *   AuthenticatedSafe ::= SEQUENCE OF ContentInfo (data | encryptedData)
 *   SafeContents ::= SEQUENCE OF SafeBag { bagId OID, bagValue [0] EXPLICIT, bagAttributes SET OPTIONAL }
 */
import { FormatError, sourcePrefix } from '../errors.js';
import { toHex } from '../lib/bytes.js';
import {
  type DerElement,
  encodeElement,
  expectTag,
  readChildren,
  readOid,
  readUnsignedInteger,
  TAG_INTEGER,
  TAG_OCTET_STRING,
  TAG_SEQUENCE,
} from '../asn1/der.js';
import { asFormatError, MAX_CERTIFICATES, readCheckedDer } from '../asn1/der-limits.js';
import {
  OID_PKCS7_DATA,
  OID_PKCS7_ENCRYPTED_DATA,
  OID_PKCS9_FRIENDLY_NAME,
  OID_PKCS9_LOCAL_KEY_ID,
  OID_PKCS9_X509_CERTIFICATE,
  OID_PKCS12_CERT_BAG,
  OID_PKCS12_KEY_BAG,
  OID_PKCS12_SAFE_CONTENTS_BAG,
  OID_PKCS12_SHROUDED_KEY_BAG,
} from '../asn1/pkcs-oids.js';
import { isContentInfo } from '../pkcs7/pkcs7.js';
import { decryptPkcs12Data } from './decrypt.js';
import { type Pkcs12Context, unsupported, verifyPkcs12Mac } from './mac.js';

const TAG_CONTEXT_0 = 0xa0;
const TAG_CONTEXT_0_PRIMITIVE = 0x80;
const TAG_BMP_STRING = 0x1e;
// safeContentsBag nests SafeContents; real files use one level at most.
const MAX_BAG_NESTING = 4;

/** One bag we understood: a certificate, or a private key (PKCS#8 DER, plain or encrypted). */
export interface Pkcs12Bag {
  kind: 'certificate' | 'key' | 'encrypted-key';
  der: Uint8Array;
  friendlyName?: string;
  /** localKeyId, lower-case hex: pairs a key with its certificate. */
  localKeyId?: string;
  /** The whole SafeBag as it was in the file (decrypted), for rewriting a store without touching it. */
  raw: Uint8Array;
}

/** What a PKCS#12 file holds and how it was protected. */
export interface Pkcs12Contents {
  bags: Pkcs12Bag[];
  /** e.g. `HMAC-SHA256 (2048 iterations)`; undefined when the file has no MAC. */
  mac: string | undefined;
  /** The encryption schemes met, e.g. `PBES2 (PBKDF2 hmacWithSHA256, aes-256-cbc)`. */
  encryption: string[];
  /** SafeBags Certwright does not use (CRL, secret, other certificate types), kept whole for rewriting. */
  otherBags: Uint8Array[];
}

/** True when the top-level fields look like a PFX: INTEGER version, a ContentInfo, a MacData SEQUENCE or nothing. */
export function isPfx(children: readonly DerElement[]): boolean {
  const [version, authSafe, macData, ...extra] = children;
  if (version?.tag !== TAG_INTEGER || authSafe?.tag !== TAG_SEQUENCE || extra.length > 0) return false;
  if (macData !== undefined && macData.tag !== TAG_SEQUENCE) return false;
  // A PKCS#8 key is INTEGER, SEQUENCE too: the ContentInfo's [0] content tells them apart.
  return isContentInfo(readChildren(authSafe));
}

/** Every bag of a PKCS#12 file, after the MAC has proved the password right. */
export async function readPkcs12Contents(der: Uint8Array, context: Pkcs12Context): Promise<Pkcs12Contents> {
  const { source } = context;
  const root = readCheckedDer(der, source, 'PKCS#12');
  try {
    const [versionElement, authSafeInfo, macData] = readChildren(expectTag(root, TAG_SEQUENCE));
    const version = readUnsignedInteger(versionElement);
    if (version !== 3n) throw unsupported(source, `version ${version} (expected 3)`);
    const authSafe = dataContent(authSafeInfo, source, 'authSafe');
    const mac = macData === undefined ? undefined : verifyPkcs12Mac(macData, authSafe, context);
    const contents: Pkcs12Contents = { bags: [], mac, encryption: [], otherBags: [] };
    const safes = readChildren(expectTag(readCheckedDer(authSafe, source, 'PKCS#12 authSafe'), TAG_SEQUENCE));
    for (const safe of safes) await readSafe(safe, context, contents);
    return contents;
  } catch (error) {
    throw asFormatError(error, source, 'PKCS#12');
  }
}

async function readSafe(safe: DerElement, context: Pkcs12Context, contents: Pkcs12Contents): Promise<void> {
  const [typeElement, content] = readChildren(expectTag(safe, TAG_SEQUENCE));
  const type = readOid(typeElement);
  if (type === OID_PKCS7_DATA) {
    readSafeContents(dataContent(safe, context.source, 'SafeContents'), context, contents, 0);
    return;
  }
  if (type !== OID_PKCS7_ENCRYPTED_DATA) {
    throw unsupported(context.source, `content type ${type} (public-key privacy mode) is not supported`);
  }
  // EncryptedData ::= SEQUENCE { version, EncryptedContentInfo { type, algorithm, [0] IMPLICIT data } }
  const [encryptedData] = readChildren(expectTag(content, TAG_CONTEXT_0));
  const [, encryptedContentInfo] = readChildren(expectTag(encryptedData, TAG_SEQUENCE));
  const [, algorithm, encrypted] = readChildren(expectTag(encryptedContentInfo, TAG_SEQUENCE));
  const data = encryptedContent(encrypted);
  const { plain, scheme } = await decryptPkcs12Data(expectTag(algorithm, TAG_SEQUENCE), data, context);
  contents.encryption.push(scheme);
  readSafeContents(plain, context, contents, 0);
}

function readSafeContents(der: Uint8Array, context: Pkcs12Context, contents: Pkcs12Contents, depth: number): void {
  const { source } = context;
  if (depth > MAX_BAG_NESTING) throw unsupported(source, `SafeContents nested deeper than ${MAX_BAG_NESTING}`);
  const root = readCheckedDer(der, source, 'PKCS#12 SafeContents');
  for (const bag of readChildren(expectTag(root, TAG_SEQUENCE))) {
    const [idElement, valueWrapper, attributes] = readChildren(expectTag(bag, TAG_SEQUENCE));
    const bagId = readOid(idElement);
    const [value] = readChildren(expectTag(valueWrapper, TAG_CONTEXT_0));
    if (value === undefined) continue;
    if (bagId === OID_PKCS12_SAFE_CONTENTS_BAG) {
      readSafeContents(encodeElement(value.tag, value.content), context, contents, depth + 1);
      continue;
    }
    const found = readBag(bagId, value);
    const raw = new Uint8Array(encodeElement(bag.tag, bag.content));
    if (found === undefined) {
      contents.otherBags.push(raw); // CRL and secret bags: nothing Certwright uses.
      continue;
    }
    contents.bags.push({ ...found, ...readAttributes(attributes), raw });
    if (contents.bags.length > MAX_CERTIFICATES) {
      const message = `${sourcePrefix(source)}PKCS#12 holds more than ${MAX_CERTIFICATES} bags`;
      throw new FormatError('ERR_FORMAT_LIMIT_EXCEEDED', message, { source });
    }
  }
}

function readBag(bagId: string, value: DerElement): Pick<Pkcs12Bag, 'kind' | 'der'> | undefined {
  const der = encodeElement(value.tag, value.content);
  if (bagId === OID_PKCS12_KEY_BAG) return { kind: 'key', der };
  if (bagId === OID_PKCS12_SHROUDED_KEY_BAG) return { kind: 'encrypted-key', der };
  if (bagId !== OID_PKCS12_CERT_BAG) return undefined;
  const [certType, certValue] = readChildren(expectTag(value, TAG_SEQUENCE));
  // SDSI certificates (the other certType) are not X.509.
  if (readOid(certType) !== OID_PKCS9_X509_CERTIFICATE) return undefined;
  const [octets] = readChildren(expectTag(certValue, TAG_CONTEXT_0));
  // A copy as a plain Uint8Array: the content may be a view into a decrypted Buffer.
  return { kind: 'certificate', der: new Uint8Array(expectTag(octets, TAG_OCTET_STRING).content) };
}

function readAttributes(attributes: DerElement | undefined): Pick<Pkcs12Bag, 'friendlyName' | 'localKeyId'> {
  const found: Pick<Pkcs12Bag, 'friendlyName' | 'localKeyId'> = {};
  if (attributes === undefined) return found;
  for (const attribute of readChildren(attributes)) {
    const [oidElement, values] = readChildren(expectTag(attribute, TAG_SEQUENCE));
    const oid = readOid(oidElement);
    const [first] = values === undefined ? [] : readChildren(values);
    if (first === undefined) continue;
    if (oid === OID_PKCS9_FRIENDLY_NAME && first.tag === TAG_BMP_STRING && first.content.byteLength % 2 === 0) {
      found.friendlyName = Buffer.from(first.content).swap16().toString('utf16le');
    } else if (oid === OID_PKCS9_LOCAL_KEY_ID && first.tag === TAG_OCTET_STRING) {
      found.localKeyId = toHex(first.content);
    }
  }
  return found;
}

/** [0] IMPLICIT OCTET STRING: primitive in DER; in BER it may be constructed from OCTET STRING segments. */
function encryptedContent(element: DerElement | undefined): Uint8Array {
  if (element?.tag !== TAG_CONTEXT_0) return expectTag(element, TAG_CONTEXT_0_PRIMITIVE).content;
  const segments = readChildren(element).map((segment) => expectTag(segment, TAG_OCTET_STRING).content);
  return Buffer.concat(segments);
}

/** The OCTET STRING inside a ContentInfo of type data. */
function dataContent(info: DerElement | undefined, source: string | undefined, what: string): Uint8Array {
  const [typeElement, content] = readChildren(expectTag(info, TAG_SEQUENCE));
  const type = readOid(typeElement);
  if (type !== OID_PKCS7_DATA) throw unsupported(source, `${what} of type ${type} is not supported`);
  const [octets] = readChildren(expectTag(content, TAG_CONTEXT_0));
  return expectTag(octets, TAG_OCTET_STRING).content;
}
