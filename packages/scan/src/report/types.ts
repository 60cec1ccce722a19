import type { CertificateSummary } from '../analysis/certificate-summary.js';
import type { ChainAnalysis } from '../analysis/served-chain.js';
import type { ProbeFailureKind } from '../probe/probe-failure.js';
import type { EndpointRole, ScanProtocol } from '../targets/types.js';
import type { TlsVersion } from '../tls/versions.js';
import type { WeakSuiteReason } from '../tls/weak-suites.js';
import type { TdsEncryption } from '../transport/tds-prelogin.js';
import type { Finding } from './findings.js';

/** One TLS version on one endpoint. */
export interface VersionResult {
  accepted: boolean;
  /** The suite OpenSSL negotiated when the version was accepted. */
  cipher?: string;
  /** Why it was refused: the alert or error (`ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION`, `timeout`, …). */
  reason?: string;
  /** Accepted as far as the server's certificate request: it refused the handshake without a client certificate. */
  clientCertificateRequired?: boolean;
}

/** One accepted suite. */
export interface AcceptedSuite {
  name: string;
  /** The IANA code as hex, e.g. `0xc02f`. */
  code: string;
  /** Empty for a strong suite. */
  weak: WeakSuiteReason[];
  /** `openssl`: a full handshake by OpenSSL; `raw`: the server's ServerHello to a hand-written ClientHello. */
  probe: 'openssl' | 'raw';
}

/** Whether the server asks for a client certificate. `null`: the scan could not tell. */
export interface ClientCertificateResult {
  /** It sent a CertificateRequest (seen in the clear in TLS 1.0–1.2). */
  requested: boolean | null;
  /** It refused the handshake without one. */
  required: boolean | null;
  /** The CA names of the request; empty: any CA (or not requested). */
  caNames: string[];
}

/** The stapled OCSP response, checked with @certwright/core's checkOcspResponse. */
export interface OcspResult {
  /** The server stapled a response when asked (status_request). */
  stapled: boolean;
  /** Its size in bytes. */
  bytes?: number;
  /** What it says about the leaf; `unusable`: it cannot be relied on (see `problem`). */
  status?: 'good' | 'revoked' | 'unknown' | 'unusable';
  /** Why it is not `good`: core's ERR_CHAIN_* code and message. */
  problem?: { code: string; message: string };
  /** The response's thisUpdate (ISO 8601). */
  thisUpdate?: string;
  /** The response's nextUpdate (ISO 8601), when it has one. */
  nextUpdate?: string;
}

/** Everything the scan learnt about one endpoint. */
export interface EndpointResult {
  kind: 'endpoint';
  /** `host:port` (`[v6]:port`), the key people and metrics see. */
  target: string;
  host: string;
  port: number;
  protocol: ScanProtocol;
  role?: EndpointRole;
  label?: string;
  /** The SNI sent; null for an IP address. */
  sni: string | null;
  status: 'scanned' | 'failed';
  /** Why the endpoint could not be scanned (status `failed`). */
  error?: { kind: ProbeFailureKind | 'no-tls-version'; message: string };
  durationMs: number;
  versions?: Record<TlsVersion, VersionResult>;
  /** With `ciphers`: the accepted suites per accepted version, in the server's order of preference. */
  suites?: Partial<Record<TlsVersion, AcceptedSuite[]>>;
  chain?: ChainAnalysis;
  clientCertificate?: ClientCertificateResult;
  ocsp?: OcspResult;
  /** MS-SQL: the server's PRELOGIN encryption answer. */
  tdsEncryption?: TdsEncryption;
  findings: Finding[];
}

/** A local file (or one file of a folder) whose certificates join the report. */
export interface FileResult {
  kind: 'file';
  path: string;
  status: 'scanned' | 'failed';
  error?: { code: string; message: string };
  certificates: CertificateSummary[];
  findings: Finding[];
}

/** The whole report: what `--json` prints and every renderer reads. */
export interface ScanReport {
  /** The clock the days were counted from. */
  at: string;
  startedAt: string;
  durationMs: number;
  endpoints: EndpointResult[];
  files: FileResult[];
}
