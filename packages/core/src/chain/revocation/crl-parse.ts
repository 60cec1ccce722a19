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
import { type ChainName, readName } from '../../x509/name.js';

export const CRL_EXT_NUMBER = '2.5.29.20';
export const CRL_EXT_DELTA_INDICATOR = '2.5.29.27';
export const CRL_EXT_ISSUING_DISTRIBUTION_POINT = '2.5.29.28';
export const CRL_ENTRY_EXT_CERTIFICATE_ISSUER = '2.5.29.29';
export const CRL_ENTRY_EXT_REASON_CODE = '2.5.29.21';

export interface RevokedEntry {
  serialHex: string;
  /** reasonCode removeFromCRL (8): in a delta CRL, the certificate is no longer revoked. */
  removeFromCrl: boolean;
  /** For indirect CRLs: the certificate issuer this entry (and those after it) belongs to. */
  certificateIssuerKey: string | undefined;
}

export interface ParsedCrl {
  tbs: Uint8Array;
  signatureAlgorithm: { oid: string; parameters: Uint8Array | undefined };
  signature: Uint8Array;
  issuer: ChainName;
  thisUpdate: number;
  nextUpdate: number | undefined;
  revoked: RevokedEntry[];
  extensions: Map<string, { critical: boolean; value: Uint8Array }>;
  defects: string[];
  isDelta: boolean;
  /** cRLNumber, and for a delta CRL the number of the complete CRL it builds on. */
  number: bigint | undefined;
  baseNumber: bigint | undefined;
  indirect: boolean;
  /** issuingDistributionPoint scope: only end-entity or only CA certificates. */
  onlyUserCerts: boolean;
  onlyCaCerts: boolean;
  /** onlySomeReasons: the CRL lists revocations for some reasons only, so it cannot clear a certificate. */
  someReasonsOnly: boolean;
  /** issuingDistributionPoint fullName entries (hex of each GeneralName's encoding); empty when none. */
  distributionPointNames: string[];
}

/** Parses one DER CRL; throws DerError when its structure is broken. */
export function parseCrlDer(der: Uint8Array): ParsedCrl {
  const [tbs, algorithm, signature] = readRawChildren(readRaw(der));
  if (tbs?.tag !== 0x30 || algorithm === undefined || signature === undefined) throw new DerError('not a CRL');
  const fields = readRawChildren(tbs);
  let index = fields[0]?.tag === 0x02 ? 1 : 0;
  index++; // inner signature algorithm
  const issuer = readName(fields[index++] as RawElement);
  const thisUpdate = readTime(fields[index++] as RawElement);
  let nextUpdate: number | undefined;
  if (fields[index]?.tag === 0x17 || fields[index]?.tag === 0x18) nextUpdate = readTime(fields[index++] as RawElement);
  const [algorithmOid, parameters] = readRawChildren(algorithm);
  const crl: ParsedCrl = {
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
    indirect: false,
    onlyUserCerts: false,
    onlyCaCerts: false,
    someReasonsOnly: false,
    distributionPointNames: [],
  };
  if (fields[index]?.tag === 0x30) crl.revoked = readEntries(fields[index++] as RawElement);
  if (fields[index]?.tag === 0xa0) readCrlExtensions(crl, fields[index] as RawElement);
  crl.isDelta = crl.extensions.has(CRL_EXT_DELTA_INDICATOR);
  crl.number = integerExtension(crl, CRL_EXT_NUMBER);
  crl.baseNumber = integerExtension(crl, CRL_EXT_DELTA_INDICATOR);
  const idp = crl.extensions.get(CRL_EXT_ISSUING_DISTRIBUTION_POINT)?.value;
  crl.indirect = idpFlag(idp, 0x84);
  crl.onlyUserCerts = idpFlag(idp, 0x81);
  crl.onlyCaCerts = idpFlag(idp, 0x82);
  crl.someReasonsOnly = idp !== undefined && readRawChildren(readRaw(idp)).some((field) => field.tag === 0x83);
  crl.distributionPointNames = idp === undefined ? [] : idpNames(idp);
  return crl;
}

function readEntries(list: RawElement): RevokedEntry[] {
  let currentIssuer: string | undefined;
  return readRawChildren(list).map((entry) => {
    const [serial, , extensions] = readRawChildren(entry);
    if (serial?.tag !== 0x02) throw new DerError('malformed revoked entry');
    let removeFromCrl = false;
    for (const extension of extensions === undefined ? [] : readRawChildren(extensions)) {
      const parts = readRawChildren(extension);
      const oid = readOid(parts[0]);
      const value = readRaw((parts[parts.length - 1] as RawElement).content);
      if (oid === CRL_ENTRY_EXT_REASON_CODE) removeFromCrl = value.tag === 0x0a && value.content[0] === 8;
      if (oid !== CRL_ENTRY_EXT_CERTIFICATE_ISSUER) continue;
      const directory = readRawChildren(value).find((name) => name.tag === 0xa4);
      if (directory !== undefined) currentIssuer = readName(readRawChildren(directory)[0] as RawElement).key;
    }
    return { serialHex: hexOf(serial.content), removeFromCrl, certificateIssuerKey: currentIssuer };
  });
}

function readCrlExtensions(crl: ParsedCrl, wrapper: RawElement): void {
  const [sequence] = readRawChildren(wrapper);
  for (const extension of readRawChildren(sequence as RawElement)) {
    const parts = readRawChildren(extension);
    const oid = readOid(parts[0]);
    const critical = parts.length === 3 ? readBoolean(parts[1] as RawElement) : false;
    if (crl.extensions.has(oid)) crl.defects.push(`duplicate CRL extension ${oid}`);
    crl.extensions.set(oid, { critical, value: (parts[parts.length - 1] as RawElement).content });
  }
}

// IssuingDistributionPoint distributionPoint [0] { fullName [0] GeneralNames }.
function idpNames(idp: Uint8Array): string[] {
  const point = readRawChildren(readRaw(idp)).find((field) => field.tag === 0xa0);
  const fullName = point === undefined ? undefined : readRawChildren(point).find((field) => field.tag === 0xa0);
  return fullName === undefined ? [] : readRawChildren(fullName).map((name) => hexOf(name.raw));
}

function integerExtension(crl: ParsedCrl, oid: string): bigint | undefined {
  const value = crl.extensions.get(oid)?.value;
  if (value === undefined) return undefined;
  try {
    return readUnsignedInteger(readRaw(value));
  } catch {
    crl.defects.push(`malformed CRL extension ${oid}`);
    return undefined;
  }
}

// IssuingDistributionPoint ::= SEQUENCE { onlyContainsUserCerts [1], onlyContainsCACerts [2],
// indirectCRL [4], … BOOLEAN DEFAULT FALSE }: true when the flag with this implicit tag is set.
function idpFlag(value: Uint8Array | undefined, tag: number): boolean {
  if (value === undefined) return false;
  return readRawChildren(readRaw(value)).some((field) => field.tag === tag && field.content[0] === 0xff);
}
