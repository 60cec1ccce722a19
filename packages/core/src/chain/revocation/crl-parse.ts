/** Certificate revocation lists (RFC 5280 §5) read from DER for revocation checking. */
import { DerError, readOid, readUnsignedInteger } from '../../asn1/der.js';
import {
  hexOf,
  type RawElement,
  readBitString,
  readBoolean,
  readRaw,
  readRawChildren,
  readTime,
} from '../../asn1/der-primitives.js';
import { readAuthorityKeyId } from '../../x509/extensions.js';
import { type ChainName, readName } from '../../x509/name.js';
import {
  directoryNameKey,
  generalNameKey,
  type PointName,
  readPointName,
  readReasonFlags,
} from './distribution-points.js';

export const CRL_EXT_AUTHORITY_KEY_ID = '2.5.29.35';
export const CRL_EXT_ISSUER_ALT_NAME = '2.5.29.18';
export const CRL_EXT_NUMBER = '2.5.29.20';
export const CRL_EXT_DELTA_INDICATOR = '2.5.29.27';
export const CRL_EXT_ISSUING_DISTRIBUTION_POINT = '2.5.29.28';
export const CRL_EXT_FRESHEST_CRL = '2.5.29.46';
export const CRL_EXT_AUTHORITY_INFO_ACCESS = '1.3.6.1.5.5.7.1.1';
export const CRL_ENTRY_EXT_REASON_CODE = '2.5.29.21';
export const CRL_ENTRY_EXT_HOLD_INSTRUCTION = '2.5.29.23';
export const CRL_ENTRY_EXT_INVALIDITY_DATE = '2.5.29.24';
export const CRL_ENTRY_EXT_CERTIFICATE_ISSUER = '2.5.29.29';

/** CRL extensions (§5.2) this validator processes: any other one marked critical makes the CRL unusable. */
const UNDERSTOOD_CRL_EXTENSIONS: ReadonlySet<string> = new Set([
  CRL_EXT_AUTHORITY_KEY_ID,
  CRL_EXT_ISSUER_ALT_NAME,
  CRL_EXT_NUMBER,
  CRL_EXT_DELTA_INDICATOR,
  CRL_EXT_ISSUING_DISTRIBUTION_POINT,
  CRL_EXT_FRESHEST_CRL,
  CRL_EXT_AUTHORITY_INFO_ACCESS,
]);

/** CRL entry extensions (§5.3) this validator processes, likewise. */
const UNDERSTOOD_ENTRY_EXTENSIONS: ReadonlySet<string> = new Set([
  CRL_ENTRY_EXT_REASON_CODE,
  CRL_ENTRY_EXT_HOLD_INSTRUCTION,
  CRL_ENTRY_EXT_INVALIDITY_DATE,
  CRL_ENTRY_EXT_CERTIFICATE_ISSUER,
]);

/** CRLReason removeFromCRL (8): in a delta CRL, the certificate is no longer on hold. */
export const REASON_REMOVE_FROM_CRL = 8;

export interface RevokedEntry {
  serialHex: string;
  revocationDate: number;
  /** CRLReason, when the entry has a reasonCode. */
  reason: number | undefined;
  /**
   * The keys (see generalNameKey) of the issuer of the revoked certificate: the CRL issuer, or in an
   * indirect CRL the certificateIssuer of this entry or of the last entry before it that had one (§5.3.3).
   */
  issuerKeys: readonly string[];
}

/** issuingDistributionPoint (§5.2.5). */
export interface IssuingDistributionPoint {
  /** The whole extension value: a delta CRL must carry the same one as its complete CRL (§6.3.3 c). */
  raw: Uint8Array;
  point: PointName | undefined;
  onlyUserCerts: boolean;
  onlyCaCerts: boolean;
  /** onlySomeReasons as a mask; undefined when absent. */
  onlySomeReasons: number | undefined;
  indirect: boolean;
  onlyAttributeCerts: boolean;
}

export interface ParsedCrl {
  /** The CRL's DER, for messages and for callers that report which CRL decided. */
  der: Uint8Array;
  tbs: Uint8Array;
  signatureAlgorithm: { oid: string; parameters: Uint8Array | undefined };
  signature: Uint8Array;
  issuer: ChainName;
  thisUpdate: number;
  nextUpdate: number | undefined;
  revoked: RevokedEntry[];
  extensions: Map<string, { critical: boolean; value: Uint8Array }>;
  /** Why this CRL cannot be used at all (structure, duplicates, unknown critical extensions). */
  defects: string[];
  isDelta: boolean;
  /** cRLNumber, and for a delta CRL the number of the complete CRL it builds on. */
  number: bigint | undefined;
  baseNumber: bigint | undefined;
  authorityKeyId: Uint8Array | undefined;
  idp: IssuingDistributionPoint | undefined;
}

/** Parses one DER CRL; throws DerError when its structure is broken. */
export function parseCrlDer(der: Uint8Array): ParsedCrl {
  const [tbs, algorithm, signature, extra] = readRawChildren(readRaw(der));
  if (tbs?.tag !== 0x30 || algorithm === undefined || signature === undefined || extra !== undefined) {
    throw new DerError('not a CRL');
  }
  const fields = readRawChildren(tbs);
  let index = fields[0]?.tag === 0x02 ? 1 : 0;
  index++; // inner signature algorithm
  const issuer = readName(fields[index++] as RawElement);
  const thisUpdate = readTime(fields[index++] as RawElement);
  let nextUpdate: number | undefined;
  if (fields[index]?.tag === 0x17 || fields[index]?.tag === 0x18) nextUpdate = readTime(fields[index++] as RawElement);
  const [algorithmOid, parameters] = readRawChildren(algorithm);
  const crl: ParsedCrl = {
    der,
    tbs: tbs.raw,
    signatureAlgorithm: { oid: readOid(algorithmOid), parameters: parameters?.raw },
    signature: readBitString(signature).bytes,
    issuer,
    thisUpdate,
    nextUpdate,
    revoked: [],
    extensions: new Map(),
    defects: [],
    isDelta: false,
    number: undefined,
    baseNumber: undefined,
    authorityKeyId: undefined,
    idp: undefined,
  };
  const entries = fields[index]?.tag === 0x30 ? (fields[index++] as RawElement) : undefined;
  if (fields[index]?.tag === 0xa0) readCrlExtensions(crl, fields[index++] as RawElement);
  if (index !== fields.length) throw new DerError('unexpected field in tbsCertList');
  if (entries !== undefined) crl.revoked = readEntries(crl, entries);
  crl.isDelta = crl.extensions.has(CRL_EXT_DELTA_INDICATOR);
  crl.number = integerExtension(crl, CRL_EXT_NUMBER);
  crl.baseNumber = integerExtension(crl, CRL_EXT_DELTA_INDICATOR);
  const aki = crl.extensions.get(CRL_EXT_AUTHORITY_KEY_ID)?.value;
  crl.authorityKeyId = guarded(crl, CRL_EXT_AUTHORITY_KEY_ID, () => aki && readAuthorityKeyId(aki).keyId);
  const idp = crl.extensions.get(CRL_EXT_ISSUING_DISTRIBUTION_POINT)?.value;
  crl.idp = guarded(crl, CRL_EXT_ISSUING_DISTRIBUTION_POINT, () => idp && readIssuingDistributionPoint(idp));
  return crl;
}

function readCrlExtensions(crl: ParsedCrl, wrapper: RawElement): void {
  const [sequence] = readRawChildren(wrapper);
  for (const extension of readRawChildren(sequence as RawElement)) {
    const { oid, critical, value } = readExtension(extension);
    if (crl.extensions.has(oid)) crl.defects.push(`has a duplicate extension ${oid}`);
    crl.extensions.set(oid, { critical, value });
    if (critical && !UNDERSTOOD_CRL_EXTENSIONS.has(oid)) crl.defects.push(`has an unknown critical extension ${oid}`);
  }
}

function readExtension(extension: RawElement): { oid: string; critical: boolean; value: Uint8Array } {
  const parts = readRawChildren(extension);
  const value = parts[parts.length - 1];
  if (parts.length < 2 || parts.length > 3 || value?.tag !== 0x04) throw new DerError('malformed extension');
  const critical = parts.length === 3 ? readBoolean(parts[1] as RawElement) : false;
  return { oid: readOid(parts[0]), critical, value: value.content };
}

function readEntries(crl: ParsedCrl, list: RawElement): RevokedEntry[] {
  let issuerKeys: readonly string[] = [directoryNameKey(crl.issuer)];
  return readRawChildren(list).map((entry) => {
    const [serial, date, extensions] = readRawChildren(entry);
    if (serial?.tag !== 0x02 || date === undefined) throw new DerError('malformed revoked entry');
    let reason: number | undefined;
    for (const extension of extensions === undefined ? [] : readRawChildren(extensions)) {
      const { oid, critical, value } = readExtension(extension);
      if (critical && !UNDERSTOOD_ENTRY_EXTENSIONS.has(oid)) {
        crl.defects.push(`has an entry with an unknown critical extension ${oid}`);
      }
      const element = readRaw(value);
      if (oid === CRL_ENTRY_EXT_REASON_CODE && element.tag === 0x0a) reason = element.content[0];
      if (oid === CRL_ENTRY_EXT_CERTIFICATE_ISSUER) issuerKeys = readRawChildren(element).map(generalNameKey);
    }
    return { serialHex: hexOf(serial.content), revocationDate: readTime(date), reason, issuerKeys };
  });
}

// IssuingDistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL,
//   onlyContainsUserCerts [1], onlyContainsCACerts [2] BOOLEAN DEFAULT FALSE, onlySomeReasons [3]
//   ReasonFlags OPTIONAL, indirectCRL [4], onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
function readIssuingDistributionPoint(value: Uint8Array): IssuingDistributionPoint {
  const idp: IssuingDistributionPoint = {
    raw: value,
    point: undefined,
    onlyUserCerts: false,
    onlyCaCerts: false,
    onlySomeReasons: undefined,
    indirect: false,
    onlyAttributeCerts: false,
  };
  const flag = (field: RawElement) => readBoolean({ tag: 0x01, content: field.content });
  for (const field of readRawChildren(readRaw(value))) {
    if (field.tag === 0xa0) idp.point = readPointName(field);
    else if (field.tag === 0x81) idp.onlyUserCerts = flag(field);
    else if (field.tag === 0x82) idp.onlyCaCerts = flag(field);
    else if (field.tag === 0x83) idp.onlySomeReasons = readReasonFlags({ tag: 0x03, content: field.content });
    else if (field.tag === 0x84) idp.indirect = flag(field);
    else if (field.tag === 0x85) idp.onlyAttributeCerts = flag(field);
    else throw new DerError('unexpected field in issuingDistributionPoint');
  }
  return idp;
}

function integerExtension(crl: ParsedCrl, oid: string): bigint | undefined {
  const value = crl.extensions.get(oid)?.value;
  return guarded(crl, oid, () => value && readUnsignedInteger(readRaw(value)));
}

// An extension this validator relies on that cannot be read makes the CRL unusable.
function guarded<T>(crl: ParsedCrl, oid: string, read: () => T | undefined): T | undefined {
  try {
    return read();
  } catch {
    crl.defects.push(`has a malformed extension ${oid}`);
    return undefined;
  }
}
