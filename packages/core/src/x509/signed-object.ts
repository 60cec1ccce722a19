/**
 * The outer layer of a signed X.509 object (certificate, CSR, CRL):
 * SEQUENCE { toBeSigned, AlgorithmIdentifier, BIT STRING }. Written from its DER parts and read
 * with the shared DER reader (asn1/der.ts).
 */
import { readRawChildren } from '../asn1/der-primitives.js';
import {
  DerError,
  encodeBitString,
  encodeSequence,
  expectTag,
  readChildren,
  readElement,
  readOid,
  TAG_SEQUENCE,
} from '../asn1/der.js';

/** The signed object from its DER parts: the signature value goes into the BIT STRING whole. */
export function encodeSignedObject(
  toBeSigned: Uint8Array,
  algorithmIdentifier: Uint8Array,
  signatureValue: Uint8Array,
): Uint8Array {
  return encodeSequence(toBeSigned, algorithmIdentifier, encodeBitString(signatureValue));
}

/** The dotted OID of the signature algorithm of a signed object. */
export function signatureAlgorithmOid(der: Uint8Array): string {
  const [, algorithm] = readChildren(expectTag(readElement(der), TAG_SEQUENCE));
  const [oid] = readChildren(expectTag(algorithm, TAG_SEQUENCE));
  return readOid(oid);
}

/** The SubjectPublicKeyInfo DER of a PKCS#10 request: the third element of certificationRequestInfo. */
export function csrSpki(der: Uint8Array): Uint8Array {
  const [info] = readChildren(expectTag(readElement(der), TAG_SEQUENCE));
  const spki = readRawChildren(expectTag(info, TAG_SEQUENCE))[2];
  if (spki?.tag !== TAG_SEQUENCE) throw new DerError('malformed CertificationRequestInfo');
  return spki.raw.slice();
}
