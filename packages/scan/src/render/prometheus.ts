import { Gauge, Registry } from 'prom-client';
import type { ScanReport } from '../report/types.js';
import { suiteByName } from '../tls/cipher-suites.js';
import { TLS_VERSIONS, versionLabel } from '../tls/versions.js';
import { weakSuiteReasons } from '../tls/weak-suites.js';

/**
 * The scan as Prometheus metrics, for node_exporter's textfile collector or `/metrics`:
 * - `certwright_scan_certificate_not_after_seconds{target,position,subject,fingerprint}`: notAfter as a Unix time per
 *   target and chain position (0 = leaf; files: `file` and the index in the file);
 * - `certwright_scan_tls_version_accepted{target,version}`: 1 accepted, 0 refused;
 * - `certwright_scan_weak_suites{target}`: weak suites accepted;
 * - `certwright_scan_default_certificate{target,rule}`: 1 when the leaf is a factory or default certificate;
 * - `certwright_scan_target_up{target}`: 1 scanned, 0 not; `certwright_scan_target_duration_seconds{target}`;
 * - `certwright_scan_duration_seconds`, `certwright_scan_timestamp_seconds`: the whole scan.
 */
export async function renderPrometheus(report: ScanReport): Promise<string> {
  return prometheusRegistry(report).metrics();
}

/** A fresh registry holding the report's metrics (one per scan, so vanished targets disappear). */
export function prometheusRegistry(report: ScanReport): Registry {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const notAfter = gauge(
    'certwright_scan_certificate_not_after_seconds',
    'Certificate notAfter as a Unix time, per target and chain position (0 is the leaf)',
    ['target', 'position', 'subject', 'fingerprint'],
  );
  const version = gauge(
    'certwright_scan_tls_version_accepted',
    'Whether the target accepts the TLS version (1) or not (0)',
    ['target', 'version'],
  );
  const weakSuites = gauge(
    'certwright_scan_weak_suites',
    'Weak cipher suites the target accepts (3DES, static RSA, CBC with SHA-1, anonymous, export, RC4, DES)',
    ['target'],
  );
  const defaultCertificate = gauge(
    'certwright_scan_default_certificate',
    'Whether the target serves an AudioCodes factory or OVOC default certificate (1), and the rule that recognised it',
    ['target', 'rule'],
  );
  const up = gauge('certwright_scan_target_up', 'Whether the target could be scanned (1) or not (0)', ['target']);
  const targetDuration = gauge('certwright_scan_target_duration_seconds', 'How long scanning the target took', [
    'target',
  ]);
  const duration = gauge('certwright_scan_duration_seconds', 'How long the whole scan took', []);
  const timestamp = gauge('certwright_scan_timestamp_seconds', 'When the scan started, as a Unix time', []);

  for (const endpoint of report.endpoints) {
    const target = endpoint.target;
    up.set({ target }, endpoint.status === 'scanned' ? 1 : 0);
    targetDuration.set({ target }, endpoint.durationMs / 1000);
    if (endpoint.status !== 'scanned') continue;
    for (const tls of TLS_VERSIONS)
      version.set({ target, version: versionLabel(tls) }, endpoint.versions?.[tls].accepted ? 1 : 0);
    endpoint.chain?.certificates.forEach((certificate, position) => {
      notAfter.set(
        {
          target,
          position: String(position),
          subject: certificate.subject,
          fingerprint: certificate.fingerprintSha256,
        },
        Date.parse(certificate.notAfter) / 1000,
      );
    });
    weakSuites.set({ target }, weakSuiteCount(endpoint));
    const leaf = endpoint.chain?.certificates[0];
    defaultCertificate.set(
      { target, rule: leaf?.defaultCertificate?.rule ?? '' },
      leaf?.defaultCertificate === undefined ? 0 : 1,
    );
  }
  for (const file of report.files) {
    up.set({ target: file.path }, file.status === 'scanned' ? 1 : 0);
    file.certificates.forEach((certificate, index) => {
      notAfter.set(
        {
          target: file.path,
          position: `file:${index}`,
          subject: certificate.subject,
          fingerprint: certificate.fingerprintSha256,
        },
        Date.parse(certificate.notAfter) / 1000,
      );
    });
  }
  duration.set(report.durationMs / 1000);
  timestamp.set(Date.parse(report.startedAt) / 1000);
  return registry;
}

/** Weak suites: every enumerated one with --ciphers, otherwise the distinct weak suites the version probes negotiated. */
function weakSuiteCount(endpoint: ScanReport['endpoints'][number]): number {
  const names = new Set<string>();
  for (const tls of TLS_VERSIONS) {
    for (const suite of endpoint.suites?.[tls] ?? []) if (suite.weak.length > 0) names.add(`${tls} ${suite.name}`);
  }
  if (endpoint.suites !== undefined) return names.size;
  for (const tls of TLS_VERSIONS) {
    const negotiated = endpoint.versions?.[tls].cipher;
    const suite = negotiated === undefined ? undefined : suiteByName(negotiated);
    if (suite !== undefined && weakSuiteReasons(suite).length > 0) names.add(suite.name);
  }
  return names.size;
}
