/**
 * Checks that link the certificates of a path: signatures and their algorithms, path length,
 * depth, name constraints, and what the leaf is for (EKU, keyUsage, the expected name).
 */
import type { ParsedCertificate } from '../x509/certificate.js';
import { isIgnoredAnchor, type PathContext, report, roleOf } from './context.js';
import * as ext from '../x509/extensions.js';
import {
  dnsNameMatches,
  isValidDnsName,
  sanMatchesEmail,
  sanMatchesHostname,
  sanMatchesIp,
} from '../x509/hostname-match.js';
import { constrainedNames, constraintsDefect, findConstraintViolation } from './name-constraints.js';
import { isSignedBy } from './signature.js';
import { attributeTexts, OID_COMMON_NAME } from '../x509/name.js';
import { ipToBytes } from '../lib/ip-address.js';

const EKU_SERVER = '1.3.6.1.5.5.7.3.1';
const EKU_CLIENT = '1.3.6.1.5.5.7.3.2';
export const EKU_ANY = '2.5.29.37.0';

/** basicConstraints pathLenConstraint (RFC 5280 §6.1.4 l–m) and the caller's maxDepth; self-issued CAs do not count. */
export function checkPathLength(context: PathContext): void {
  const { path } = context;
  let remaining = Number.POSITIVE_INFINITY;
  let depth = 0;
  const top = path.length - 1;
  for (let index = top; index >= 1; index--) {
    const certificate = path[index] as ParsedCertificate;
    const isAnchor = context.anchored && index === top;
    if (!isAnchor && !certificate.selfIssued) {
      if (remaining <= 0) {
        report(
          context,
          'ERR_CHAIN_PATH_LENGTH_EXCEEDED',
          index,
          `${roleOf(context, index)} exceeds a CA's pathLenConstraint`,
        );
      }
      remaining--;
      depth++;
    }
    const pathLen = isIgnoredAnchor(context, index) ? undefined : certificate.basicConstraints?.pathLen;
    if (pathLen !== undefined) remaining = Math.min(remaining, pathLen);
  }
  if (depth > context.maxDepth) {
    report(context, 'ERR_CHAIN_MAX_DEPTH', -1, `the path has ${depth} intermediates (maximum ${context.maxDepth})`);
  }
}

/** Every CA's name constraints against the certificates below it (self-issued intermediates excepted). */
export function checkNameConstraints(context: PathContext): void {
  const { path } = context;
  for (let caIndex = path.length - 1; caIndex >= 1; caIndex--) {
    const constraints = (path[caIndex] as ParsedCertificate).nameConstraints;
    if (constraints === undefined || isIgnoredAnchor(context, caIndex)) continue;
    const defect = constraintsDefect(constraints);
    if (defect !== undefined) {
      report(context, 'ERR_CHAIN_NAME_CONSTRAINTS', caIndex, `${roleOf(context, caIndex)}: ${defect}`);
      continue;
    }
    for (let index = caIndex - 1; index >= 0; index--) {
      const certificate = path[index] as ParsedCertificate;
      if (index > 0 && certificate.selfIssued) continue;
      const names = constrainedNames(certificate);
      // A CN the host name may fall back to must obey DNS constraints, or the fallback would bypass them.
      if (index === 0 && context.allowCommonNameFallback && !names.some((name) => name.kind === 'dns')) {
        for (const cn of attributeTexts(certificate.subject, OID_COMMON_NAME)) {
          if (isValidDnsName(cn, true)) names.push({ kind: 'dns', text: cn });
        }
      }
      const violation = findConstraintViolation(names, constraints);
      if (violation !== undefined) {
        const message = `${roleOf(context, index)}: ${violation} by ${roleOf(context, caIndex)}'s name constraints`;
        report(context, 'ERR_CHAIN_NAME_CONSTRAINTS', index, message);
      }
    }
  }
}

/** extendedKeyUsage and keyUsage of the leaf for the purpose. */
export function checkLeafPurpose(context: PathContext): void {
  if (context.purpose === 'any') return;
  const leaf = context.path[0] as ParsedCertificate;
  const wanted = context.purpose === 'server' ? EKU_SERVER : EKU_CLIENT;
  const usages = leaf.extendedKeyUsage;
  const anyAllowed = context.profile !== 'webpki';
  if (usages !== undefined && !usages.includes(wanted) && !(anyAllowed && usages.includes(EKU_ANY))) {
    report(
      context,
      'ERR_CHAIN_EXTENDED_KEY_USAGE',
      0,
      `leaf is not for TLS ${context.purpose} authentication (extendedKeyUsage)`,
    );
  }
  checkIntermediateUsages(context, wanted);
  // RFC 5280 leaves the leaf's keyUsage to the application; the Web PKI profile requires a TLS-capable one.
  if (context.profile !== 'webpki') return;
  const keyUsage = leaf.keyUsage;
  const signing = (1 << ext.KU_DIGITAL_SIGNATURE) | (1 << ext.KU_KEY_ENCIPHERMENT) | (1 << ext.KU_KEY_AGREEMENT);
  if (keyUsage !== undefined && (keyUsage & signing) === 0) {
    report(
      context,
      'ERR_CHAIN_KEY_USAGE',
      0,
      'leaf keyUsage allows neither digitalSignature, keyEncipherment nor keyAgreement',
    );
  }
}

// A CA whose extendedKeyUsage leaves out the purpose cannot vouch for it (the rule TLS clients
// apply, though RFC 5280 is silent): anyExtendedKeyUsage still passes.
function checkIntermediateUsages(context: PathContext, wanted: string): void {
  for (let index = 1; index < context.path.length; index++) {
    if (isIgnoredAnchor(context, index)) continue;
    const usages = (context.path[index] as ParsedCertificate).extendedKeyUsage;
    if (usages !== undefined && !usages.includes(wanted) && !usages.includes(EKU_ANY)) {
      report(
        context,
        'ERR_CHAIN_EXTENDED_KEY_USAGE',
        index,
        `${roleOf(context, index)}'s extendedKeyUsage excludes TLS ${context.purpose}`,
      );
    }
  }
}

/** The host name, IP address or email address the caller expects, against the leaf's SANs. */
export function checkExpectedName(context: PathContext): void {
  const leaf = context.path[0] as ParsedCertificate;
  const sans = leaf.subjectAltName ?? [];
  // A host name that is an IP literal (`https://10.0.0.5/`) is matched against iPAddress SANs, as TLS clients do.
  const hostIsIp = context.hostname !== undefined && ipToBytes(context.hostname) !== undefined;
  if (hostIsIp && !sanMatchesIp(sans, context.hostname as string)) {
    report(context, 'ERR_CHAIN_HOSTNAME_MISMATCH', 0, `leaf is not valid for IP address ${context.hostname}`);
  }
  if (context.hostname !== undefined && !hostIsIp && !sanMatchesHostname(sans, context.hostname)) {
    const noDnsSan = !sans.some((name) => name.kind === 'dns');
    const cns = attributeTexts(leaf.subject, OID_COMMON_NAME);
    const cnMatches =
      context.allowCommonNameFallback && noDnsSan && cns.some((cn) => dnsNameMatches(cn, context.hostname as string));
    if (!cnMatches)
      report(context, 'ERR_CHAIN_HOSTNAME_MISMATCH', 0, `leaf is not valid for host name ${context.hostname}`);
  }
  if (context.ip !== undefined && !sanMatchesIp(sans, context.ip)) {
    report(context, 'ERR_CHAIN_IP_MISMATCH', 0, `leaf is not valid for IP address ${context.ip}`);
  }
  if (context.email !== undefined && !sanMatchesEmail(sans, context.email)) {
    report(context, 'ERR_CHAIN_EMAIL_MISMATCH', 0, `leaf is not valid for email address ${context.email}`);
  }
}

/** A leaf that is itself a trust anchor proves nothing by the path; only a caller pinning it accepts it. */
export function checkLeafIsAnchor(context: PathContext): void {
  if (!context.anchored || context.path.length !== 1 || context.leafIsAnchor === 'accept') return;
  const message = "leaf is itself a trust anchor: pass leafIsAnchor 'accept' to pin it";
  report(context, 'ERR_CHAIN_LEAF_IS_ANCHOR', 0, message);
}

/** A path that does not end at a trust anchor: say whether a root was found but not trusted, or an issuer is missing. */
export function checkAnchored(context: PathContext): void {
  if (context.anchored) return;
  const top = context.path[context.path.length - 1] as ParsedCertificate;
  if (top.selfIssued && isSignedBy(top, top)) {
    report(
      context,
      'ERR_CHAIN_UNTRUSTED_ROOT',
      context.path.length - 1,
      'the path ends at a root that is not a trust anchor',
    );
  } else {
    const index = context.path.length - 1;
    report(
      context,
      'ERR_CHAIN_INTERMEDIATE_MISSING',
      index,
      missingIssuerMessage(context, top, roleOf(context, index)),
    );
  }
}

// Says why the search stopped at `top`: its issuer is already in the path (a loop), or no certificate
// by the issuer's name was given (the search tries every namesake, so one given but unusable is rare).
function missingIssuerMessage(context: PathContext, top: ParsedCertificate, role: string): string {
  const issuerName = `"${attributeTexts(top.issuer, OID_COMMON_NAME)[0] ?? 'its issuer'}"`;
  const named = context.pool.filter((candidate) => candidate.subject.key === top.issuer.key);
  const inPath = named.filter((candidate) => context.path.some((earlier) => earlier.id === candidate.id));
  if (inPath.some((candidate) => isSignedBy(top, candidate))) {
    return `${role} was issued by ${issuerName}, which is already in the path: the intermediates form a loop and none leads to a trust anchor`;
  }
  if (named.length > 0)
    return `no issuer found for ${role}: no certificate named ${issuerName} given can extend the path`;
  return `no issuer found for ${role}: ${issuerName} is neither among the intermediates nor a trust anchor`;
}
