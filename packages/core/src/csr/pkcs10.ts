/**
 * The parts of a PKCS#10 CertificationRequest (RFC 2986 §4) that core writes itself; the signing
 * and the outer SEQUENCE are in signature-value.ts and signed-object.ts.
 */
import { encodeOid, encodeSequence, encodeSetOf, TAG_INTEGER } from '../asn1/der.js';
import { OID_EXTENSION_REQUEST } from '../asn1/oids.js';

/** `[0] IMPLICIT` on the constructed SET OF Attribute. */
const TAG_ATTRIBUTES = 0xa0;
/** `version INTEGER { v1(0) }`, already encoded. */
const VERSION_V1 = Uint8Array.of(TAG_INTEGER, 1, 0);

/** What goes into a CertificationRequestInfo, each part already DER. */
export interface RequestInfoParts {
  subject: Uint8Array;
  spki: Uint8Array;
  attributes: readonly Uint8Array[];
}

/** CertificationRequestInfo: version 1 (0), subject, SubjectPublicKeyInfo, attributes (sorted, as DER wants). */
export function encodeRequestInfo({ subject, spki, attributes }: RequestInfoParts): Uint8Array {
  return encodeSequence(VERSION_V1, subject, spki, encodeSetOf(attributes, TAG_ATTRIBUTES));
}

/** An Attribute: SEQUENCE { type OID, values SET OF value }. */
export function encodeAttribute(oid: string, values: readonly Uint8Array[]): Uint8Array {
  return encodeSequence(encodeOid(oid), encodeSetOf(values));
}

/** The PKCS#9 extensionRequest attribute (RFC 2985 §5.4.2) with the extensions in the order given. */
export function extensionRequestAttribute(extensions: readonly Uint8Array[]): Uint8Array {
  return encodeAttribute(OID_EXTENSION_REQUEST, [encodeSequence(...extensions)]);
}
