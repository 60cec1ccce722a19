import type { ScanReport } from '../report/types.js';
import { reportCounts, type TargetRow, targetRows } from './rows.js';

const VERSION_COLUMNS = [
  ['TLSv1', '1.0'],
  ['TLSv1.1', '1.1'],
  ['TLSv1.2', '1.2'],
  ['TLSv1.3', '1.3'],
] as const;

/**
 * The report for people: one line per target, soonest expiry first, the TLS versions it accepts,
 * the certificate that expires first and the finding codes; then one summary line.
 */
export function renderTable(report: ScanReport): string {
  const header = ['EXPIRES', 'DAYS', 'TARGET', 'TLS 1.0 1.1 1.2 1.3', 'FIRST TO EXPIRE', 'FINDINGS'];
  const lines = targetRows(report).map(cells);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] as string).length)),
  );
  const format = (line: readonly string[]) =>
    line
      .map((cell, column) => (column === line.length - 1 ? cell : cell.padEnd(widths[column] as number)))
      .join('  ')
      .trimEnd();
  return `${[format(header), ...lines.map(format)].join('\n')}\n\n${summaryLine(report)}\n`;
}

function cells(row: TargetRow): string[] {
  const target = row.label === undefined ? row.target : `${row.target} (${row.label})`;
  const versions =
    row.kind === 'file' || !row.scanned
      ? '-'
      : VERSION_COLUMNS.map(([version]) => (row.accepted.includes(version) ? 'yes' : ' - ')).join(' ');
  const findings =
    row.error !== undefined && row.findingCodes.length === 0
      ? `not scanned: ${row.error}`
      : row.findingCodes.join(', ');
  return [
    row.soonest?.notAfter.slice(0, 10) ?? '-',
    row.soonest === undefined ? '-' : String(row.soonest.daysLeft),
    target,
    versions,
    row.soonest === undefined ? '-' : shorten(row.soonest.subject || '(empty subject)', 40),
    findings === '' ? '-' : findings,
  ];
}

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** `12 targets: 11 scanned, 1 not; 9 certificates; findings: expiring 2, weak-tls 1`. */
export function summaryLine(report: ScanReport): string {
  const counts = reportCounts(report);
  const findings = Object.entries(counts.findings)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, count]) => `${code} ${count}`);
  return `${counts.targets} targets: ${counts.scanned} scanned, ${counts.failed} not; ${counts.certificates} certificates; findings: ${findings.length === 0 ? 'none' : findings.join(', ')}`;
}
