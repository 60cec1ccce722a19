import { canonicalIp } from '../lib/ip-address.js';
import { dnsNameProblem, emailProblem, uriProblem } from './name-syntax.js';

/** A subject alternative name: a DNS name (optionally `*.` wildcard), IP address, email address or URI. */
export type SubjectAltName = { type: 'dns' | 'ip' | 'email' | 'uri'; value: string };

/** The SAN kinds Certwright writes, in the order messages list them. */
export const SAN_KINDS: readonly SubjectAltName['type'][] = ['dns', 'ip', 'email', 'uri'];

/** A SAN with its value checked and, for IP addresses, written canonically; or the reason it is refused. */
export function checkSanValue(
  type: SubjectAltName['type'],
  value: string,
): { san: SubjectAltName } | { problem: string } {
  switch (type) {
    case 'dns':
      return result(type, value, dnsNameProblem(value, { allowWildcard: true }));
    case 'ip': {
      const ip = canonicalIp(value);
      return ip === undefined ? { problem: `"${value}" is not an IPv4 or IPv6 address` } : { san: { type, value: ip } };
    }
    case 'email':
      return result(type, value, emailProblem(value));
    case 'uri':
      return result(type, value, uriProblem(value));
    default:
      return { problem: `unknown kind "${String(type)}" (expected dns, ip, email or uri)` };
  }
}

function result(
  type: SubjectAltName['type'],
  value: string,
  problem: string | undefined,
): { san: SubjectAltName } | { problem: string } {
  return problem === undefined ? { san: { type, value } } : { problem };
}
