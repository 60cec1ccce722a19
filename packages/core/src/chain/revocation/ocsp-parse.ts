/** OCSP responses (RFC 6960 §4.2.1) read from DER: the basic response, its single responses and certificates. */
import { DerError, readOid, readUnsignedInteger } from '../../asn1/der.js';
import {
  hexOf,
  type RawElement,
  readBitString,
  readRaw,
  readRawChildren,
  readTime,
} from '../../asn1/der-primitives.js';
import { type ParsedCertificate, parseCertificateDer } from '../../x509/certificate.js';
import { type ChainName, readName } from '../../x509/name.js';

const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';

/** OCSPResponseStatus names (§4.2.1); only `successful` carries a response. */
export const RESPONSE_STATUS_NAMES = [
  'successful',
  'malformedRequest',
  'internalError',
  'tryLater',
  'status 4',
  'sigRequired',
  'unauthorized',
];

export interface OcspCertId {
  hashAlgorithm: string;
  issuerNameHash: Uint8Array;
  issuerKeyHash: Uint8Array;
  serialHex: string;
}

export interface OcspSingleResponse {
  certId: OcspCertId;
  status: 'good' | 'revoked' | 'unknown';
  revocationTime: number | undefined;
  /** CRLReason, when the responder gave one. */
  reason: number | undefined;
  thisUpdate: number;
  nextUpdate: number | undefined;
  /** Critical single extensions: a response carrying one cannot be relied on. */
  criticalExtensions: string[];
}

export interface ParsedOcspResponse {
  /** OCSPResponseStatus; anything but 0 (successful) has no response data. */
  responseStatus: number;
  tbs: Uint8Array;
  signatureAlgorithm: { oid: string; parameters: Uint8Array | undefined };
  signature: Uint8Array;
  responderId: { byName: ChainName } | { byKeyHash: Uint8Array };
  producedAt: number;
  responses: OcspSingleResponse[];
  /** Certificates the responder sent (a delegated responder's own, usually); unreadable ones skipped. */
  certificates: ParsedCertificate[];
  criticalExtensions: string[];
}

/** Parses an OCSPResponse; throws DerError when its structure is broken or it is not a basic response. */
export function parseOcspResponseDer(der: Uint8Array): ParsedOcspResponse {
  const [status, bytes, extra] = readRawChildren(readRaw(der));
  if (status?.tag !== 0x0a || status.content.byteLength !== 1 || extra !== undefined) {
    throw new DerError('not an OCSPResponse');
  }
  const responseStatus = status.content[0] as number;
  if (bytes === undefined) {
    if (responseStatus === 0) throw new DerError('a successful OCSPResponse without responseBytes');
    return unsuccessful(responseStatus);
  }
  const [responseBytes] = readRawChildren(bytes);
  const [type, octets] = readRawChildren(responseBytes as RawElement);
  if (readOid(type) !== ID_PKIX_OCSP_BASIC || octets?.tag !== 0x04) throw new DerError('not a basic OCSP response');
  const [tbs, algorithm, signature, certs] = readRawChildren(readRaw(octets.content));
  if (tbs?.tag !== 0x30 || algorithm === undefined || signature === undefined) {
    throw new DerError('malformed BasicOCSPResponse');
  }
  const [algorithmOid, parameters] = readRawChildren(algorithm);
  return {
    responseStatus,
    tbs: tbs.raw,
    signatureAlgorithm: { oid: readOid(algorithmOid), parameters: parameters?.raw },
    signature: readBitString(signature).bytes,
    ...readResponseData(tbs),
    certificates: certs?.tag === 0xa0 ? readCertificates(certs) : [],
  };
}

function unsuccessful(responseStatus: number): ParsedOcspResponse {
  return {
    responseStatus,
    tbs: new Uint8Array(),
    signatureAlgorithm: { oid: '', parameters: undefined },
    signature: new Uint8Array(),
    responderId: { byKeyHash: new Uint8Array() },
    producedAt: 0,
    responses: [],
    certificates: [],
    criticalExtensions: [],
  };
}

// ResponseData ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, responderID, producedAt,
//   responses SEQUENCE OF SingleResponse, responseExtensions [1] EXPLICIT Extensions OPTIONAL }
function readResponseData(
  tbs: RawElement,
): Pick<ParsedOcspResponse, 'responderId' | 'producedAt' | 'responses' | 'criticalExtensions'> {
  const fields = readRawChildren(tbs);
  let index = fields[0]?.tag === 0xa0 ? 1 : 0;
  const responder = fields[index++];
  const [inner] = responder === undefined ? [] : readRawChildren(responder);
  let responderId: ParsedOcspResponse['responderId'];
  if (responder?.tag === 0xa1 && inner !== undefined) responderId = { byName: readName(inner) };
  else if (responder?.tag === 0xa2 && inner?.tag === 0x04) responderId = { byKeyHash: inner.content };
  else throw new DerError('malformed ResponderID');
  const producedAt = readTime(fields[index++] as RawElement);
  const list = fields[index++];
  if (list?.tag !== 0x30) throw new DerError('malformed responses');
  const extensions = fields[index]?.tag === 0xa1 ? criticalOids(fields[index] as RawElement) : [];
  return {
    responderId,
    producedAt,
    responses: readRawChildren(list).map(readSingleResponse),
    criticalExtensions: extensions,
  };
}

// SingleResponse ::= SEQUENCE { certID, certStatus, thisUpdate, nextUpdate [0] EXPLICIT OPTIONAL,
//   singleExtensions [1] EXPLICIT OPTIONAL }; CertStatus: good [0] NULL, revoked [1] RevokedInfo, unknown [2] NULL.
function readSingleResponse(single: RawElement): OcspSingleResponse {
  const [certId, certStatus, thisUpdate, ...rest] = readRawChildren(single);
  if (certId === undefined || certStatus === undefined || thisUpdate === undefined) {
    throw new DerError('malformed SingleResponse');
  }
  const result: OcspSingleResponse = {
    certId: readCertId(certId),
    status: 'unknown',
    revocationTime: undefined,
    reason: undefined,
    thisUpdate: readTime(thisUpdate),
    nextUpdate: undefined,
    criticalExtensions: [],
  };
  if (certStatus.tag === 0x80) result.status = 'good';
  else if (certStatus.tag === 0xa1) {
    result.status = 'revoked';
    const [time, reason] = readRawChildren(certStatus);
    result.revocationTime = readTime(time as RawElement);
    if (reason?.tag === 0xa0) result.reason = readRawChildren(reason)[0]?.content[0];
  } else if (certStatus.tag !== 0x82) throw new DerError('malformed CertStatus');
  for (const field of rest) {
    if (field.tag === 0xa0) result.nextUpdate = readTime(readRawChildren(field)[0] as RawElement);
    else if (field.tag === 0xa1) result.criticalExtensions = criticalOids(field);
    else throw new DerError('unexpected field in SingleResponse');
  }
  return result;
}

function readCertId(element: RawElement): OcspCertId {
  const [algorithm, nameHash, keyHash, serial] = readRawChildren(element);
  if (algorithm === undefined || nameHash?.tag !== 0x04 || keyHash?.tag !== 0x04 || serial?.tag !== 0x02) {
    throw new DerError('malformed CertID');
  }
  readUnsignedInteger(serial);
  return {
    hashAlgorithm: readOid(readRawChildren(algorithm)[0]),
    issuerNameHash: nameHash.content,
    issuerKeyHash: keyHash.content,
    serialHex: hexOf(serial.content),
  };
}

// Extensions inside an explicit wrapper: the OIDs of those marked critical.
function criticalOids(wrapper: RawElement): string[] {
  const [sequence] = readRawChildren(wrapper);
  const oids: string[] = [];
  for (const extension of sequence === undefined ? [] : readRawChildren(sequence)) {
    const parts = readRawChildren(extension);
    if (parts.length === 3 && parts[1]?.tag === 0x01 && parts[1].content[0] === 0xff) oids.push(readOid(parts[0]));
  }
  return oids;
}

function readCertificates(wrapper: RawElement): ParsedCertificate[] {
  const [sequence] = readRawChildren(wrapper);
  const certificates: ParsedCertificate[] = [];
  for (const certificate of sequence === undefined ? [] : readRawChildren(sequence)) {
    try {
      certificates.push(parseCertificateDer(certificate.raw.slice()));
    } catch {
      // An unreadable certificate cannot be the signer; the signature check says so if it was needed.
    }
  }
  return certificates;
}
