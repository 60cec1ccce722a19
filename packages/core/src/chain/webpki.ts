/**
 * The CA/Browser Forum Baseline Requirements checks public-web TLS clients apply on top of RFC 5280
 * (profile `webpki`): key types and sizes, the subscriber certificate profile (EKU, SAN, CN), the
 * root's authority key identifier and extendedKeyUsage.
 */
import { bytesEqual } from '../lib/bytes.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import { type PathContext, report, roleOf } from './context.js';
import { readOid } from '../asn1/der.js';
import { readRaw, readRawChildren } from '../asn1/der-primitives.js';
import * as ext from '../x509/extensions.js';
import { attributeTexts, OID_COMMON_NAME } from '../x509/name.js';
import { bytesToIp } from '../lib/ip-address.js';
import { EKU_ANY } from './path-checks.js';
import { modulusBits } from './signature.js';
import { isListedPublicSuffix } from './public-suffix.js';

const OID_RSA = '1.2.840.113549.1.1.1';
const OID_RSA_PSS = '1.2.840.113549.1.1.10';
const OID_EC = '1.2.840.10045.2.1';
/** P-256, P-384, P-521 as named curves (BR §6.1.5, §7.1.3.1.2). */
const ALLOWED_CURVES = new Set(['1.2.840.10045.3.1.7', '1.3.132.0.34', '1.3.132.0.35']);

/** Runs the Web PKI checks on the whole path. */
export function checkWebPki(context: PathContext): void {
  context.path.forEach((certificate, index) => {
    checkKey(context, certificate, index);
    if (certificate.version !== 3)
      report(context, 'ERR_CHAIN_WEBPKI_PROFILE', index, `${roleOf(context, index)} is not version 3`);
    checkAuthorityInfoAccess(context, certificate, index);
  });
  checkSubscriber(context, context.path[0] as ParsedCertificate);
  if (context.anchored) checkRoot(context, context.path.length - 1);
}

function checkKey(context: PathContext, certificate: ParsedCertificate, index: number): void {
  const role = roleOf(context, index);
  const algorithm = certificate.spkiAlgorithm;
  if (algorithm === OID_RSA || algorithm === OID_RSA_PSS) {
    const bits = modulusBits(certificate);
    if (bits !== undefined && (bits < 2048 || bits % 8 !== 0)) {
      report(
        context,
        'ERR_CHAIN_WEBPKI_PROFILE',
        index,
        `${role} has an RSA key of ${bits} bits (at least 2048, a multiple of 8)`,
      );
    }
    return;
  }
  if (algorithm === OID_EC) {
    const curve = namedCurveOf(certificate.spki);
    if (curve === undefined || !ALLOWED_CURVES.has(curve)) {
      report(
        context,
        'ERR_CHAIN_WEBPKI_PROFILE',
        index,
        `${role} has an EC key that is not on P-256, P-384 or P-521 by name`,
      );
    }
    return;
  }
  report(
    context,
    'ERR_CHAIN_WEBPKI_PROFILE',
    index,
    `${role} has a key type (${algorithm}) the Baseline Requirements do not allow`,
  );
}

function namedCurveOf(spki: Uint8Array): string | undefined {
  try {
    const [algorithm] = readRawChildren(readRaw(spki));
    const [, parameters] = readRawChildren(algorithm as never);
    return parameters?.tag === 0x06 ? readOid(parameters) : undefined;
  } catch {
    return undefined;
  }
}

function checkAuthorityInfoAccess(context: PathContext, certificate: ParsedCertificate, index: number): void {
  const aia = certificate.extensions.get(ext.EXT_AUTHORITY_INFO_ACCESS);
  if (aia === undefined) return;
  try {
    const descriptions = readRawChildren(readRaw(aia.value));
    if (descriptions.length === 0) throw new Error('empty');
    for (const description of descriptions) {
      const [method, location] = readRawChildren(description);
      readOid(method);
      if (location === undefined) throw new Error('no location');
    }
  } catch {
    report(context, 'ERR_CHAIN_WEBPKI_PROFILE', index, `${roleOf(context, index)} has a malformed authorityInfoAccess`);
  }
}

function checkSubscriber(context: PathContext, leaf: ParsedCertificate): void {
  const problem = (message: string) => report(context, 'ERR_CHAIN_WEBPKI_PROFILE', 0, `leaf: ${message}`);
  const eku = leaf.extensions.get(ext.EXT_EXTENDED_KEY_USAGE);
  if (eku === undefined) problem('no extendedKeyUsage (BR §7.1.2.7.6)');
  else if (eku.critical) problem('critical extendedKeyUsage');
  if (leaf.extendedKeyUsage?.includes(EKU_ANY)) problem('anyExtendedKeyUsage (BR §7.1.2.7.6)');
  if (leaf.basicConstraints?.ca === true) problem('basicConstraints cA=TRUE in a subscriber certificate');
  const san = leaf.extensions.get(ext.EXT_SUBJECT_ALT_NAME);
  if (san === undefined) problem('no subjectAltName');
  else if (san.critical && leaf.subject.rdnKeys.length > 0) problem('critical subjectAltName with a non-empty subject');
  for (const name of leaf.subjectAltName ?? []) {
    if (name.kind !== 'dns' || !name.text.startsWith('*.')) continue;
    const suffix = name.text.slice(2).toLowerCase();
    const isPublicSuffix = context.isPublicSuffix ?? isListedPublicSuffix;
    if (!suffix.includes('.') || isPublicSuffix(suffix)) {
      problem(`wildcard "${name.text}" spans the public suffix ${suffix} (BR §3.2.2.6)`);
    }
  }
  for (const cn of attributeTexts(leaf.subject, OID_COMMON_NAME)) {
    if (!commonNameInSan(cn, leaf)) problem(`common name "${cn}" is not one of the subjectAltNames, as written there`);
  }
}

// BR §7.1.4.3: a CN repeats a SAN exactly: a DNS name byte for byte, an IP address in its canonical
// text. Leaves with a placeholder CN unrelated to their SANs are common and tolerated, so a CN is held
// to that rule when it looks like an IP address, is internationalised, differs from a SAN only in case,
// or names a sibling of a SAN (same parent domain) that no SAN covers.
function commonNameInSan(cn: string, leaf: ParsedCertificate): boolean {
  const sans = leaf.subjectAltName ?? [];
  const dnsNames = sans.flatMap((name) => (name.kind === 'dns' ? [name.text] : []));
  const exact = dnsNames.includes(cn) || sans.some((name) => name.kind === 'ip' && bytesToIp(name.bytes) === cn);
  if (exact) return true;
  const looksLikeIp = /^[0-9]/.test(cn) && /^[0-9a-fx.]+$/i.test(cn) ? true : cn.includes(':');
  const international = /[^\x20-\x7e]/.test(cn) || /(^|\.)xn--/i.test(cn);
  const caseVariant = dnsNames.some((name) => name.toLowerCase() === cn.toLowerCase());
  const parent = (name: string) => name.toLowerCase().split('.').slice(1).join('.');
  const sibling = dnsNames.some((name) => parent(name) === parent(cn) && parent(cn).includes('.'));
  return !(looksLikeIp || international || caseVariant || sibling);
}

function checkRoot(context: PathContext, index: number): void {
  const root = context.path[index] as ParsedCertificate;
  const problem = (message: string) => report(context, 'ERR_CHAIN_WEBPKI_PROFILE', index, `trust anchor: ${message}`);
  if (root.extendedKeyUsage !== undefined) problem('a root with extendedKeyUsage (BR §7.1.2.1.2)');
  const aki = root.authorityKeyId;
  if (aki === undefined) return;
  if (aki.keyId === undefined) problem('authorityKeyIdentifier without keyIdentifier');
  if (aki.hasIssuer || aki.hasSerial) problem('authorityKeyIdentifier with authorityCertIssuer or serial number');
  const ski = root.subjectKeyId;
  if (root.selfIssued && aki.keyId !== undefined && ski !== undefined && !bytesEqual(aki.keyId, ski)) {
    problem('authorityKeyIdentifier differs from its own subjectKeyIdentifier');
  }
}
