import {
  type CsrInfo,
  type KeyDescription,
  keyLabel,
  type LintFinding,
  type SubjectAltName,
  type SubjectFields,
} from '@certwright/core';
import { sanText } from './names.js';
import { fingerprintText } from '../../render/fingerprint.js';

/** The stable JSON shape of a CSR in --json output (docs/cli.md). */
export type CsrReportJson = {
  subject: string;
  subjectFields: SubjectFields;
  sans: SubjectAltName[];
  publicKey: KeyDescription;
  signatureAlgorithm: string;
  signatureValid: true;
  keyUsage: string[];
  extendedKeyUsage: string[];
  challengePassword: boolean;
  sha256: string;
  lint: LintFinding[];
  pem: string;
};

/** A parsed CSR, its signature verified, and its lint findings, in the --json shape. */
export function csrReportJson(csr: CsrInfo, findings: readonly LintFinding[]): CsrReportJson {
  return {
    subject: csr.subjectText,
    subjectFields: csr.subject,
    sans: csr.sans,
    publicKey: csr.publicKey,
    signatureAlgorithm: csr.signatureAlgorithm,
    signatureValid: true,
    keyUsage: csr.keyUsage,
    extendedKeyUsage: csr.extendedKeyUsage,
    challengePassword: csr.hasChallengePassword,
    sha256: csr.fingerprintSha256,
    lint: [...findings],
    pem: csr.pem,
  };
}

/** The human report: what the security officer checks before sending the CSR to the CA. */
export function csrReport(
  file: string,
  csr: CsrInfo,
  findings: readonly LintFinding[],
  options: { includePem: boolean },
): string {
  return csrReportText(file, csrReportJson(csr, findings), options);
}

/** The human report from the --json form of a CSR. */
export function csrReportText(file: string, csr: CsrReportJson, options: { includePem: boolean }): string {
  const rows: [string, string][] = [
    ['File', file],
    ['Subject', csr.subject],
    ['SANs', csr.sans.length > 0 ? csr.sans.map(sanText).join(', ') : '(none)'],
    ['Key', keyLabel(csr.publicKey)],
    ['Signature', `${csr.signatureAlgorithm} (verified)`],
    ['Key usage', csr.keyUsage.join(', ') || '(none requested)'],
    ['Extended key usage', csr.extendedKeyUsage.join(', ') || '(none requested)'],
    ['SHA-256', fingerprintText(csr.sha256)],
  ];
  if (csr.challengePassword) rows.push(['Challenge password', 'present']);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
  const findings = csr.lint;
  lines.push(
    findings.length === 0
      ? `${'Lint:'.padEnd(width)}no findings`
      : `${'Lint:'.padEnd(width)}${findings.length} finding(s)`,
  );
  for (const finding of findings) lines.push(`  ${finding.severity} ${finding.code}: ${finding.message}`);
  if (options.includePem) lines.push('', csr.pem.trimEnd());
  return `${lines.join('\n')}\n`;
}
