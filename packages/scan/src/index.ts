// Public API of @certwright/scan: explicit named exports, nothing runs at import.

// targets
export type { EndpointRole, EndpointTarget, FileTarget, ScanProtocol, ScanTarget } from './targets/types.js';
export { hostOnly, ldapTargets, ovocTargets, parseTarget, sqlTargets } from './targets/parse-target.js';

// scanning
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_WARN_DAYS,
  type ScanOptions,
  scan,
} from './scan/run-scan.js';
export { type EndpointScanSettings, scanEndpoint, targetKey } from './scan/scan-endpoint.js';
export { CertificateCatalog, type CertificateSummary } from './analysis/certificate-summary.js';
export type { DefaultCertificateMatch } from './analysis/default-certificate.js';
export type { ChainAnalysis, ChainProblemReport } from './analysis/served-chain.js';
export { MAX_FOLDER_FILES } from './files/scan-files.js';
export type { ProbeFailureKind } from './probe/probe-failure.js';

// the report
export type {
  AcceptedSuite,
  ClientCertificateResult,
  EndpointResult,
  FileResult,
  OcspResult,
  ScanReport,
  VersionResult,
} from './report/types.js';
export { FAILABLE_CODES, type Finding, type FindingCode, type FindingSeverity } from './report/findings.js';
export { FINDING_GUIDELINES, ROLE_GUIDELINES } from './report/guidelines.js';
export {
  DEFAULT_FAIL_ON,
  type FailCondition,
  parseFailOn,
  type ScanOutcome,
  scanOutcome,
  warnDaysFor,
} from './report/outcome.js';
export { parseDays, parseDuration } from './lib/duration.js';

// TLS facts
export { CIPHER_SUITES, type CipherSuite, suiteByCode, suiteByName } from './tls/cipher-suites.js';
export { TLS_VERSIONS, type TlsVersion, versionLabel } from './tls/versions.js';
export { type WeakSuiteReason, weakSuiteReasons } from './tls/weak-suites.js';

// renderers
export { renderTable, summaryLine } from './render/table.js';
export { type CalendarOptions, renderCalendar } from './render/calendar.js';
export { prometheusRegistry, renderPrometheus } from './render/prometheus.js';
export { renderHtml } from './render/html.js';

// the metrics endpoint
export {
  type ListenAddress,
  type MetricsServer,
  parseListen,
  type ServeMetricsOptions,
  serveMetrics,
} from './serve/serve-metrics.js';
export { ScanError, type ScanErrorCode } from './errors.js';
