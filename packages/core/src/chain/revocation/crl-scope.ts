/**
 * Which CRLs speak for a certificate, RFC 5280 §6.3.3 (b)–(e): the CRL issuer against the
 * distribution point's cRLIssuer or the certificate's issuer, the issuingDistributionPoint scope,
 * a delta CRL against its complete CRL, and the reasons a CRL covers.
 */
import { bytesEqual } from '../../lib/bytes.js';
import type { ParsedCertificate } from '../../x509/certificate.js';
import type { ParsedCrl, RevokedEntry } from './crl-parse.js';
import { ALL_REASONS, type DistributionPoint, directoryNameKey, pointNameKeys } from './distribution-points.js';

/** What a certificate without cRLDistributionPoints is checked against: its issuer's CRLs, all reasons. */
export const ISSUER_AS_DISTRIBUTION_POINT: DistributionPoint = {
  name: undefined,
  reasons: undefined,
  crlIssuer: undefined,
  crlIssuerName: undefined,
};

/** §6.3.3 (b): true when the complete CRL's issuer and scope cover the certificate through `point`. */
export function crlCovers(crl: ParsedCrl, point: DistributionPoint, certificate: ParsedCertificate): boolean {
  return issuerMatches(crl, point, certificate) && scopeMatches(crl, point, certificate);
}

// (b)(1): with cRLIssuer, the CRL is that issuer's and must say it is indirect; otherwise the
// certificate's issuer issued it.
function issuerMatches(crl: ParsedCrl, point: DistributionPoint, certificate: ParsedCertificate): boolean {
  if (point.crlIssuer !== undefined) {
    return crl.idp?.indirect === true && point.crlIssuer.includes(directoryNameKey(crl.issuer));
  }
  return crl.issuer.key === certificate.issuer.key;
}

// (b)(2): the issuingDistributionPoint's names, certificate kinds and attribute-certificate flag.
function scopeMatches(crl: ParsedCrl, point: DistributionPoint, certificate: ParsedCertificate): boolean {
  const idp = crl.idp;
  if (idp === undefined) return true;
  if (idp.point !== undefined) {
    const crlNames = pointNameKeys(idp.point, crl.issuer);
    const certificateNames =
      point.name === undefined
        ? (point.crlIssuer ?? [])
        : pointNameKeys(
            point.name,
            point.crlIssuerName ?? (point.crlIssuer === undefined ? certificate.issuer : undefined),
          );
    if (!crlNames.some((name) => certificateNames.includes(name))) return false;
  }
  const isCa = certificate.basicConstraints?.ca === true;
  if (idp.onlyUserCerts && isCa) return false;
  if (idp.onlyCaCerts && !isCa) return false;
  return !idp.onlyAttributeCerts;
}

/** §6.3.3 (d): the reasons this CRL covers for the certificate through `point`. */
export function interimReasons(crl: ParsedCrl, point: DistributionPoint): number {
  return (crl.idp?.onlySomeReasons ?? ALL_REASONS) & (point.reasons ?? ALL_REASONS) & ALL_REASONS;
}

/**
 * §6.3.3 (c) and §5.2.4: a delta CRL applies to a complete CRL when it has the same issuer,
 * issuingDistributionPoint and authority key identifier, builds on that CRL or an earlier one, and
 * is newer than it.
 */
export function deltaApplies(delta: ParsedCrl, complete: ParsedCrl): boolean {
  if (!delta.isDelta || delta.baseNumber === undefined || complete.number === undefined) return false;
  if (delta.issuer.key !== complete.issuer.key) return false;
  if (!sameOptionalBytes(delta.idp?.raw, complete.idp?.raw)) return false;
  if (!sameOptionalBytes(delta.authorityKeyId, complete.authorityKeyId)) return false;
  return delta.baseNumber <= complete.number && (delta.number === undefined || delta.number > complete.number);
}

function sameOptionalBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return bytesEqual(a, b);
}

const entryIndexes = new WeakMap<ParsedCrl, Map<string, RevokedEntry[]>>();

/** The CRL's entry for the certificate (same serial, and the entry's certificate issuer is its issuer). */
export function entryFor(crl: ParsedCrl, certificate: ParsedCertificate): RevokedEntry | undefined {
  let index = entryIndexes.get(crl);
  if (index === undefined) {
    index = new Map();
    for (const entry of crl.revoked) {
      const list = index.get(entry.serialHex);
      if (list === undefined) index.set(entry.serialHex, [entry]);
      else list.push(entry);
    }
    entryIndexes.set(crl, index);
  }
  const issuerKey = directoryNameKey(certificate.issuer);
  const serialHex = Buffer.from(certificate.serial).toString('hex');
  return index.get(serialHex)?.find((entry) => entry.issuerKeys.includes(issuerKey));
}
