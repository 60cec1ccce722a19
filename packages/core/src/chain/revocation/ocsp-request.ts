/** An OCSP request (RFC 6960 §4.1.1) for one certificate: a single CertID with SHA-1, no nonce, unsigned. */
import { createHash } from 'node:crypto';
import {
  encodeElement,
  encodeNull,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  TAG_INTEGER,
} from '../../asn1/der.js';
import { readBitString, readRaw, readRawChildren } from '../../asn1/der-primitives.js';
import type { ParsedCertificate } from '../../x509/certificate.js';

const ID_SHA1 = '1.3.14.3.2.26';

/**
 * OCSPRequest ::= SEQUENCE { tbsRequest SEQUENCE { requestList SEQUENCE OF Request { reqCert CertID } } }.
 * SHA-1 in the CertID is what RFC 5019 responders (and Active Directory's) are sure to accept; it
 * identifies, it does not protect.
 */
export function encodeOcspRequest(certificate: ParsedCertificate, issuer: ParsedCertificate): Uint8Array {
  const sha1 = (bytes: Uint8Array) => new Uint8Array(createHash('sha1').update(bytes).digest());
  const [, key] = readRawChildren(readRaw(issuer.spki));
  const keyBits = key === undefined ? new Uint8Array() : readBitString(key).bytes;
  const certId = encodeSequence(
    encodeSequence(encodeOid(ID_SHA1), encodeNull()),
    encodeOctetString(sha1(certificate.issuer.raw)),
    encodeOctetString(sha1(keyBits)),
    encodeElement(TAG_INTEGER, certificate.serial),
  );
  return encodeSequence(encodeSequence(encodeSequence(encodeSequence(certId))));
}
