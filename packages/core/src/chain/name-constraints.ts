/**
 * Name constraints (RFC 5280 §4.2.1.10, §6.1.3 b–c): a name is rejected when it lies in an excluded
 * subtree, or when the CA permits subtrees of its kind and it lies in none of them. DNS, iPAddress,
 * rfc822Name, directoryName and URI constraints are evaluated; a wildcard DNS name is rejected by an
 * exclusion it could expand into (RFC 9525 reading, CVE-2025-61727).
 */
import type { ParsedCertificate } from '../x509/certificate.js';
import type { GeneralSubtree, NameConstraints } from '../x509/extensions.js';
import type { GeneralName } from '../x509/general-names.js';
import { type ChainName, isNamePrefix, OID_EMAIL_ADDRESS } from '../x509/name.js';
import { splitMailbox } from '../x509/hostname-match.js';

/** Above this many name × constraint comparisons the certificate is refused instead of checked. */
const MAX_COMPARISONS = 1 << 20;

/** Why the constraints themselves cannot be used, or undefined when they are well formed. */
export function constraintsDefect(constraints: NameConstraints): string | undefined {
  for (const subtree of [...constraints.permitted, ...constraints.excluded]) {
    if (!subtree.plain) return 'name constraint with minimum or maximum';
    const defect = baseDefect(subtree.base);
    if (defect !== undefined) return defect;
  }
  return undefined;
}

function baseDefect(base: GeneralName): string | undefined {
  switch (base.kind) {
    case 'dns':
      return base.text === '' || /^[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(base.text)
        ? undefined
        : `malformed dNSName constraint "${base.text}"`;
    case 'ip':
      return isCidr(base.bytes) ? undefined : 'iPAddress constraint is not an address and a contiguous mask';
    case 'email':
      return (base.text.match(/@/g)?.length ?? 0) > 1 ? `malformed rfc822Name constraint "${base.text}"` : undefined;
    default:
      return undefined;
  }
}

function isCidr(bytes: Uint8Array): boolean {
  if (bytes.byteLength !== 8 && bytes.byteLength !== 32) return false;
  const mask = bytes.subarray(bytes.byteLength / 2);
  let seenZero = false;
  for (const byte of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      const set = ((byte >> bit) & 1) === 1;
      if (set && seenZero) return false;
      if (!set) seenZero = true;
    }
  }
  return true;
}

/** The names of a certificate that name constraints apply to. */
export function constrainedNames(certificate: ParsedCertificate): GeneralName[] {
  const names: GeneralName[] = [...(certificate.subjectAltName ?? [])];
  if (certificate.subject.rdnKeys.length > 0) names.push({ kind: 'dn', name: certificate.subject });
  for (const attribute of certificate.subject.attributes) {
    if (attribute.oid === OID_EMAIL_ADDRESS && attribute.text !== undefined)
      names.push({ kind: 'email', text: attribute.text });
  }
  return names;
}

/** The first name the constraints reject, with the reason, or undefined when all pass. */
export function findConstraintViolation(
  names: readonly GeneralName[],
  constraints: NameConstraints,
): string | undefined {
  if (names.length * (constraints.permitted.length + constraints.excluded.length) > MAX_COMPARISONS) {
    return 'too many names and constraints to check';
  }
  for (const name of names) {
    if (constraints.excluded.some((subtree) => excludes(subtree.base, name))) return `${describe(name)} is excluded`;
    const sameKind = constraints.permitted.filter((subtree) => subtree.base.kind === name.kind);
    if (sameKind.length > 0 && !sameKind.some((subtree) => permits(subtree, name))) {
      return `${describe(name)} is not in a permitted subtree`;
    }
  }
  return undefined;
}

function permits(subtree: GeneralSubtree, name: GeneralName): boolean {
  return within(subtree.base, name);
}

function excludes(base: GeneralName, name: GeneralName): boolean {
  if (base.kind !== name.kind) return false;
  if (name.kind === 'dns' && base.kind === 'dns' && name.text.startsWith('*.')) {
    const suffix = name.text.slice(2).toLowerCase();
    const constraint = base.text.toLowerCase().replace(/^\./, '');
    return dnsWithin(constraint, name.text) || constraint.endsWith(`.${suffix}`) || constraint === suffix;
  }
  return within(base, name);
}

function within(base: GeneralName, name: GeneralName): boolean {
  if (base.kind === 'dns' && name.kind === 'dns') return dnsWithin(base.text, name.text);
  if (base.kind === 'ip' && name.kind === 'ip') return ipWithin(base.bytes, name.bytes);
  if (base.kind === 'email' && name.kind === 'email') return emailWithin(base.text, name.text);
  if (base.kind === 'dn' && name.kind === 'dn') return isNamePrefix(base.name, name.name);
  if (base.kind === 'uri' && name.kind === 'uri') return uriWithin(base.text, name.text);
  if (base.kind === 'other' && name.kind === 'other') return base.tag === name.tag && base.typeOid === name.typeOid;
  return false;
}

/** `example.com` covers itself and its subdomains; `.example.com` only its subdomains; `` everything. */
export function dnsWithin(constraint: string, name: string): boolean {
  const base = constraint.toLowerCase();
  const value = name.toLowerCase().replace(/\.$/, '');
  if (base === '') return true;
  if (base.startsWith('.')) return value.endsWith(base);
  return value === base || value.endsWith(`.${base}`);
}

function ipWithin(constraint: Uint8Array, address: Uint8Array): boolean {
  const half = constraint.byteLength / 2;
  if (address.byteLength !== half) return false;
  for (let i = 0; i < half; i++) {
    const mask = constraint[half + i] as number;
    if (((address[i] as number) & mask) !== ((constraint[i] as number) & mask)) return false;
  }
  return true;
}

function emailWithin(constraint: string, address: string): boolean {
  const mailbox = splitMailbox(address);
  if (mailbox === undefined) return false;
  if (constraint.includes('@')) {
    const wanted = splitMailbox(constraint);
    return wanted !== undefined && wanted.local === mailbox.local && wanted.domain === mailbox.domain;
  }
  const base = constraint.toLowerCase();
  if (base.startsWith('.')) return mailbox.domain.endsWith(base);
  return mailbox.domain === base;
}

function uriWithin(constraint: string, uri: string): boolean {
  const host = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri)?.[1];
  if (host === undefined || host === '') return false;
  const base = constraint.toLowerCase();
  const value = host.toLowerCase();
  return base.startsWith('.') ? value.endsWith(base) : value === base;
}

function describe(name: GeneralName): string {
  switch (name.kind) {
    case 'dns':
      return `DNS name "${name.text}"`;
    case 'email':
      return `email "${name.text}"`;
    case 'uri':
      return `URI "${name.text}"`;
    case 'ip':
      return `IP address ${[...name.bytes].join('.')}`;
    case 'dn':
      return `directory name ${describeName(name.name)}`;
    default:
      return 'otherName';
  }
}

function describeName(name: ChainName): string {
  return name.attributes.map((attribute) => attribute.text ?? '#').join(', ');
}
