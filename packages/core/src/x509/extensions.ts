/** The certificate extensions path validation reads (RFC 5280 §4.2), decoded from their DER values. */
import { DerError, readChildren, readOid } from '../asn1/der.js';
import {
  hexOf,
  readBitString,
  readBoolean,
  readRaw,
  readRawChildren,
  readSmallInteger,
} from '../asn1/der-primitives.js';
import { type GeneralName, readGeneralName, readGeneralNames } from './general-names.js';

export const EXT_SUBJECT_KEY_ID = '2.5.29.14';
export const EXT_KEY_USAGE = '2.5.29.15';
export const EXT_SUBJECT_ALT_NAME = '2.5.29.17';
export const EXT_ISSUER_ALT_NAME = '2.5.29.18';
export const EXT_BASIC_CONSTRAINTS = '2.5.29.19';
export const EXT_NAME_CONSTRAINTS = '2.5.29.30';
export const EXT_CRL_DISTRIBUTION_POINTS = '2.5.29.31';
export const EXT_CERTIFICATE_POLICIES = '2.5.29.32';
export const EXT_POLICY_MAPPINGS = '2.5.29.33';
export const EXT_AUTHORITY_KEY_ID = '2.5.29.35';
export const EXT_POLICY_CONSTRAINTS = '2.5.29.36';
export const EXT_EXTENDED_KEY_USAGE = '2.5.29.37';
export const EXT_INHIBIT_ANY_POLICY = '2.5.29.54';
export const EXT_AUTHORITY_INFO_ACCESS = '1.3.6.1.5.5.7.1.1';

/** keyUsage bit numbers (RFC 5280 §4.2.1.3). */
export const KU_DIGITAL_SIGNATURE = 0;
export const KU_KEY_ENCIPHERMENT = 2;
export const KU_KEY_AGREEMENT = 4;
export const KU_KEY_CERT_SIGN = 5;
export const KU_CRL_SIGN = 6;

export interface BasicConstraints {
  ca: boolean;
  pathLen: number | undefined;
}

export interface AuthorityKeyId {
  keyId: Uint8Array | undefined;
  hasIssuer: boolean;
  hasSerial: boolean;
}

export interface GeneralSubtree {
  base: GeneralName;
  /** False when minimum/maximum are set, which RFC 5280 profiles forbid and we cannot honour. */
  plain: boolean;
}

export interface NameConstraints {
  permitted: GeneralSubtree[];
  excluded: GeneralSubtree[];
}

export interface PolicyMapping {
  issuerDomain: string;
  subjectDomain: string;
}

export interface PolicyConstraints {
  requireExplicitPolicy: number | undefined;
  inhibitPolicyMapping: number | undefined;
}

export function readBasicConstraints(value: Uint8Array): BasicConstraints {
  const children = readRawChildren(expectSequence(value));
  let index = 0;
  let ca = false;
  if (children[index]?.tag === 0x01) {
    ca = readBoolean(children[index] as never);
    // DER: a DEFAULT value must be omitted.
    if (!ca) throw new DerError('cA FALSE must be omitted');
    index++;
  }
  let pathLen: number | undefined;
  if (children[index]?.tag === 0x02) pathLen = readSmallInteger(children[index++] as never);
  if (index !== children.length) throw new DerError('malformed basicConstraints');
  return { ca, pathLen };
}

/** The keyUsage bits as a bit mask (bit n = 1 << n); at least one bit must be set. */
export function readKeyUsage(value: Uint8Array): number {
  const { bytes } = readBitString(readRaw(value));
  let mask = 0;
  for (let bit = 0; bit < Math.min(bytes.byteLength * 8, 16); bit++) {
    if ((((bytes[bit >> 3] as number) >> (7 - (bit & 7))) & 1) === 1) mask |= 1 << bit;
  }
  if (mask === 0) throw new DerError('keyUsage with no bit set');
  return mask;
}

export function readExtendedKeyUsage(value: Uint8Array): string[] {
  const oids = readChildren(expectSequence(value)).map((child) => readOid(child));
  if (oids.length === 0) throw new DerError('empty extKeyUsage');
  return oids;
}

export function readSubjectAltName(value: Uint8Array): GeneralName[] {
  return readGeneralNames(value);
}

export function readSubjectKeyId(value: Uint8Array): Uint8Array {
  const element = readRaw(value);
  if (element.tag !== 0x04) throw new DerError('subjectKeyIdentifier must be an OCTET STRING');
  return element.content;
}

export function readAuthorityKeyId(value: Uint8Array): AuthorityKeyId {
  const result: AuthorityKeyId = { keyId: undefined, hasIssuer: false, hasSerial: false };
  for (const child of readRawChildren(expectSequence(value))) {
    if (child.tag === 0x80) result.keyId = child.content;
    else if (child.tag === 0xa1) result.hasIssuer = true;
    else if (child.tag === 0x82) result.hasSerial = true;
    else throw new DerError('unexpected field in authorityKeyIdentifier');
  }
  return result;
}

export function readNameConstraints(value: Uint8Array): NameConstraints {
  const result: NameConstraints = { permitted: [], excluded: [] };
  const children = readRawChildren(expectSequence(value));
  if (children.length === 0) throw new DerError('empty nameConstraints');
  for (const child of children) {
    if (child.tag !== 0xa0 && child.tag !== 0xa1) throw new DerError('unexpected field in nameConstraints');
    const subtrees = readRawChildren(child).map((subtree) => {
      const [base, ...bounds] = readRawChildren(subtree);
      if (base === undefined) throw new DerError('empty GeneralSubtree');
      // minimum DEFAULT 0 must be absent in DER; any bound at all is outside every profile we apply.
      return { base: readGeneralName(base), plain: bounds.length === 0 };
    });
    if (subtrees.length === 0) throw new DerError('empty GeneralSubtrees');
    if (child.tag === 0xa0) result.permitted = subtrees;
    else result.excluded = subtrees;
  }
  return result;
}

/** The policy OIDs of certificatePolicies; duplicates are an error (RFC 5280 §4.2.1.4). */
export function readCertificatePolicies(value: Uint8Array): string[] {
  const oids = readChildren(expectSequence(value)).map((info) => readOid(readChildren(info)[0]));
  if (oids.length === 0) throw new DerError('empty certificatePolicies');
  if (new Set(oids).size !== oids.length) throw new DerError('duplicate policy in certificatePolicies');
  return oids;
}

export function readPolicyMappings(value: Uint8Array): PolicyMapping[] {
  const mappings = readChildren(expectSequence(value)).map((pair) => {
    const [issuer, subject, extra] = readChildren(pair);
    if (extra !== undefined) throw new DerError('malformed policy mapping');
    return { issuerDomain: readOid(issuer), subjectDomain: readOid(subject) };
  });
  if (mappings.length === 0) throw new DerError('empty policyMappings');
  return mappings;
}

export function readPolicyConstraints(value: Uint8Array): PolicyConstraints {
  const result: PolicyConstraints = { requireExplicitPolicy: undefined, inhibitPolicyMapping: undefined };
  const children = readRawChildren(expectSequence(value));
  if (children.length === 0) throw new DerError('empty policyConstraints');
  for (const child of children) {
    const asInteger = { tag: 0x02, content: child.content };
    if (child.tag === 0x80) result.requireExplicitPolicy = readSmallInteger(asInteger);
    else if (child.tag === 0x81) result.inhibitPolicyMapping = readSmallInteger(asInteger);
    else throw new DerError('unexpected field in policyConstraints');
  }
  return result;
}

export function readInhibitAnyPolicy(value: Uint8Array): number {
  return readSmallInteger(readRaw(value));
}

function expectSequence(value: Uint8Array) {
  const element = readRaw(value);
  if (element.tag !== 0x30) throw new DerError('expected a SEQUENCE');
  return element;
}

/**
 * The fullName GeneralNames of every distribution point in cRLDistributionPoints, as hex of their
 * encodings (compared with a CRL's issuingDistributionPoint names by encoding).
 */
export function readCrlDistributionPointNames(value: Uint8Array): string[] {
  const names: string[] = [];
  for (const point of readRawChildren(expectSequence(value))) {
    const name = readRawChildren(point).find((field) => field.tag === 0xa0);
    const fullName = name === undefined ? undefined : readRawChildren(name).find((field) => field.tag === 0xa0);
    for (const general of fullName === undefined ? [] : readRawChildren(fullName)) names.push(hexOf(general.raw));
  }
  return names;
}
