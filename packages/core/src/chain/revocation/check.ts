/**
 * Revocation of every certificate of the path but the anchor. An OCSP response that answers for the
 * certificate decides first (RFC 6960; see ocsp-check.ts). Otherwise the CRLs, RFC 5280 §6.3.3: its distribution points (or its issuer, when it names none) are matched with the complete
 * CRLs in scope; each usable one, with the delta CRLs built on it, is checked for the certificate,
 * and the reasons it covers are added up until all reasons are covered or the certificate is found
 * revoked. A CRL is usable when it is current, has no unknown critical extension, and its signer's
 * certificate is valid on a path to the same trust anchor with cRLSign (a separate CRL-signing key
 * and CA key rollover included). "Undetermined" (ERR_CHAIN_CRL_MISSING) stays distinct from revoked.
 */
import type { ParsedCertificate } from '../../x509/certificate.js';
import { type PathContext, report, roleOf } from '../context.js';
import type { ChainProblemCode } from '../types.js';
import type { ParsedCrl, RevokedEntry } from './crl-parse.js';
import { CRL_EXT_NUMBER, REASON_REMOVE_FROM_CRL } from './crl-parse.js';
import { crlCovers, deltaApplies, entryFor, ISSUER_AS_DISTRIBUTION_POINT, interimReasons } from './crl-scope.js';
import { crlSigner } from './crl-signer.js';
import { ALL_REASONS, distributionPointsOf } from './distribution-points.js';
import { answersFor, judgeOcspResponse, type OcspFinding } from './ocsp-check.js';

/** The revocation status of one certificate, and what decided it. */
export interface RevocationFinding {
  status: 'good' | 'revoked' | 'undetermined';
  /** The CRLs (by issuer and number) or OCSP responses that decided, or why none could. */
  source: string;
}

/** Checks each non-anchor certificate of the path; returns one finding per certificate checked. */
export function checkRevocation(context: PathContext): Map<number, RevocationFinding> {
  const findings = new Map<number, RevocationFinding>();
  const last = context.anchored ? context.path.length - 1 : context.path.length;
  for (let index = 0; index < last; index++) {
    const certificate = context.path[index] as ParsedCertificate;
    // Its status is being determined further out (a CRL signer's own certificate, §6.3.3 f).
    if (context.revocationStack.includes(certificate.id)) continue;
    findings.set(index, checkCertificate(context, index, certificate));
  }
  return findings;
}

interface Undetermined {
  problems: { code: ChainProblemCode; message: string }[];
  why: string;
}

function checkCertificate(context: PathContext, index: number, certificate: ParsedCertificate): RevocationFinding {
  const role = roleOf(context, index);
  const issuer = context.path[index + 1];
  const ocsp = issuer === undefined ? undefined : ocspStatus(context, certificate, issuer);
  if (ocsp?.decided !== undefined) {
    const { finding, source } = ocsp.decided;
    if (finding.status === 'good') return { status: 'good', source };
    report(context, 'ERR_CHAIN_REVOKED', index, `${role} is ${finding.problem?.message ?? 'revoked'}, ${source}`);
    return { status: 'revoked', source };
  }
  const undetermined: Undetermined = { problems: [...(ocsp?.problems ?? [])], why: '' };
  if (context.crls !== undefined) {
    const outcome = crlStatus(context, certificate);
    if (outcome.revoked !== undefined) {
      const { crl, entry } = outcome.revoked;
      report(context, 'ERR_CHAIN_REVOKED', index, `${role} is revoked (${describeEntry(entry)}, ${describeCrl(crl)})`);
      return { status: 'revoked', source: describeCrl(crl) };
    }
    if (outcome.reasons === ALL_REASONS) return { status: 'good', source: outcome.used.map(describeCrl).join('; ') };
    for (const refusal of outcome.refusals)
      undetermined.problems.push({ code: 'ERR_CHAIN_CRL_INVALID', message: refusal });
    undetermined.why =
      outcome.reasons === 0
        ? 'no current CRL in scope from its issuer or distribution points'
        : 'the CRLs in scope cover only some revocation reasons';
    undetermined.problems.push({
      code: 'ERR_CHAIN_CRL_MISSING',
      message: `revocation status undetermined: ${undetermined.why}`,
    });
  } else {
    undetermined.why = ocsp?.problems.length ? 'no usable OCSP response for it' : 'no CRL or OCSP response for it';
    undetermined.problems.push({
      code: 'ERR_CHAIN_REVOCATION_UNDETERMINED',
      message: `revocation status undetermined: ${undetermined.why}`,
    });
  }
  // soft-fail: an undetermined status is accepted; the finding still says why.
  if (context.revocationMode === 'hard-fail') {
    for (const problem of undetermined.problems) report(context, problem.code, index, `${role}: ${problem.message}`);
  }
  return { status: 'undetermined', source: undetermined.why };
}

// The OCSP responses that answer for this certificate: the first good or revoked one decides.
function ocspStatus(
  context: PathContext,
  certificate: ParsedCertificate,
  issuer: ParsedCertificate,
): {
  decided: { finding: OcspFinding; source: string } | undefined;
  problems: { code: ChainProblemCode; message: string }[];
} {
  const problems: { code: ChainProblemCode; message: string }[] = [];
  for (const [position, response] of context.ocspResponses.entries()) {
    if (!answersFor(response, certificate, issuer)) continue;
    const finding = judgeOcspResponse(response, certificate, issuer, context.at, {
      clockSkewSeconds: context.ocspClockSkewSeconds,
    });
    const source = `OCSP response ${position} signed by ${finding.signer === 'delegated' ? 'a delegated responder' : 'its issuer'}`;
    if (finding.status === 'good' || finding.status === 'revoked') return { decided: { finding, source }, problems };
    if (finding.problem !== undefined)
      problems.push({ code: finding.problem.code, message: `${finding.problem.message} (OCSP response ${position})` });
  }
  return { decided: undefined, problems };
}

interface CrlOutcome {
  revoked: { crl: ParsedCrl; entry: RevokedEntry } | undefined;
  /** The reasons covered so far (§6.3.3 reasons_mask). */
  reasons: number;
  used: ParsedCrl[];
  /** Why CRLs in scope could not be used. */
  refusals: string[];
}

function crlStatus(context: PathContext, certificate: ParsedCertificate): CrlOutcome {
  const outcome: CrlOutcome = { revoked: undefined, reasons: 0, used: [], refusals: [] };
  const all = context.crls ?? [];
  // Newest first, so that of two complete CRLs with the same scope the newer one decides.
  const complete = all.filter((crl) => !crl.isDelta).sort(newestFirst);
  const points = distributionPointsOf(certificate) ?? [ISSUER_AS_DISTRIBUTION_POINT];
  const usedScopes = new Set<string>();
  for (const point of points) {
    for (const crl of complete) {
      if (outcome.reasons === ALL_REASONS || outcome.revoked !== undefined) return outcome;
      if (!crlCovers(crl, point, certificate)) continue;
      const interim = interimReasons(crl, point);
      if ((interim & ~outcome.reasons) === 0) continue;
      const scope = `${crl.issuer.key}|${crl.idp === undefined ? '' : Buffer.from(crl.idp.raw).toString('hex')}`;
      if (usedScopes.has(scope)) continue;
      const defect = crlDefect(context, crl);
      if (defect !== undefined) {
        outcome.refusals.push(`${describeCrl(crl)} ${defect}`);
        continue;
      }
      const signer = crlSigner(context, crl, certificate);
      if (signer.certificate === undefined) {
        outcome.refusals.push(`${describeCrl(crl)} ${signer.why}`);
        continue;
      }
      usedScopes.add(scope);
      outcome.used.push(crl);
      const deltas = all
        .filter((delta) => deltaApplies(delta, crl) && crlDefect(context, delta) === undefined)
        .filter((delta) => crlSigner(context, delta, certificate).certificate === signer.certificate)
        .sort(newestFirst);
      const revoked = revocationEntry(certificate, crl, deltas);
      if (revoked !== undefined) outcome.revoked = revoked;
      else outcome.reasons |= interim;
    }
  }
  return outcome;
}

// §6.3.3 (i)–(k): the newest applicable delta CRL speaks first (removeFromCRL takes a certificate
// off hold); otherwise the complete CRL's entry.
function revocationEntry(
  certificate: ParsedCertificate,
  complete: ParsedCrl,
  deltas: readonly ParsedCrl[],
): { crl: ParsedCrl; entry: RevokedEntry } | undefined {
  for (const delta of deltas) {
    const entry = entryFor(delta, certificate);
    if (entry === undefined) continue;
    return entry.reason === REASON_REMOVE_FROM_CRL ? undefined : { crl: delta, entry };
  }
  const entry = entryFor(complete, certificate);
  if (entry === undefined || entry.reason === REASON_REMOVE_FROM_CRL) return undefined;
  return { crl: complete, entry };
}

// Why a CRL cannot be used at the validation time, or undefined when it can.
function crlDefect(context: PathContext, crl: ParsedCrl): string | undefined {
  if (crl.defects.length > 0) return listOfDefects(crl.defects);
  if (context.at < crl.thisUpdate) return 'is not yet current';
  if (crl.nextUpdate !== undefined && context.at > crl.nextUpdate) return 'is out of date';
  if (context.profile === 'rfc5280') return undefined;
  // §5.2.3 binds CRL issuers: a cRLNumber in every CRL, never critical.
  const number = crl.extensions.get(CRL_EXT_NUMBER);
  if (number === undefined) return 'has no cRLNumber (RFC 5280 §5.2.3)';
  if (number.critical) return 'marks cRLNumber critical';
  return undefined;
}

/** Defects shown of one CRL; a list repeating one extension thousands of times says so once. */
const MAX_DEFECTS_SHOWN = 3;

function listOfDefects(defects: readonly string[]): string {
  const distinct = [...new Set(defects)];
  const more = distinct.length - MAX_DEFECTS_SHOWN;
  return `${distinct.slice(0, MAX_DEFECTS_SHOWN).join(', ')}${more > 0 ? ` and ${more} more defect${more > 1 ? 's' : ''}` : ''}`;
}

function newestFirst(a: ParsedCrl, b: ParsedCrl): number {
  const byNumber = (b.number ?? -1n) - (a.number ?? -1n);
  if (byNumber !== 0n) return byNumber > 0n ? 1 : -1;
  return b.thisUpdate - a.thisUpdate;
}

const REASON_NAMES = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'unknown reason 7',
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
];

function describeEntry(entry: RevokedEntry): string {
  const reason = entry.reason === undefined ? '' : `, reason ${REASON_NAMES[entry.reason] ?? entry.reason}`;
  return `since ${new Date(entry.revocationDate).toISOString()}${reason}`;
}

/** `the CRL of "CN" number 3`: names a CRL in messages and findings. */
export function describeCrl(crl: ParsedCrl): string {
  const cn = crl.issuer.attributes.find((attribute) => attribute.oid === '2.5.4.3')?.text;
  const kind = crl.isDelta ? 'delta CRL' : 'CRL';
  const number = crl.number === undefined ? '' : ` number ${crl.number}`;
  return `the ${kind} of "${cn ?? 'its issuer'}"${number}`;
}
