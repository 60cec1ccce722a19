/**
 * Checks on one certificate of a path that need nothing from its neighbours: encoding defects,
 * validity at the validation time, critical extensions, the CA profile of RFC 5280 §4.2.1.
 * RFC 5280 puts some rules on the issuing CA only ("conforming CAs MUST mark … critical"); its
 * validation algorithm (§6.1) does not check them. Profile `rfc5280` follows §6; `strict` and
 * `webpki` also hold each certificate to those issuance rules (see enforcesIssuanceRules).
 */
import type { ParsedCertificate } from '../x509/certificate.js';
import { UNDERSTOOD_EXTENSIONS } from '../x509/certificate.js';
import { isIgnoredAnchor, type PathContext, report, roleOf } from './context.js';
import { unknownPolicyQualifier } from './policy-qualifiers.js';
import * as ext from '../x509/extensions.js';
import { isValidDnsName, splitMailbox } from '../x509/hostname-match.js';
import { isSignedBy } from './signature.js';

/** Runs every single-certificate check on the certificate at `index`. */
export function checkCertificate(context: PathContext, index: number): void {
  const certificate = context.path[index] as ParsedCertificate;
  const role = roleOf(context, index);
  const isAnchor = context.anchored && index === context.path.length - 1;
  // RFC 5280 §6.1 uses only the anchor's name and key; RFC 5937 (the default) applies the rest too.
  if (isIgnoredAnchor(context, index)) return;
  // A trust anchor is taken as given, unless it is the very certificate being validated. Serial
  // number rules bind the CA (§4.1.2.2 asks relying parties to handle such serials gracefully).
  const serialRules = enforcesIssuanceRules(context) && !(isAnchor && index > 0);
  const defects = serialRules ? [...certificate.defects, ...certificate.serialDefects] : certificate.defects;
  // Each defect once: a certificate repeating one extension a thousand times has one problem with it.
  for (const defect of new Set(defects)) report(context, 'ERR_CHAIN_MALFORMED', index, `${role}: ${defect}`);
  checkValidity(context, certificate, index, role, isAnchor && index > 0);
  checkPolicyQualifiers(context, certificate, index, role);
  checkCriticalExtensions(context, certificate, index, role);
  checkNames(context, certificate, index, role);
  if (enforcesIssuanceRules(context)) checkKeyIdentifiers(context, certificate, index, role, isAnchor);
  if (index > 0) checkCaProfile(context, certificate, index, role, isAnchor);
  else checkLeafProfile(context, certificate, role);
}

function checkValidity(
  context: PathContext,
  certificate: ParsedCertificate,
  index: number,
  role: string,
  isAnchor: boolean,
): void {
  if (context.at < certificate.notBefore) {
    report(context, 'ERR_CHAIN_NOT_YET_VALID', index, `${role} is not valid before ${iso(certificate.notBefore)}`);
  }
  if (context.at > certificate.notAfter) {
    // Said apart: renewing the root in the trust store is another remedy than renewing a certificate.
    const code = isAnchor ? 'ERR_CHAIN_ANCHOR_EXPIRED' : 'ERR_CHAIN_EXPIRED';
    report(context, code, index, `${role} expired at ${iso(certificate.notAfter)}`);
  }
}

// RFC 5280 §4.2.1.4: a critical certificatePolicies must be understood, qualifiers included; the
// only qualifiers defined are CPS pointers and user notices.
function checkPolicyQualifiers(
  context: PathContext,
  certificate: ParsedCertificate,
  index: number,
  role: string,
): void {
  const extension = certificate.extensions.get(ext.EXT_CERTIFICATE_POLICIES);
  if (extension?.critical !== true) return;
  const unknown = unknownPolicyQualifier(extension.value);
  if (unknown !== undefined) {
    const message = `${role} has a critical certificatePolicies with an unknown policy qualifier ${unknown}`;
    report(context, 'ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION', index, message);
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function checkCriticalExtensions(
  context: PathContext,
  certificate: ParsedCertificate,
  index: number,
  role: string,
): void {
  for (const [oid, extension] of certificate.extensions) {
    if (extension.critical && !UNDERSTOOD_EXTENSIONS.has(oid)) {
      report(
        context,
        'ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION',
        index,
        `${role} has an unknown critical extension ${oid}`,
      );
    }
  }
  if (!enforcesIssuanceRules(context)) return;
  // RFC 5280 §4.2.1.1, §4.2.1.2, §4.2.2.1: conforming CAs mark these non-critical.
  for (const oid of [ext.EXT_AUTHORITY_KEY_ID, ext.EXT_SUBJECT_KEY_ID, ext.EXT_AUTHORITY_INFO_ACCESS]) {
    if (certificate.extensions.get(oid)?.critical === true) {
      report(context, 'ERR_CHAIN_INVALID_EXTENSION', index, `${role} marks extension ${oid} critical`);
    }
  }
  // §4.2.1.11: conforming CAs mark policyConstraints critical.
  if (certificate.extensions.get(ext.EXT_POLICY_CONSTRAINTS)?.critical === false) {
    report(context, 'ERR_CHAIN_INVALID_EXTENSION', index, `${role} has a non-critical policyConstraints extension`);
  }
}

function checkNames(context: PathContext, certificate: ParsedCertificate, index: number, role: string): void {
  if (certificate.issuer.rdnKeys.length === 0)
    report(context, 'ERR_CHAIN_MALFORMED', index, `${role} has an empty issuer`);
  const san = certificate.extensions.get(ext.EXT_SUBJECT_ALT_NAME);
  // §4.1.2.6 and §4.2.1.6: a CA issuing a certificate with an empty subject includes a SAN, marked critical.
  if (enforcesIssuanceRules(context) && certificate.subject.rdnKeys.length === 0 && !san?.critical) {
    const what = san === undefined ? 'no SAN' : 'a non-critical SAN';
    report(context, 'ERR_CHAIN_INVALID_EXTENSION', index, `${role} has an empty subject and ${what}`);
  }
  for (const name of certificate.subjectAltName ?? []) {
    const bad =
      (name.kind === 'dns' && !isValidDnsName(name.text, true)) ||
      (name.kind === 'dns' && /^[0-9.]+$/.test(name.text)) ||
      (name.kind === 'ip' && name.bytes.byteLength !== 4 && name.bytes.byteLength !== 16) ||
      (name.kind === 'email' && splitMailbox(name.text) === undefined);
    if (bad) report(context, 'ERR_CHAIN_INVALID_EXTENSION', index, `${role} has a malformed ${name.kind} SAN`);
  }
}

function checkKeyIdentifiers(
  context: PathContext,
  certificate: ParsedCertificate,
  index: number,
  role: string,
  isAnchor: boolean,
): void {
  // RFC 5280 §4.2.1.1 exempts only a CA's "self-signed" certificate, the one its own key signs. A trust
  // anchor signed by another CA (a cross-signed root) is held to the rule; one whose names differ but
  // whose own key signs it is still the CA distributing its key, and keeps the exemption.
  const lacksAki = certificate.authorityKeyId?.keyId === undefined;
  if (lacksAki && !((isAnchor || certificate.selfIssued) && isSignedBy(certificate, certificate))) {
    report(context, 'ERR_CHAIN_INVALID_EXTENSION', index, `${role} lacks an authority key identifier`);
  }
  if (index > 0 && certificate.subjectKeyId === undefined) {
    report(context, 'ERR_CHAIN_INVALID_EXTENSION', index, `${role} is a CA without a subject key identifier`);
  }
}

function checkCaProfile(
  context: PathContext,
  certificate: ParsedCertificate,
  index: number,
  role: string,
  isAnchor: boolean,
): void {
  const basic = certificate.basicConstraints;
  // §6.1.4 (k) holds certificates 1 to n-1; the trust anchor is not one of them. An anchor certificate
  // without basicConstraints (a version 1 root) carries no constraint to enforce (RFC 5937); only the
  // issuance rule of §4.2.1.9 (profiles strict and webpki) requires the extension.
  const unconstrainedAnchor = isAnchor && basic === undefined && !enforcesIssuanceRules(context);
  if (!unconstrainedAnchor && (certificate.version !== 3 || basic === undefined || !basic.ca)) {
    report(context, 'ERR_CHAIN_NOT_CA', index, `${role} is not a CA (no basicConstraints cA=TRUE)`);
  } else if (
    enforcesIssuanceRules(context) &&
    certificate.extensions.get(ext.EXT_BASIC_CONSTRAINTS)?.critical !== true
  ) {
    report(context, 'ERR_CHAIN_INVALID_EXTENSION', index, `${role} has a non-critical basicConstraints extension`);
  }
  if (certificate.keyUsage !== undefined && (certificate.keyUsage & (1 << ext.KU_KEY_CERT_SIGN)) === 0) {
    report(context, 'ERR_CHAIN_KEY_USAGE', index, `${role} may not sign certificates (keyUsage lacks keyCertSign)`);
  }
  if (certificate.subject.rdnKeys.length === 0)
    report(context, 'ERR_CHAIN_MALFORMED', index, `${role} has an empty subject`);
  const nc = certificate.extensions.get(ext.EXT_NAME_CONSTRAINTS);
  // §4.2.1.10: conforming CAs mark nameConstraints critical (the Web PKI allows it non-critical).
  if (nc !== undefined && !nc.critical && context.profile === 'strict') {
    report(context, 'ERR_CHAIN_INVALID_EXTENSION', index, `${role} has a non-critical nameConstraints extension`);
  }
}

function checkLeafProfile(context: PathContext, certificate: ParsedCertificate, role: string): void {
  const isCa = certificate.basicConstraints?.ca === true;
  if (!isCa && certificate.keyUsage !== undefined && (certificate.keyUsage & (1 << ext.KU_KEY_CERT_SIGN)) !== 0) {
    report(context, 'ERR_CHAIN_KEY_USAGE', 0, `${role} has keyCertSign but is not a CA`);
  }
  if (!isCa && certificate.extensions.has(ext.EXT_NAME_CONSTRAINTS)) {
    report(context, 'ERR_CHAIN_INVALID_EXTENSION', 0, `${role} has nameConstraints but is not a CA`);
  }
}

/** True under the profiles that hold certificates to RFC 5280's rules for issuing CAs (`strict`, `webpki`). */
export function enforcesIssuanceRules(context: PathContext): boolean {
  return context.profile !== 'rfc5280';
}
