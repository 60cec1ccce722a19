/**
 * Matching the name a client expects against a leaf's subject alternative names (RFC 6125 §6.4,
 * CA/Browser Forum wildcard rules): DNS names compare case-insensitively label by label; a wildcard
 * is only a whole left-most label `*`, matches exactly one label, and needs two labels after it.
 */
import type { GeneralName } from './general-names.js';
import { ipToBytes } from '../lib/ip-address.js';
import { bytesEqual } from '../lib/bytes.js';

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** True when `name` is a syntactically valid DNS name (LDH labels, optional `*.` left-most label). */
export function isValidDnsName(name: string, allowWildcard: boolean): boolean {
  const lower = name.toLowerCase();
  if (lower.length === 0 || lower.length > 253) return false;
  const labels = lower.split('.');
  if (allowWildcard && labels[0] === '*') labels.shift();
  return labels.length > 0 && labels.every((label) => LABEL.test(label));
}

/** True when a DNS SAN value covers the host name. */
export function dnsNameMatches(pattern: string, host: string): boolean {
  const wanted = host.toLowerCase().replace(/\.$/, '');
  // The reference name is a host, never a pattern: `*.example.com` asked for matches nothing.
  if (!isValidDnsName(wanted, false)) return false;
  const given = pattern.toLowerCase();
  if (!given.startsWith('*.')) return given === wanted;
  const patternLabels = given.split('.');
  const hostLabels = wanted.split('.');
  // `*` alone or `*.tld` would cover a whole public suffix.
  if (patternLabels.length < 3 || patternLabels.length !== hostLabels.length) return false;
  if ((hostLabels[0] as string).length === 0) return false;
  return patternLabels.slice(1).join('.') === hostLabels.slice(1).join('.');
}

/** True when one of the SANs is a dNSName covering `host`. */
export function sanMatchesHostname(sans: readonly GeneralName[], host: string): boolean {
  return sans.some((name) => name.kind === 'dns' && dnsNameMatches(name.text, host));
}

/** True when one of the SANs is an iPAddress equal to `ip`. */
export function sanMatchesIp(sans: readonly GeneralName[], ip: string): boolean {
  const wanted = ipToBytes(ip);
  return wanted !== undefined && sans.some((name) => name.kind === 'ip' && bytesEqual(name.bytes, wanted));
}

/** True when one of the SANs is an rfc822Name equal to `email` (local part exact, domain case-insensitive). */
export function sanMatchesEmail(sans: readonly GeneralName[], email: string): boolean {
  const wanted = splitMailbox(email);
  if (wanted === undefined) return false;
  return sans.some((name) => {
    if (name.kind !== 'email') return false;
    const given = splitMailbox(name.text);
    return given !== undefined && given.local === wanted.local && given.domain === wanted.domain;
  });
}

/** A mailbox's local part and lower-cased domain, or undefined when it is not `local@domain`. */
export function splitMailbox(address: string): { local: string; domain: string } | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return undefined;
  const local = address.slice(0, at);
  if (local.includes('@') && !/^".*"$/.test(local)) return undefined;
  return { local, domain: address.slice(at + 1).toLowerCase() };
}
