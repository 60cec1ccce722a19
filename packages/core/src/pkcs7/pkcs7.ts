/**
 * PKCS#7 / CMS "certs-only" messages (RFC 5652 §5; `.p7b` files): SignedData whose certificates
 * field carries a chain, with no content and, as CAs send them, no signers.
 *
 *   ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT SignedData }
 *   SignedData  ::= SEQUENCE { version INTEGER, digestAlgorithms SET, encapContentInfo SEQUENCE,
 *                              certificates [0] IMPLICIT SET OF Certificate OPTIONAL,
 *                              crls [1] IMPLICIT … OPTIONAL, signerInfos SET }
 */
import { FormatError, sourcePrefix } from '../errors.js';
import {
  type DerElement,
  encodeElement,
  encodeOid,
  encodeSequence,
  encodeUnsignedInteger,
  expectTag,
  readChildren,
  readOid,
  TAG_INTEGER,
  TAG_SEQUENCE,
  TAG_SET,
} from '../asn1/der.js';
import { asFormatError, MAX_CERTIFICATES, readCheckedDer } from '../asn1/der-limits.js';
import { OID_PKCS7_DATA, OID_PKCS7_SIGNED_DATA } from '../asn1/pkcs-oids.js';

const TAG_CONTEXT_0 = 0xa0;

/** True when the element is a ContentInfo (SEQUENCE { OID, [0] … }), whatever its content type. */
export function isContentInfo(children: readonly DerElement[]): boolean {
  return children.length === 2 && children[0]?.tag === 0x06 && children[1]?.tag === TAG_CONTEXT_0;
}

/**
 * The DER certificates of a PKCS#7 SignedData, in file order. Signers, if any, are ignored
 * (certificates are all we take from it; their signatures are not checked here).
 */
export function readPkcs7Certificates(der: Uint8Array, source: string | undefined): Uint8Array[] {
  const what = 'PKCS#7';
  const root = readCheckedDer(der, source, what);
  try {
    const [typeElement, wrapper] = readChildren(expectTag(root, TAG_SEQUENCE));
    const contentType = readOid(typeElement);
    if (contentType !== OID_PKCS7_SIGNED_DATA) {
      const message = `${sourcePrefix(source)}PKCS#7 content type ${contentType} is not SignedData (only certificate bundles are read)`;
      throw new FormatError('ERR_FORMAT_PKCS7_UNSUPPORTED', message, { source });
    }
    const [signedData] = readChildren(expectTag(wrapper, TAG_CONTEXT_0));
    const fields = readChildren(expectTag(signedData, TAG_SEQUENCE));
    expectTag(fields[0], TAG_INTEGER);
    const certificateSet = fields.find((field) => field.tag === TAG_CONTEXT_0);
    const certificates = certificateSet === undefined ? [] : readChildren(certificateSet);
    if (certificates.length > MAX_CERTIFICATES) {
      const message = `${sourcePrefix(source)}PKCS#7 holds ${certificates.length} certificates, more than ${MAX_CERTIFICATES}`;
      throw new FormatError('ERR_FORMAT_LIMIT_EXCEEDED', message, { source });
    }
    // Other CertificateChoices (attribute certificates, [1]…[3]) are not X.509 certificates: skip them.
    return certificates
      .filter((element) => element.tag === TAG_SEQUENCE)
      .map((element) => encodeElement(element.tag, element.content));
  } catch (error) {
    throw asFormatError(error, source, what);
  }
}

/**
 * DER of a certs-only SignedData holding the certificates in the order given. DER would sort a
 * SET OF; we keep the caller's order (leaf first) because that is what people read in a
 * bundle, and every reader we target (OpenSSL, Java, Windows) accepts it.
 */
export function encodePkcs7Certificates(certificates: readonly Uint8Array[]): Uint8Array {
  const signedData = encodeSequence(
    encodeUnsignedInteger(1),
    encodeElement(TAG_SET, new Uint8Array(0)),
    encodeSequence(encodeOid(OID_PKCS7_DATA)),
    encodeElement(TAG_CONTEXT_0, concatBytes(certificates)),
    encodeElement(TAG_SET, new Uint8Array(0)),
  );
  return encodeSequence(encodeOid(OID_PKCS7_SIGNED_DATA), encodeElement(TAG_CONTEXT_0, signedData));
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength)));
}
