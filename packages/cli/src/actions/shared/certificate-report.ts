import { type CertificateInfo, keyLabel } from '@certwright/core';
import { sanText } from './names.js';

/** Where a certificate stands at `now`: before, inside or after its validity window. */
export function validityStatus(certificate: CertificateInfo, now: Date): 'valid' | 'expired' | 'not-yet-valid' {
  if (now < certificate.notBefore) return 'not-yet-valid';
  return now > certificate.notAfter ? 'expired' : 'valid';
}

/** The stable JSON shape of one certificate in `inspect` and `convert` output (docs/cli.md). */
export function certificateReportJson(
  certificate: CertificateInfo,
  now: Date,
  extra: { friendlyName?: string } = {},
): Record<string, unknown> {
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

/** The human report of one certificate: what an operator checks before installing it. */
export function certificateReport(
  certificate: CertificateInfo,
  now: Date,
  heading: string,
  extra: { friendlyName?: string } = {},
): string {
  const role = certificate.isCa ? `CA${certificate.selfIssued ? ', self-issued (root)' : ''}` : 'leaf';
  const status = validityStatus(certificate, now);
  const rows: [string, string][] = [
    ['Subject', certificate.subjectText],
    ['Issuer', certificate.issuerText],
    ['Serial', certificate.serialNumber],
    [
      'Validity',
      `${certificate.notBefore.toISOString()} to ${certificate.notAfter.toISOString()}${status === 'valid' ? '' : ` (${status.replace(/-/g, ' ').toUpperCase()})`}`,
    ],
    ['SANs', certificate.sans.length > 0 ? certificate.sans.map(sanText).join(', ') : '(none)'],
    ['Key', keyLabel(certificate.publicKey)],
    ['Role', role],
    ['SHA-256', certificate.fingerprintSha256],
  ];
  if (extra.friendlyName !== undefined) rows.unshift(['Alias', extra.friendlyName]);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return [heading, ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(width)}${value}`)].join('\n');
}
