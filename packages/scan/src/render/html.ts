// One self-contained HTML page: inline CSS, an inline SVG timeline, no script, no external asset.
// The Content-Security-Policy forbids the page from loading anything, so it works offline and leaks nothing.
import type { CertificateSummary } from '../analysis/certificate-summary.js';
import type { Finding } from '../report/findings.js';
import { ROLE_GUIDELINES } from '../report/guidelines.js';
import type { EndpointResult, FileResult, ScanReport } from '../report/types.js';
import { TLS_VERSIONS, versionLabel } from '../tls/versions.js';
import { reportCounts, targetRows } from './rows.js';
import { summaryLine } from './table.js';

const DAY_MS = 86_400_000;

/** The HTML report: summary, expiry timeline, TLS-version matrix, findings per target with their guideline. */
export function renderHtml(report: ScanReport): string {
  const counts = reportCounts(report);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Certificate scan ${escapeHtml(report.at.slice(0, 10))}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Certificate and TLS scan</h1>
<p>Scanned ${escapeHtml(report.startedAt.replace('T', ' ').slice(0, 19))} UTC; days counted from ${escapeHtml(report.at.slice(0, 10))}.</p>
<p class="summary" id="summary">${escapeHtml(summaryLine(report))}</p>
<ul class="counts"><li><b>${counts.targets}</b> targets</li><li><b>${counts.scanned}</b> scanned</li><li><b>${counts.failed}</b> not scanned</li><li><b>${counts.certificates}</b> certificates</li></ul>
</header>
<section id="timeline"><h2>Expiry timeline</h2>
<p>Every certificate found, at the day it expires. Red: expired; amber: within 30 days; green: later.</p>
${timeline(report)}
</section>
<section id="matrix"><h2>TLS versions accepted</h2>
${versionMatrix(report)}
</section>
<section id="findings"><h2>Findings per target</h2>
${findingsSections(report)}
</section>
<footer><p>Made by certwright scan. Guideline notes summarise the AudioCodes OVOC security guidelines.</p></footer>
</body>
</html>
`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:1rem 1.5rem;color:#1d2330;background:#fff}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.2rem;border-bottom:1px solid #d5d9e0;padding-bottom:.2rem;margin-top:2rem}
.summary{font-weight:600}.counts{display:flex;gap:1.5rem;list-style:none;padding:0}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d5d9e0;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f4f7}td.yes{background:#fde2e1}td.ok{background:#e3f5e6}td.no{color:#7a8293}
td.weak{background:#fde2e1;font-weight:600}
.critical{color:#b42318;font-weight:600}.warning{color:#a15c07;font-weight:600}.info{color:#3559a8}
.guideline{color:#5b6475;font-size:.9em}.target{margin-top:1.2rem}.target h3{font-size:1rem;margin:.2rem 0}
svg text{font:11px system-ui,sans-serif;fill:#3d4455}.expired{fill:#d92d20}.soon{fill:#f79009}.later{fill:#12b76a}
`;

/** The SVG timeline: one circle per distinct certificate at its notAfter, stacked where they meet. */
function timeline(report: ScanReport): string {
  const certificates = distinctCertificates(report);
  if (certificates.length === 0) return '<p>No certificate was found.</p>';
  const now = Date.parse(report.at);
  const times = certificates.map((certificate) => Date.parse(certificate.notAfter));
  const start = Math.min(now - 30 * DAY_MS, ...times);
  const end = Math.max(now + 90 * DAY_MS, ...times) + DAY_MS;
  const width = 1000;
  const left = 20;
  const usable = width - 2 * left;
  const x = (time: number) => left + ((time - start) / (end - start)) * usable;
  const stacks = new Map<number, number>();
  const circles = certificates.map((certificate, index) => {
    const cx = Math.round(x(times[index] as number));
    const level = stacks.get(cx) ?? 0;
    stacks.set(cx, level + 1);
    const days = certificate.daysLeft;
    const kind = days < 0 ? 'expired' : days < 30 ? 'soon' : 'later';
    const label = `${certificate.subject || '(empty subject)'}: ${certificate.notAfter.slice(0, 10)} (${days} days)`;
    return { cx, level, kind, label };
  });
  const levels = Math.min(Math.max(...circles.map((circle) => circle.level)) + 1, 60);
  const height = 60 + levels * 9;
  const axis = height - 30;
  const dots = circles
    .map(
      (circle) =>
        `<circle class="cert ${circle.kind}" cx="${circle.cx}" cy="${axis - 8 - Math.min(circle.level, 59) * 9}" r="4"><title>${escapeHtml(circle.label)}</title></circle>`,
    )
    .join('');
  const ticks = yearTicks(start, end)
    .map(
      (time) =>
        `<line x1="${x(time)}" y1="${axis}" x2="${x(time)}" y2="${axis + 5}" stroke="#7a8293"/><text x="${x(time)}" y="${axis + 18}" text-anchor="middle">${new Date(time).getUTCFullYear()}</text>`,
    )
    .join('');
  const today = `<line id="today" x1="${x(now)}" y1="10" x2="${x(now)}" y2="${axis}" stroke="#1d2330" stroke-dasharray="4 3"/><text x="${x(now) + 4}" y="20">today</text>`;
  return `<svg id="expiry-timeline" role="img" aria-label="Expiry timeline of ${certificates.length} certificates" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">
<line x1="${left}" y1="${axis}" x2="${width - left}" y2="${axis}" stroke="#7a8293"/>${ticks}${today}${dots}</svg>`;
}

function yearTicks(start: number, end: number): number[] {
  const ticks: number[] = [];
  for (let year = new Date(start).getUTCFullYear() + 1; Date.UTC(year, 0, 1) < end; year++)
    ticks.push(Date.UTC(year, 0, 1));
  return ticks;
}

function distinctCertificates(report: ScanReport): CertificateSummary[] {
  const seen = new Map<string, CertificateSummary>();
  for (const endpoint of report.endpoints)
    for (const certificate of endpoint.chain?.certificates ?? []) seen.set(certificate.fingerprintSha256, certificate);
  for (const file of report.files)
    for (const certificate of file.certificates) seen.set(certificate.fingerprintSha256, certificate);
  return [...seen.values()].sort((a, b) => Date.parse(a.notAfter) - Date.parse(b.notAfter));
}

function versionMatrix(report: ScanReport): string {
  if (report.endpoints.length === 0) return '<p>No endpoint was scanned.</p>';
  const header = `<tr><th>Target</th>${TLS_VERSIONS.map((version) => `<th>${versionLabel(version)}</th>`).join('')}</tr>`;
  const rows = report.endpoints.map((endpoint) => {
    const cells = TLS_VERSIONS.map((version) => {
      const result = endpoint.versions?.[version];
      if (endpoint.status !== 'scanned' || result === undefined) return '<td class="no">not scanned</td>';
      if (!result.accepted) return '<td class="no">refused</td>';
      const old = version === 'TLSv1' || version === 'TLSv1.1';
      return `<td class="${old ? 'weak' : 'ok'}">accepted</td>`;
    }).join('');
    return `<tr><td>${escapeHtml(endpointName(endpoint))}</td>${cells}</tr>`;
  });
  return `<table class="matrix"><thead>${header}</thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function findingsSections(report: ScanReport): string {
  const byTarget = new Map<string, EndpointResult | FileResult>();
  for (const endpoint of report.endpoints) byTarget.set(endpoint.target, endpoint);
  for (const file of report.files) byTarget.set(file.path, file);
  return targetRows(report)
    .map((row) => {
      const result = byTarget.get(row.target);
      if (result === undefined) return '';
      const name = result.kind === 'endpoint' ? endpointName(result) : result.path;
      const role =
        result.kind === 'endpoint' && result.role !== undefined
          ? `<p class="guideline">${escapeHtml(ROLE_GUIDELINES[result.role])}</p>`
          : '';
      const status =
        result.status === 'failed'
          ? `<p class="critical">Not scanned: ${escapeHtml(result.error?.message ?? 'unknown')}</p>`
          : '';
      const expiry =
        row.soonest === undefined
          ? ''
          : `<p>First to expire: ${escapeHtml(row.soonest.subject || '(empty subject)')} on ${escapeHtml(row.soonest.notAfter.slice(0, 10))} (${row.soonest.daysLeft} days).</p>`;
      return `<div class="target" data-target="${escapeHtml(row.target)}"><h3>${escapeHtml(name)}</h3>${role}${status}${expiry}${findingList(result.findings)}</div>`;
    })
    .join('\n');
}

function findingList(findings: readonly Finding[]): string {
  if (findings.length === 0) return '<p>No findings.</p>';
  const items = findings.map(
    (finding) =>
      `<li><span class="${finding.severity}">${escapeHtml(finding.code)}</span> ${escapeHtml(finding.message)}${finding.guideline === undefined ? '' : `<br><span class="guideline">Guideline: ${escapeHtml(finding.guideline)}</span>`}</li>`,
  );
  return `<ul>${items.join('')}</ul>`;
}

function endpointName(endpoint: EndpointResult): string {
  const protocol = endpoint.protocol === 'tls' ? '' : ` (${endpoint.protocol})`;
  return `${endpoint.target}${endpoint.label === undefined ? '' : ` — ${endpoint.label}`}${protocol}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
