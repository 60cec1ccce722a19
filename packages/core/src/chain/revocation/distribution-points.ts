/**
 * Distribution points (RFC 5280 §4.2.1.13, §5.2.5): the certificate's cRLDistributionPoints, the
 * name forms both it and a CRL's issuingDistributionPoint use, and the comparable keys of those names.
 */
import { DerError, encodeElement, TAG_SEQUENCE, TAG_SET } from '../../asn1/der.js';
import { hexOf, type RawElement, readBitString, readRaw, readRawChildren } from '../../asn1/der-primitives.js';
import type { ParsedCertificate } from '../../x509/certificate.js';
import { EXT_CRL_DISTRIBUTION_POINTS } from '../../x509/extensions.js';
import { type ChainName, readName } from '../../x509/name.js';

/** ReasonFlags bits 1–8 (keyCompromise … aACompromise): what "all-reasons" means in §6.3.3. */
export const ALL_REASONS = 0x1fe;

/** DistributionPointName: full names (as name keys), or an RDN to append to an issuer's name. */
export type PointName = { full: string[] } | { relative: string };

/** One DistributionPoint of a certificate. */
export interface DistributionPoint {
  name: PointName | undefined;
  /** ReasonFlags as a mask (bit n = 1 << n); undefined when absent (all reasons). */
  reasons: number | undefined;
  /** cRLIssuer names as name keys; undefined when absent (the certificate's issuer issues the CRL). */
  crlIssuer: string[] | undefined;
  /** The first directoryName of cRLIssuer: what a relative name is appended to. */
  crlIssuerName: ChainName | undefined;
}

const parsedPoints = new WeakMap<ParsedCertificate, DistributionPoint[] | null>();

/**
 * The certificate's distribution points; undefined when it has no cRLDistributionPoints extension.
 * An unreadable extension yields an empty list: no CRL can then be matched to it by name.
 */
export function distributionPointsOf(certificate: ParsedCertificate): DistributionPoint[] | undefined {
  let points = parsedPoints.get(certificate);
  if (points === undefined) {
    const value = certificate.extensions.get(EXT_CRL_DISTRIBUTION_POINTS)?.value;
    points = value === undefined ? null : readDistributionPoints(value);
    parsedPoints.set(certificate, points);
  }
  return points ?? undefined;
}

function readDistributionPoints(value: Uint8Array): DistributionPoint[] {
  try {
    const sequence = readRaw(value);
    if (sequence.tag !== TAG_SEQUENCE) throw new DerError('cRLDistributionPoints must be a SEQUENCE');
    return readRawChildren(sequence).map(readDistributionPoint);
  } catch {
    return [];
  }
}

// DistributionPoint ::= SEQUENCE { distributionPoint [0] EXPLICIT DistributionPointName OPTIONAL,
//   reasons [1] IMPLICIT ReasonFlags OPTIONAL, cRLIssuer [2] IMPLICIT GeneralNames OPTIONAL }
function readDistributionPoint(point: RawElement): DistributionPoint {
  const result: DistributionPoint = {
    name: undefined,
    reasons: undefined,
    crlIssuer: undefined,
    crlIssuerName: undefined,
  };
  for (const field of readRawChildren(point)) {
    if (field.tag === 0xa0) result.name = readPointName(field);
    else if (field.tag === 0x81) result.reasons = readReasonFlags({ tag: 0x03, content: field.content });
    else if (field.tag === 0xa2) {
      const names = readRawChildren(field);
      result.crlIssuer = names.map(generalNameKey);
      const directory = names.find((name) => name.tag === 0xa4);
      if (directory !== undefined) result.crlIssuerName = readName(readRawChildren(directory)[0] as RawElement);
    } else throw new DerError('unexpected field in DistributionPoint');
  }
  return result;
}

/** DistributionPointName inside its explicit [0] wrapper: fullName [0] or nameRelativeToCRLIssuer [1]. */
export function readPointName(wrapper: RawElement): PointName {
  const [choice, extra] = readRawChildren(wrapper);
  if (choice === undefined || extra !== undefined) throw new DerError('malformed DistributionPointName');
  if (choice.tag === 0xa0) return { full: readRawChildren(choice).map(generalNameKey) };
  if (choice.tag === 0xa1) return { relative: rdnKey(choice.content) };
  throw new DerError('unexpected DistributionPointName');
}

/** ReasonFlags (a BIT STRING) as a mask, bit n = 1 << n. */
export function readReasonFlags(element: { tag: number; content: Uint8Array }): number {
  const { bytes } = readBitString(element);
  let mask = 0;
  for (let bit = 0; bit < Math.min(bytes.byteLength * 8, 9); bit++) {
    if ((((bytes[bit >> 3] as number) >> (7 - (bit & 7))) & 1) === 1) mask |= 1 << bit;
  }
  return mask;
}

/**
 * A comparable key for a GeneralName: directory names by their normalised RDNs (so that string
 * types and case do not matter), URIs by text, anything else by its exact encoding.
 */
export function generalNameKey(name: RawElement): string {
  if (name.tag === 0xa4) return directoryNameKey(readName(readRawChildren(name)[0] as RawElement));
  if (name.tag === 0x86) return `uri:${Buffer.from(name.content).toString('latin1')}`;
  return `raw:${hexOf(name.raw)}`;
}

/** The key of a directory name, as generalNameKey gives for a directoryName. */
export function directoryNameKey(name: ChainName): string {
  return `dn:${name.key}`;
}

/** The keys of a distribution point name: full names as they are, a relative name appended to `base`. */
export function pointNameKeys(name: PointName, base: ChainName | undefined): string[] {
  if ('full' in name) return name.full;
  if (base === undefined) return [];
  return [`dn:${JSON.stringify([...base.rdnKeys, name.relative])}`];
}

// The key ChainName gives one RDN, from the content of a [1] IMPLICIT RelativeDistinguishedName.
function rdnKey(content: Uint8Array): string {
  const name = readName(readRaw(encodeElement(TAG_SEQUENCE, encodeElement(TAG_SET, content))));
  const [key, extra] = name.rdnKeys;
  if (key === undefined || extra !== undefined) throw new DerError('malformed RelativeDistinguishedName');
  return key;
}
