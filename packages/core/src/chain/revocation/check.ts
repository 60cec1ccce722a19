/**
 * Revocation from caller-supplied CRLs (RFC 5280 §6.3, simplified): every certificate of the path but
 * the anchor needs a complete CRL from its issuer (same name, signature verified by the issuer's key,
 * current at the validation time; or an indirect CRL naming the issuer in its entries). Delta CRLs
 * add entries on top of a complete one. Without one, the certificate could not be checked.
 */
import type { ParsedCertificate } from '../../x509/certificate.js';
import { type PathContext, report, roleOf } from '../context.js';
import { CRL_EXT_DELTA_INDICATOR, CRL_EXT_NUMBER, type ParsedCrl } from './crl-parse.js';
import { hexOf } from '../../asn1/der-primitives.js';
import { KU_CRL_SIGN } from '../../x509/extensions.js';
import { isSignedBy, verifySignature } from '../signature.js';

const UNDERSTOOD_CRL_EXTENSIONS = new Set([
  CRL_EXT_NUMBER,
  CRL_EXT_DELTA_INDICATOR,
  '2.5.29.28',
  '2.5.29.35',
  '2.5.29.46',
]);

/** Checks each non-anchor certificate of the path against the CRLs. */
export function checkRevocation(context: PathContext): void {
  const crls = context.crls ?? [];
  const last = context.anchored ? context.path.length - 1 : context.path.length;
  for (let index = 0; index < last; index++) {
    const certificate = context.path[index] as ParsedCertificate;
    const issuer = context.path[index + 1];
    if (issuer === undefined) {
      report(context, 'ERR_CHAIN_CRL_MISSING', index, `${roleOf(context, index)}: no issuer to check a CRL against`);
      continue;
    }
    checkOne(context, index, certificate, issuer, crls);
  }
}

function checkOne(
  context: PathContext,
  index: number,
  certificate: ParsedCertificate,
  issuer: ParsedCertificate,
  crls: readonly ParsedCrl[],
): void {
  const role = roleOf(context, index);
  const relevant = crls.filter((crl) => covers(context, crl, certificate, issuer));
  const usable: ParsedCrl[] = [];
  for (const crl of relevant) {
    const defect = crlDefect(context, crl, issuer);
    if (defect === undefined) usable.push(crl);
    else report(context, 'ERR_CHAIN_CRL_INVALID', index, `${role}: the CRL from its issuer ${defect}`);
  }
  const complete = usable.filter((crl) => !crl.isDelta && !crl.someReasonsOnly);
  const partial = usable.filter((crl) => !crl.isDelta && crl.someReasonsOnly);
  const deltas = usable.filter((crl) => crl.isDelta);
  // Without a usable complete CRL the status is unknown, whatever else was found (a refused CRL
  // is reported above as ERR_CHAIN_CRL_INVALID).
  if (complete.length === 0) {
    report(context, 'ERR_CHAIN_CRL_MISSING', index, `${role}: no current complete CRL from its issuer`);
  }
  if (isRevoked(certificate, complete, deltas) || isRevoked(certificate, partial, [])) {
    report(context, 'ERR_CHAIN_REVOKED', index, `${role} is revoked`);
  }
}

// §5.2.4: a delta CRL applies on top of a complete CRL whose number is at least its base number;
// an entry with reason removeFromCRL takes a certificate off hold.
function isRevoked(certificate: ParsedCertificate, complete: ParsedCrl[], deltas: ParsedCrl[]): boolean {
  if (complete.length === 0) return false;
  const serial = hexOf(certificate.serial);
  const issuerKey = certificate.issuer.key;
  const entryOf = (crl: ParsedCrl) =>
    crl.revoked.find(
      (entry) => entry.serialHex === serial && (entry.certificateIssuerKey ?? crl.issuer.key) === issuerKey,
    );
  const newestComplete = complete.reduce((best, crl) => ((crl.number ?? 0n) > (best.number ?? 0n) ? crl : best));
  const applicable = deltas.filter(
    (delta) => delta.baseNumber !== undefined && delta.baseNumber <= (newestComplete.number ?? 0n),
  );
  const deltaEntry = applicable.map(entryOf).find((entry) => entry !== undefined);
  if (deltaEntry !== undefined) return !deltaEntry.removeFromCrl;
  return complete.some((crl) => entryOf(crl) !== undefined);
}

// A CRL speaks for the certificate when its issuer signed it, or when it is an indirect CRL, signed
// by a CA the caller supplied, whose entries name the certificate's issuer (RFC 5280 §5.3.3); and
// when its issuingDistributionPoint scope (end entities only, CAs only, distribution point names)
// includes the certificate.
function covers(
  context: PathContext,
  crl: ParsedCrl,
  certificate: ParsedCertificate,
  issuer: ParsedCertificate,
): boolean {
  const isCa = certificate.basicConstraints?.ca === true;
  if ((crl.onlyCaCerts && !isCa) || (crl.onlyUserCerts && isCa)) return false;
  // §6.3.3 (b)(2)(i): a CRL for named distribution points covers only certificates that name one of them.
  if (crl.distributionPointNames.length > 0) {
    const names = certificate.crlDistributionPointNames ?? [];
    if (!crl.distributionPointNames.some((name) => names.includes(name))) return false;
  }
  if (crl.issuer.key === certificate.issuer.key) return isSignedCrl(crl, issuer);
  if (!crl.indirect || !crl.revoked.some((entry) => entry.certificateIssuerKey === certificate.issuer.key))
    return false;
  return indirectSigners(context, crl).some((signer) => isSignedCrl(crl, signer));
}

// The signer of an indirect CRL must itself be vouched for: a certificate of the path (anchor
// included), or one that a certificate of the path issued. Its own path is not validated further.
function indirectSigners(context: PathContext, crl: ParsedCrl): ParsedCertificate[] {
  const named = context.pool.filter((candidate) => candidate.subject.key === crl.issuer.key);
  return named.filter(
    (candidate) =>
      context.path.includes(candidate) ||
      context.path.some((issuer) => issuer.subject.key === candidate.issuer.key && isSignedBy(candidate, issuer)),
  );
}

function isSignedCrl(crl: ParsedCrl, signer: ParsedCertificate): boolean {
  return verifySignature(crl.tbs, crl.signatureAlgorithm, crl.signature, signer);
}

function crlDefect(context: PathContext, crl: ParsedCrl, issuer: ParsedCertificate): string | undefined {
  if (crl.defects.length > 0) return crl.defects.join(', ');
  const number = crl.extensions.get(CRL_EXT_NUMBER);
  if (number === undefined) return 'has no cRLNumber (RFC 5280 §5.2.3)';
  if (number.critical) return 'marks cRLNumber critical';
  for (const [oid, extension] of crl.extensions) {
    if (extension.critical && !UNDERSTOOD_CRL_EXTENSIONS.has(oid)) return `has an unknown critical extension ${oid}`;
  }
  const signer =
    crl.issuer.key === issuer.subject.key ? issuer : context.pool.find((c) => c.subject.key === crl.issuer.key);
  if (signer?.keyUsage !== undefined && (signer.keyUsage & (1 << KU_CRL_SIGN)) === 0) {
    return 'is signed by a key without cRLSign (RFC 5280 §6.3.3 f)';
  }
  if (context.at < crl.thisUpdate) return 'is not yet current';
  if (crl.nextUpdate !== undefined && context.at > crl.nextUpdate) return 'is out of date';
  return undefined;
}
