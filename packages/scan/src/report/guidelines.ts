import type { EndpointRole } from '../targets/types.js';
import type { FindingCode } from './findings.js';

// What the OVOC security guidelines say about each endpoint and each kind of finding, in our words,
// so the HTML report can tell the security officer why a finding matters.

/** The guideline behind each OVOC port. */
export const ROLE_GUIDELINES: Record<EndpointRole, string> = {
  'ovoc-https':
    'Port 443 (OVOC web and device REST): replace the AudioCodes self-signed certificate with one from the enterprise CA (the eight-step procedure)',
  'ovoc-qoe': 'Port 5001 (QoE from devices): secured with the AudioCodes self-signed certificate unless replaced',
  'ovoc-rest-updates': 'Port 8082 (REST updates): encryption only, without SSL authentication',
  ldaps: 'Port 636: LDAP over SSL to Active Directory',
  'ldap-starttls': 'Port 389: LDAP with StartTLS to Active Directory',
  mssql: 'Port 1433: MS-SQL should be configured with SSL',
  device:
    'AudioCodes devices ship with self-signed certificates: load the board files and enable verification (step 8)',
};

/** The guideline behind each kind of finding (a role's guideline is used where it says more). */
export const FINDING_GUIDELINES: Partial<Record<FindingCode, string>> = {
  'weak-tls': 'TLS 1.0, 1.1 and 1.2 are enabled in this OVOC version; TLS 1.0 and 1.1 can be disabled',
  'weak-cipher': 'The TLS cipher string can be edited to remove weak suites',
  'default-cert': 'AudioCodes self-signed certificates are installed by default: replace them with the enterprise CA’s',
  'name-mismatch': 'Hostname Based device communication needs the server’s FQDN in its certificate',
  untrusted: 'Mutual authentication needs the trusted root on both sides',
  expired: 'Certificates must be renewed before they expire (workflow steps 1–8)',
  expiring: 'Certificates must be renewed before they expire (workflow steps 1–8)',
};

/** The guideline a finding cites: the role's for default certificates and missing TLS, else the finding's. */
export function guidelineFor(code: FindingCode, role: EndpointRole | undefined): string | undefined {
  if (role !== undefined && (code === 'default-cert' || code === 'no-tls')) return ROLE_GUIDELINES[role];
  return FINDING_GUIDELINES[code];
}
