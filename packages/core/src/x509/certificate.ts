/**
 * A certificate as the path validator needs it, read straight from DER with asn1/der.ts (no
 * @peculiar/x509 in the hot path). Structure errors throw; extension-level errors are collected in
 * `defects`, so that one bad certificate in a pile does not stop the search and the validator can
 * report it when it lies on the path.
 */
import { bytesEqual } from '../lib/bytes.js';
import { DerError, readOid } from '../asn1/der.js';
import {
  hexOf,
  type RawElement,
  readBitString,
  readBoolean,
  readRaw,
  readRawChildren,
  readTime,
} from '../asn1/der-primitives.js';
import * as ext from './extensions.js';
import type { GeneralName } from './general-names.js';
import { type ChainName, readName } from './name.js';

export interface ChainExtension {
  critical: boolean;
  value: Uint8Array;
}

/** Everything the builder and validator read from one certificate. */
export interface ParsedCertificate {
  der: Uint8Array;
  /** Hex of the DER: identity for duplicates. */
  id: string;
  tbs: Uint8Array;
  version: number;
  serial: Uint8Array;
  signatureAlgorithm: { oid: string; parameters: Uint8Array | undefined };
  signature: Uint8Array;
  issuer: ChainName;
  subject: ChainName;
  notBefore: number;
  notAfter: number;
  spki: Uint8Array;
  spkiAlgorithm: string;
  extensions: Map<string, ChainExtension>;
  /** Why this certificate is malformed beyond its basic structure; empty when it is well formed. */
  defects: string[];
  /** RFC 5280 §4.1.2.2 serial number rules broken (not held against trust anchors, which are trusted as given). */
  serialDefects: string[];
  basicConstraints: ext.BasicConstraints | undefined;
  keyUsage: number | undefined;
  extendedKeyUsage: string[] | undefined;
  subjectAltName: GeneralName[] | undefined;
  subjectKeyId: Uint8Array | undefined;
  authorityKeyId: ext.AuthorityKeyId | undefined;
  nameConstraints: ext.NameConstraints | undefined;
  policies: string[] | undefined;
  policyMappings: ext.PolicyMapping[] | undefined;
  policyConstraints: ext.PolicyConstraints | undefined;
  inhibitAnyPolicy: number | undefined;
  /** cRLDistributionPoints fullName entries (hex of each GeneralName's encoding). */
  crlDistributionPointNames: string[] | undefined;
  /** True when subject and issuer are the same name (RFC 5280 "self-issued"). */
  selfIssued: boolean;
}

/** Parses one DER certificate; throws DerError when its structure is broken. */
export function parseCertificateDer(der: Uint8Array): ParsedCertificate {
  const certificate = readRaw(der);
  const [tbsElement, outerAlgorithm, signatureValue, extra] = readRawChildren(certificate);
  if (certificate.tag !== 0x30 || tbsElement?.tag !== 0x30 || signatureValue === undefined || extra !== undefined) {
    throw new DerError('not an X.509 certificate');
  }
  const fields = readRawChildren(tbsElement);
  const defects: string[] = [];
  let index = 0;
  let version = 1;
  if (fields[0]?.tag === 0xa0) {
    version = readVersion(fields[0]);
    // DER leaves a DEFAULT value out (X.690 §11.5): v1 written out is another encoding of the same certificate.
    if (version === 1) defects.push('version v1 encoded explicitly (not DER)');
    index++;
  }
  const [serial, innerAlgorithm, issuer, validity, subject, spki] = fields.slice(index, index + 6);
  if (serial?.tag !== 0x02 || spki?.tag !== 0x30 || validity === undefined || outerAlgorithm === undefined) {
    throw new DerError('malformed tbsCertificate');
  }
  if (!bytesEqual(innerAlgorithm?.raw ?? new Uint8Array(), outerAlgorithm.raw)) {
    defects.push('the signature algorithm inside and outside tbsCertificate differ');
  }
  const signature = readBitString(signatureValue);
  // RFC 5280 §4.1.1.3: the signature is whole octets; a BIT STRING with unused bits is not one.
  if (signature.unusedBits !== 0) defects.push('signatureValue BIT STRING has unused bits');
  const [notBefore, notAfter] = readRawChildren(validity);
  if (notBefore === undefined || notAfter === undefined) throw new DerError('malformed validity');
  const parsed: ParsedCertificate = {
    der,
    id: hexOf(der),
    tbs: tbsElement.raw,
    version,
    serial: serial.content,
    signatureAlgorithm: readAlgorithm(outerAlgorithm),
    signature: signature.bytes,
    issuer: readName(issuer as RawElement),
    subject: readName(subject as RawElement),
    notBefore: readTime(notBefore),
    notAfter: readTime(notAfter),
    spki: spki.raw,
    spkiAlgorithm: readSpkiAlgorithm(spki),
    extensions: new Map(),
    defects,
    serialDefects: [],
    basicConstraints: undefined,
    keyUsage: undefined,
    extendedKeyUsage: undefined,
    subjectAltName: undefined,
    subjectKeyId: undefined,
    authorityKeyId: undefined,
    nameConstraints: undefined,
    policies: undefined,
    policyMappings: undefined,
    policyConstraints: undefined,
    inhibitAnyPolicy: undefined,
    crlDistributionPointNames: undefined,
    selfIssued: false,
  };
  parsed.selfIssued = parsed.subject.key === parsed.issuer.key;
  checkSerial(parsed);
  readOptionalFields(parsed, fields.slice(index + 6));
  return parsed;
}

/** Version ::= INTEGER { v1(0), v2(1), v3(2) } inside [0] EXPLICIT, as 1, 2 or 3; anything else is refused. */
function readVersion(wrapper: RawElement): number {
  const [integer, extra] = readRawChildren(wrapper);
  const content = integer?.tag === 0x02 ? integer.content : undefined;
  if (content?.byteLength !== 1 || extra !== undefined || (content[0] as number) > 2) {
    throw new DerError('unknown certificate version');
  }
  return (content[0] as number) + 1;
}

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }: its OID. */
function readSpkiAlgorithm(spki: RawElement): string {
  const [algorithm, key, extra] = readRawChildren(spki);
  if (algorithm?.tag !== 0x30 || key?.tag !== 0x03 || extra !== undefined) {
    throw new DerError('malformed subjectPublicKeyInfo');
  }
  readBitString(key);
  return readOid(readRawChildren(algorithm)[0]);
}

/**
 * issuerUniqueID [1], subjectUniqueID [2], extensions [3]: each at most once and in this order (the
 * ASN.1 SEQUENCE); unique identifiers only from v2 on (RFC 5280 §4.1.2.8).
 */
function readOptionalFields(parsed: ParsedCertificate, fields: RawElement[]): void {
  const order = [0x81, 0x82, 0xa3];
  let next = 0;
  for (const field of fields) {
    const position = order.indexOf(field.tag, next);
    if (position < 0) throw new DerError('unexpected field in tbsCertificate');
    next = position + 1;
    if (field.tag === 0xa3) readExtensions(parsed, field);
    else {
      readBitString({ tag: 0x03, content: field.content });
      if (parsed.version === 1) parsed.defects.push('unique identifiers in a version 1 certificate');
    }
  }
}

function readAlgorithm(element: RawElement): { oid: string; parameters: Uint8Array | undefined } {
  const [oid, parameters] = readRawChildren(element);
  return { oid: readOid(oid), parameters: parameters?.raw };
}

function checkSerial(parsed: ParsedCertificate): void {
  const serial = parsed.serial;
  if (serial.byteLength === 0) throw new DerError('empty serial number');
  // DER INTEGERs are minimal (X.690 §8.3.2): a leading 0x00 only before a high bit, 0xFF only before a low one.
  const second = serial[1];
  if (second !== undefined && ((serial[0] === 0 && second < 0x80) || (serial[0] === 0xff && second >= 0x80))) {
    parsed.defects.push('serial number not minimally encoded (not DER)');
  }
  if (((serial[0] as number) & 0x80) !== 0) parsed.serialDefects.push('negative serial number');
  else if (serial.every((byte) => byte === 0)) parsed.serialDefects.push('serial number zero');
  const significant = serial[0] === 0 ? serial.byteLength - 1 : serial.byteLength;
  if (significant > 20) parsed.serialDefects.push('serial number longer than 20 octets');
}

function readExtensions(parsed: ParsedCertificate, wrapper: RawElement): void {
  if (parsed.version !== 3) parsed.defects.push('extensions in a certificate that is not version 3');
  const [sequence] = readRawChildren(wrapper);
  if (sequence === undefined) throw new DerError('malformed extensions');
  const list = readRawChildren(sequence);
  if (list.length === 0) parsed.defects.push('empty extensions');
  for (const extension of list) {
    const parts = readRawChildren(extension);
    const oid = readOid(parts[0]);
    const critical = parts.length === 3 ? readBoolean(parts[1] as RawElement) : false;
    if (parts.length === 3 && !critical) parsed.defects.push(`extension ${oid} encodes critical FALSE (not DER)`);
    const value = parts[parts.length - 1];
    if (value?.tag !== 0x04 || parts.length < 2 || parts.length > 3) throw new DerError('malformed extension');
    if (parsed.extensions.has(oid)) parsed.defects.push(`duplicate extension ${oid}`);
    parsed.extensions.set(oid, { critical, value: value.content });
    try {
      decodeExtension(parsed, oid, value.content);
    } catch (error) {
      parsed.defects.push(`malformed extension ${oid}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function decodeExtension(parsed: ParsedCertificate, oid: string, value: Uint8Array): void {
  switch (oid) {
    case ext.EXT_BASIC_CONSTRAINTS:
      parsed.basicConstraints = ext.readBasicConstraints(value);
      break;
    case ext.EXT_KEY_USAGE:
      parsed.keyUsage = ext.readKeyUsage(value);
      break;
    case ext.EXT_EXTENDED_KEY_USAGE:
      parsed.extendedKeyUsage = ext.readExtendedKeyUsage(value);
      break;
    case ext.EXT_SUBJECT_ALT_NAME:
      parsed.subjectAltName = ext.readSubjectAltName(value);
      break;
    case ext.EXT_SUBJECT_KEY_ID:
      parsed.subjectKeyId = ext.readSubjectKeyId(value);
      break;
    case ext.EXT_AUTHORITY_KEY_ID:
      parsed.authorityKeyId = ext.readAuthorityKeyId(value);
      break;
    case ext.EXT_NAME_CONSTRAINTS:
      parsed.nameConstraints = ext.readNameConstraints(value);
      break;
    case ext.EXT_CERTIFICATE_POLICIES:
      parsed.policies = ext.readCertificatePolicies(value);
      break;
    case ext.EXT_POLICY_MAPPINGS:
      parsed.policyMappings = ext.readPolicyMappings(value);
      break;
    case ext.EXT_POLICY_CONSTRAINTS:
      parsed.policyConstraints = ext.readPolicyConstraints(value);
      break;
    case ext.EXT_INHIBIT_ANY_POLICY:
      parsed.inhibitAnyPolicy = ext.readInhibitAnyPolicy(value);
      break;
    case ext.EXT_CRL_DISTRIBUTION_POINTS:
      parsed.crlDistributionPointNames = ext.readCrlDistributionPointNames(value);
      break;
  }
}

/** Extensions the validator processes, so a critical one does not count as unknown. */
export const UNDERSTOOD_EXTENSIONS: ReadonlySet<string> = new Set([
  ext.EXT_BASIC_CONSTRAINTS,
  ext.EXT_KEY_USAGE,
  ext.EXT_EXTENDED_KEY_USAGE,
  ext.EXT_SUBJECT_ALT_NAME,
  ext.EXT_SUBJECT_KEY_ID,
  ext.EXT_AUTHORITY_KEY_ID,
  ext.EXT_NAME_CONSTRAINTS,
  ext.EXT_CERTIFICATE_POLICIES,
  ext.EXT_POLICY_MAPPINGS,
  ext.EXT_POLICY_CONSTRAINTS,
  ext.EXT_INHIBIT_ANY_POLICY,
  ext.EXT_CRL_DISTRIBUTION_POINTS,
]);
