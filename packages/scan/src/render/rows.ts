import type { CertificateSummary } from '../analysis/certificate-summary.js';
import type { EndpointResult, FileResult, ScanReport } from '../report/types.js';
import { TLS_VERSIONS, type TlsVersion } from '../tls/versions.js';

/** One target as the table and the HTML list it: its soonest-expiring certificate first. */
export interface TargetRow {
  target: string;
  kind: 'endpoint' | 'file';
  label?: string;
  scanned: boolean;
  /** The certificate that expires first, if any was found. */
  soonest?: CertificateSummary;
  accepted: TlsVersion[];
  findingCodes: string[];
  error?: string;
}

/** Every target, soonest expiry first; targets that could not be scanned (or hold no certificate) last. */
export function targetRows(report: ScanReport): TargetRow[] {
  const rows = [...report.endpoints.map(endpointRow), ...report.files.map(fileRow)];
  return rows.sort(
    (a, b) =>
      (a.soonest?.daysLeft ?? Number.POSITIVE_INFINITY) - (b.soonest?.daysLeft ?? Number.POSITIVE_INFINITY) ||
      a.target.localeCompare(b.target),
  );
}

function endpointRow(result: EndpointResult): TargetRow {
  const row: TargetRow = {
    target: result.target,
    kind: 'endpoint',
    scanned: result.status === 'scanned',
    accepted: TLS_VERSIONS.filter((version) => result.versions?.[version].accepted),
    findingCodes: unique(result.findings.map((finding) => finding.code)),
  };
  if (result.label !== undefined) row.label = result.label;
  const soonest = soonestOf(result.chain?.certificates ?? []);
  if (soonest !== undefined) row.soonest = soonest;
  if (result.error !== undefined) row.error = result.error.message;
  return row;
}

function fileRow(result: FileResult): TargetRow {
  const row: TargetRow = {
    target: result.path,
    kind: 'file',
    scanned: result.status === 'scanned',
    accepted: [],
    findingCodes: unique(result.findings.map((finding) => finding.code)),
  };
  const soonest = soonestOf(result.certificates);
  if (soonest !== undefined) row.soonest = soonest;
  if (result.error !== undefined) row.error = result.error.message;
  return row;
}

function soonestOf(certificates: readonly CertificateSummary[]): CertificateSummary | undefined {
  return certificates.reduce<CertificateSummary | undefined>(
    (soonest, certificate) =>
      soonest === undefined || certificate.daysLeft < soonest.daysLeft ? certificate : soonest,
    undefined,
  );
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** Counts for the summary line: targets, scanned, unscanned, distinct certificates, findings per code. */
export function reportCounts(report: ScanReport): {
  targets: number;
  scanned: number;
  failed: number;
  certificates: number;
  findings: Record<string, number>;
} {
  const all = [...report.endpoints, ...report.files];
  const certificates = new Set<string>();
  for (const endpoint of report.endpoints)
    for (const certificate of endpoint.chain?.certificates ?? []) certificates.add(certificate.fingerprintSha256);
  for (const file of report.files)
    for (const certificate of file.certificates) certificates.add(certificate.fingerprintSha256);
  const findings: Record<string, number> = {};
  for (const result of all)
    for (const finding of result.findings) findings[finding.code] = (findings[finding.code] ?? 0) + 1;
  const failed = all.filter((result) => result.status === 'failed').length;
  return { targets: all.length, scanned: all.length - failed, failed, certificates: certificates.size, findings };
}
