import { type CertificateInfo, type KeyDescription, keyLabel, type SubjectAltName } from '@certwright/core';
import { sanText } from './names.js';
import { fingerprintText } from '../../render/fingerprint.js';

/** Where a certificate stands at `now`: before, inside or after its validity window. */
export function validityStatus(certificate: CertificateInfo, now: Date): 'valid' | 'expired' | 'not-yet-valid' {
  if (now < certificate.notBefore) return 'not-yet-valid';
  return now > certificate.notAfter ? 'expired' : 'valid';
}

/** The stable JSON shape of one certificate in `inspect` output (docs/cli.md). */
export type CertificateReportJson = {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  validity: 'valid' | 'expired' | 'not-yet-valid';
  sans: SubjectAltName[];
  publicKey: KeyDescription;
  signatureAlgorithm: string;
  keyUsage: string[];
  extendedKeyUsage: string[];
  role: 'ca' | 'leaf';
  pathLength?: number;
  selfIssued: boolean;
  sha256: string;
  friendlyName?: string;
};

/** One certificate in the --json shape, its validity judged at `now`. */
export function certificateReportJson(
  certificate: CertificateInfo,
  now: Date,
  extra: { friendlyName?: string } = {},
): CertificateReportJson {
  return {
    subject: certificate.subjectText,
    issuer: certificate.issuerText,
    serialNumber: certificate.serialNumber,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    validity: validityStatus(certificate, now),
    sans: certificate.sans,
    publicKey: certificate.publicKey,
    signatureAlgorithm: certificate.signatureAlgorithm,
    keyUsage: certificate.keyUsage,
    extendedKeyUsage: certificate.extendedKeyUsage,
    role: certificate.isCa ? 'ca' : 'leaf',
    ...(certificate.pathLength === undefined ? {} : { pathLength: certificate.pathLength }),
    selfIssued: certificate.selfIssued,
    sha256: certificate.fingerprintSha256,
    ...(extra.friendlyName === undefined ? {} : { friendlyName: extra.friendlyName }),
  };
}

/**
 * The human report of one certificate, from its --json form: what an operator checks before
 * installing it. `alias` is the friendly name as the terminal may show it.
 */
export function certificateReport(certificate: CertificateReportJson, heading: string, alias?: string): string {
  const role = certificate.role === 'ca' ? `CA${certificate.selfIssued ? ', self-issued (root)' : ''}` : 'leaf';
  const status = certificate.validity;
  const rows: [string, string][] = [
    ['Subject', certificate.subject],
    ['Issuer', certificate.issuer],
    ['Serial', certificate.serialNumber],
    [
      'Validity',
      `${certificate.notBefore} to ${certificate.notAfter}${status === 'valid' ? '' : ` (${status.replace(/-/g, ' ').toUpperCase()})`}`,
    ],
    ['SANs', certificate.sans.length > 0 ? certificate.sans.map(sanText).join(', ') : '(none)'],
    ['Key', keyLabel(certificate.publicKey)],
    ['Role', role],
    ['SHA-256', fingerprintText(certificate.sha256)],
  ];
  if (alias !== undefined) rows.unshift(['Alias', alias]);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return [heading, ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(width)}${value}`)].join('\n');
}
