import type { Finding } from '../report/findings.js';
import type { CertificateSummary } from './certificate-summary.js';

/** Where a certificate sits, for messages: `leaf`, `chain[1]`, a file name. */
export type CertificatePlace = string;

/**
 * Findings about one certificate on its own: expired, expiring within `warnDays`, not yet valid,
 * a weak key, a weak signature (on anything but a self-signed root, whose signature nobody checks),
 * and — with `checkDefault` (leaves) — a factory or default certificate.
 */
export function certificateFindings(
  certificate: CertificateSummary,
  place: CertificatePlace,
  options: { warnDays: number; at: Date; checkDefault: boolean },
): Finding[] {
  const findings: Finding[] = [];
  const about = { certificate: certificate.fingerprintSha256 };
  const who = `${place} ${certificate.subject || '(empty subject)'}`;
  if (certificate.daysLeft < 0) {
    findings.push({
      code: 'expired',
      severity: 'critical',
      message: `${who} expired on ${day(certificate.notAfter)} (${-certificate.daysLeft} days ago)`,
      daysLeft: certificate.daysLeft,
      ...about,
    });
  } else if (certificate.daysLeft < options.warnDays) {
    findings.push({
      code: 'expiring',
      severity: 'warning',
      message: `${who} expires on ${day(certificate.notAfter)} (in ${certificate.daysLeft} days)`,
      daysLeft: certificate.daysLeft,
      ...about,
    });
  }
  if (new Date(certificate.notBefore) > options.at) {
    findings.push({
      code: 'not-yet-valid',
      severity: 'critical',
      message: `${who} is valid only from ${day(certificate.notBefore)}`,
      ...about,
    });
  }
  if ((certificate.key.type === 'rsa' || certificate.key.type === 'dsa') && certificate.key.bits < 2048) {
    findings.push({
      code: 'weak-key',
      severity: 'warning',
      message: `${who} has a ${certificate.key.bits}-bit ${certificate.key.type.toUpperCase()} key`,
      ...about,
    });
  }
  const rootSignature = certificate.selfSigned && certificate.isCa;
  if (!rootSignature && /md5|sha1With|ecdsa-with-SHA1|dsaWithSHA1/i.test(certificate.signatureAlgorithm)) {
    findings.push({
      code: 'weak-signature',
      severity: 'warning',
      message: `${who} is signed with ${certificate.signatureAlgorithm}`,
      ...about,
    });
  }
  if (options.checkDefault && certificate.defaultCertificate !== undefined) {
    findings.push({
      code: 'default-cert',
      severity: 'warning',
      message: `${certificate.defaultCertificate.description} [rule ${certificate.defaultCertificate.rule}]`,
      ...about,
    });
  }
  return findings;
}

/** The date part of an ISO time. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}
