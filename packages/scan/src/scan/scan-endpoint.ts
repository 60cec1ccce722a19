import { isIP } from 'node:net';
import type { CertificateCatalog } from '../analysis/certificate-summary.js';
import { endpointFindings } from '../analysis/endpoint-findings.js';
import { analyseServedChain } from '../analysis/served-chain.js';
import { enumerateSuites } from '../probe/enumerate-suites.js';
import { ProbeFailure } from '../probe/probe-failure.js';
import { probeVersions, type VersionProbes } from '../probe/probe-versions.js';
import { guidelineFor } from '../report/guidelines.js';
import type { EndpointResult } from '../report/types.js';
import type { EndpointTarget } from '../targets/types.js';
import { TLS_VERSIONS, versionLabel } from '../tls/versions.js';
import { checkStapledResponse } from '../analysis/stapled-ocsp.js';

/** How one endpoint is scanned. */
export interface EndpointScanSettings {
  /** Per connection (TCP, preamble, handshake). */
  timeoutMs: number;
  /** Enumerate every accepted suite per version. */
  ciphers: boolean;
  /** DER trust anchors for chain validation. */
  trustAnchors: readonly Uint8Array[];
  catalog: CertificateCatalog;
  at: Date;
  /** `expiring` findings for certificates with fewer days left than this. */
  warnDays: number;
}

/** `host:port`, with brackets around an IPv6 address. */
export function targetKey(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The SNI for a target: the first --name, else the host; never an IP address. */
export function serverNameFor(target: EndpointTarget): string | undefined {
  const name = target.names[0] ?? target.host;
  return isIP(name) === 0 ? name : undefined;
}

/** Scans one endpoint. Never throws for the endpoint's own failures: they are the result's `error`. */
export async function scanEndpoint(target: EndpointTarget, settings: EndpointScanSettings): Promise<EndpointResult> {
  const started = performance.now();
  const servername = serverNameFor(target);
  const result: EndpointResult = {
    kind: 'endpoint',
    target: targetKey(target.host, target.port),
    host: target.host,
    port: target.port,
    protocol: target.protocol,
    ...(target.role === undefined ? {} : { role: target.role }),
    ...(target.label === undefined ? {} : { label: target.label }),
    sni: servername ?? null,
    status: 'scanned',
    durationMs: 0,
    findings: [],
  };
  try {
    await probeInto(result, target, servername, settings);
  } catch (error) {
    if (!(error instanceof ProbeFailure)) throw error;
    result.status = 'failed';
    result.error = { kind: error.kind, message: error.message };
    if (error.kind === 'no-tls') {
      const guideline = guidelineFor('no-tls', target.role);
      result.findings.push({
        code: 'no-tls',
        severity: 'critical',
        message: error.message,
        ...(guideline === undefined ? {} : { guideline }),
      });
    }
  }
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

async function probeInto(
  result: EndpointResult,
  target: EndpointTarget,
  servername: string | undefined,
  settings: EndpointScanSettings,
): Promise<void> {
  const probes = await probeVersions(target, servername, settings.timeoutMs);
  result.versions = probes.versions;
  if (probes.best?.tdsEncryption !== undefined) result.tdsEncryption = probes.best.tdsEncryption;
  const accepted = TLS_VERSIONS.filter((version) => probes.versions[version].accepted);
  if (accepted.length === 0) {
    const reasons = TLS_VERSIONS.map((version) => `${versionLabel(version)}: ${probes.versions[version].reason}`);
    throw new ProbeFailure('no-tls', `no TLS version accepted (${reasons.join('; ')})`);
  }
  result.clientCertificate = clientCertificate(probes);
  const served = probes.flight?.certificates ?? probes.best?.chain;
  if (served !== undefined && served.length > 0) {
    const names = target.names.length > 0 ? target.names : [target.host];
    const source = probes.flight?.certificates !== undefined ? 'wire' : 'node';
    result.chain = await analyseServedChain(served, source, { ...settings, names });
  }
  if (probes.best !== undefined) {
    const stapled = probes.best.ocspResponse;
    result.ocsp =
      stapled === undefined || served === undefined || result.chain === undefined
        ? { stapled: stapled !== undefined, ...(stapled === undefined ? {} : { bytes: stapled.length }) }
        : checkStapledResponse(stapled, served, result.chain.certificates, settings.at);
  }
  if (settings.ciphers) {
    const context = { target, servername, timeoutMs: settings.timeoutMs };
    result.suites = {};
    for (const version of accepted) {
      const required = probes.versions[version].clientCertificateRequired === true;
      result.suites[version] = await enumerateSuites(context, version, required);
    }
  }
  result.findings = endpointFindings(result, settings);
}

function clientCertificate(probes: VersionProbes): EndpointResult['clientCertificate'] {
  const request = probes.flight?.certificateRequest;
  const requiredBelow13 = TLS_VERSIONS.some((version) => probes.versions[version].clientCertificateRequired === true);
  const required = requiredBelow13 || probes.tls13ClientCertificateRefused === true;
  // Without a TLS 1.0–1.2 flight, only TLS 1.3's outcome speaks: a refusal, a ticket, or nothing.
  const sawFlight = probes.flight !== undefined;
  const requested = request !== undefined || required ? true : sawFlight ? false : null;
  const knownRequired = required ? true : sawFlight || probes.tls13ClientCertificateRefused === false ? false : null;
  return { requested, required: knownRequired, caNames: request?.caNames ?? [] };
}
