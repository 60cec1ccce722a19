/**
 * Writing a PKCS#12 file (RFC 7292) in password integrity and privacy mode, on asn1/der.ts.
 * The structure mirrors what OpenSSL and keytool write, so that both read it without `-legacy`:
 *
 *   PFX { 3, ContentInfo(data: AuthenticatedSafe), MacData }
 *   AuthenticatedSafe = [ EncryptedData(SafeContents of CertBags), Data(SafeContents of key bags)? ]
 */
import { createHash } from 'node:crypto';
import {
  encodeElement,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  encodeSetOf,
  encodeUnsignedInteger,
  readChildren,
  readElement,
} from '../asn1/der.js';
import {
  OID_PKCS7_DATA,
  OID_PKCS7_ENCRYPTED_DATA,
  OID_PKCS9_FRIENDLY_NAME,
  OID_PKCS9_LOCAL_KEY_ID,
  OID_PKCS9_X509_CERTIFICATE,
  OID_PKCS12_CERT_BAG,
  OID_PKCS12_SHROUDED_KEY_BAG,
} from '../asn1/pkcs-oids.js';
import { encodeMacData, encryptForPkcs12, type Pkcs12Preset } from './protect.js';

// Oracle's attribute marking a CertBag as a trusted certificate: without it Java ignores the bag.
const OID_ORACLE_TRUSTED_KEY_USAGE = '2.16.840.1.113894.746875.1.1';
const OID_ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';
const TAG_CONTEXT_0 = 0xa0;
const TAG_CONTEXT_0_PRIMITIVE = 0x80;
const TAG_BMP_STRING = 0x1e;

/** The bag attributes core writes. */
export interface BagAttributes {
  friendlyName?: string;
  /** Pairs a key bag with its certificate. */
  localKeyId?: Uint8Array;
  /** Marks a certificate as trusted for any purpose (Java's trustedCertEntry). */
  trusted?: boolean;
}

/** A CertBag SafeBag holding one DER X.509 certificate. */
export function encodeCertBag(der: Uint8Array, attributes: BagAttributes): Uint8Array {
  const certBag = encodeSequence(encodeOid(OID_PKCS9_X509_CERTIFICATE), explicit0(encodeOctetString(der)));
  return encodeSafeBag(OID_PKCS12_CERT_BAG, certBag, attributes);
}

/** A pkcs8ShroudedKeyBag SafeBag: the PKCS#8 key encrypted under the file password. */
export async function encodeShroudedKeyBag(
  pkcs8: Uint8Array,
  password: string,
  preset: Pkcs12Preset,
  attributes: BagAttributes,
): Promise<Uint8Array> {
  const encrypted = await encryptForPkcs12(pkcs8, password, preset);
  return encodeSafeBag(OID_PKCS12_SHROUDED_KEY_BAG, encrypted, attributes);
}

/** The localKeyId OpenSSL and Java use: the SHA-1 of the leaf certificate's DER. */
export function localKeyIdOf(certificateDer: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(certificateDer).digest());
}

/** The complete PFX: certificate bags encrypted, key bags (already shrouded) in plain Data, and the MAC. */
export async function encodePfx(
  certBags: readonly Uint8Array[],
  keyBags: readonly Uint8Array[],
  password: string,
  preset: Pkcs12Preset,
): Promise<Uint8Array> {
  const safes = [await encodeEncryptedDataInfo(encodeSequence(...certBags), password, preset)];
  if (keyBags.length > 0) safes.push(encodeDataInfo(encodeSequence(...keyBags)));
  const authSafe = encodeSequence(...safes);
  const macData = encodeMacData(authSafe, password, preset);
  return encodeSequence(encodeUnsignedInteger(3), encodeDataInfo(authSafe), macData);
}

function encodeSafeBag(bagId: string, value: Uint8Array, attributes: BagAttributes): Uint8Array {
  const encoded = encodeAttributes(attributes);
  const parts = [encodeOid(bagId), explicit0(value)];
  if (encoded.length > 0) parts.push(encodeSetOf(encoded));
  return encodeSequence(...parts);
}

function encodeAttributes({ friendlyName, localKeyId, trusted }: BagAttributes): Uint8Array[] {
  const attributes: Uint8Array[] = [];
  if (friendlyName !== undefined) {
    const bmp = Buffer.from(friendlyName, 'utf16le').swap16();
    attributes.push(encodeAttribute(OID_PKCS9_FRIENDLY_NAME, encodeElement(TAG_BMP_STRING, bmp)));
  }
  if (localKeyId !== undefined) attributes.push(encodeAttribute(OID_PKCS9_LOCAL_KEY_ID, encodeOctetString(localKeyId)));
  if (trusted === true) {
    attributes.push(encodeAttribute(OID_ORACLE_TRUSTED_KEY_USAGE, encodeOid(OID_ANY_EXTENDED_KEY_USAGE)));
  }
  return attributes;
}

/** Attribute ::= SEQUENCE { type OID, values SET OF ANY } with one value. */
function encodeAttribute(oid: string, value: Uint8Array): Uint8Array {
  return encodeSequence(encodeOid(oid), encodeSetOf([value]));
}

/** ContentInfo of type data: [0] EXPLICIT OCTET STRING. */
function encodeDataInfo(content: Uint8Array): Uint8Array {
  return encodeSequence(encodeOid(OID_PKCS7_DATA), explicit0(encodeOctetString(content)));
}

/** ContentInfo of type encryptedData: EncryptedData { 0, EncryptedContentInfo { data, algorithm, [0] IMPLICIT } }. */
async function encodeEncryptedDataInfo(
  content: Uint8Array,
  password: string,
  preset: Pkcs12Preset,
): Promise<Uint8Array> {
  // encryptForPkcs12 returns SEQUENCE { algorithm, OCTET STRING }: take its two parts apart.
  const [algorithm, ciphertext] = readChildren(readElement(await encryptForPkcs12(content, password, preset)));
  if (algorithm === undefined || ciphertext === undefined) throw new Error('unreachable: encryption output');
  const encryptedContentInfo = encodeSequence(
    encodeOid(OID_PKCS7_DATA),
    encodeElement(algorithm.tag, algorithm.content),
    encodeElement(TAG_CONTEXT_0_PRIMITIVE, ciphertext.content),
  );
  const encryptedData = encodeSequence(encodeUnsignedInteger(0), encryptedContentInfo);
  return encodeSequence(encodeOid(OID_PKCS7_ENCRYPTED_DATA), explicit0(encryptedData));
}

function explicit0(inner: Uint8Array): Uint8Array {
  return encodeElement(TAG_CONTEXT_0, inner);
}
