import type { EndpointTarget } from '../targets/types.js';
import { CIPHER_SUITES } from '../tls/cipher-suites.js';
import { TLS_VERSIONS, type TlsVersion, WIRE_VERSIONS } from '../tls/versions.js';
import type { ServerFlight } from '../tls/server-flight.js';
import type { VersionResult } from '../report/types.js';
import { type AcceptedHandshake, EVERY_CIPHER, type HandshakeOutcome, nodeHandshake } from './node-handshake.js';
import { ProbeFailure } from './probe-failure.js';
import { rawProbe } from './raw-probe.js';

/** Alerts a server sends when it wanted a client certificate: handshake_failure, bad_certificate, unknown_ca, access_denied, certificate_required. */
const CLIENT_CERTIFICATE_ALERTS = new Set([40, 42, 48, 49, 116]);
/** TLS 1.3's certificate_required: sent only once the handshake got as far as the client's certificate. */
const CERTIFICATE_REQUIRED = 116;

/** What the version probes found. */
export interface VersionProbes {
  versions: Record<TlsVersion, VersionResult>;
  /** The most recent accepted handshake (chain as Node saw it, OCSP, TDS answer). */
  best?: AcceptedHandshake;
  /** The server's first flight to a TLS 1.2 ClientHello, in the clear. */
  flight?: ServerFlight;
  /** TLS 1.3 refused the missing client certificate after the handshake (undefined: could not tell). */
  tls13ClientCertificateRefused?: boolean;
}

/**
 * One OpenSSL handshake per version (security level 0, for this probe only) and one raw TLS 1.2
 * ClientHello for what TLS 1.2 shows in the clear. The first handshake (TLS 1.2) also tells whether
 * the endpoint can be reached at all: a ProbeFailure from it is the target's failure.
 */
export async function probeVersions(
  target: Pick<EndpointTarget, 'host' | 'port' | 'protocol'>,
  servername: string | undefined,
  timeoutMs: number,
): Promise<VersionProbes> {
  const settleMs = Math.min(1000, timeoutMs);
  const handshake = (version: TlsVersion) =>
    nodeHandshake(target, {
      version,
      ciphers: EVERY_CIPHER,
      servername,
      timeoutMs,
      requestOcsp: version === 'TLSv1.2' || version === 'TLSv1.3',
      ...(version === 'TLSv1.3' ? { settleMs } : {}),
    });
  const tls12 = await handshake('TLSv1.2');
  const [tls13, tls11, tls10, raw] = await Promise.all([
    handshake('TLSv1.3').catch(refusedOnFailure),
    handshake('TLSv1.1').catch(refusedOnFailure),
    handshake('TLSv1').catch(refusedOnFailure),
    rawProbe(target, { version: 0x0303, suites: TLS12_CODES, servername, until: 'flight', timeoutMs }).catch(
      () => undefined,
    ),
  ]);
  const outcomes: Record<TlsVersion, HandshakeOutcome> = {
    TLSv1: tls10,
    'TLSv1.1': tls11,
    'TLSv1.2': tls12,
    'TLSv1.3': tls13,
  };
  const flight = raw?.flight.serverHello === undefined ? undefined : raw.flight;
  const versions = {} as Record<TlsVersion, VersionResult>;
  for (const version of TLS_VERSIONS) versions[version] = versionResult(outcomes[version]);
  // TLS 1.3 refused for want of a client certificate: the version was negotiated (the chain, encrypted, stays unknown).
  const tls13Refused = !tls13.accepted && tls13.alert === CERTIFICATE_REQUIRED;
  if (tls13Refused) versions['TLSv1.3'] = { accepted: true, clientCertificateRequired: true };
  if (flight?.certificateRequest !== undefined)
    await confirmClientCertificateVersions(target, servername, timeoutMs, outcomes, versions);
  const best = [tls13, tls12, tls11, tls10].find((outcome): outcome is AcceptedHandshake => outcome.accepted);
  const probes: VersionProbes = { versions };
  if (best !== undefined) probes.best = best;
  if (flight !== undefined) probes.flight = flight;
  if (tls13.accepted && tls13.clientCertificateRefused !== undefined)
    probes.tls13ClientCertificateRefused = tls13.clientCertificateRefused;
  return probes;
}

/** Every TLS 1.0–1.2 suite code the scanner knows, modern first: the raw probe's offer. */
const TLS12_CODES = CIPHER_SUITES.filter((suite) => suite.since !== 'TLSv1.3').map((suite) => suite.code);

function refusedOnFailure(error: unknown): HandshakeOutcome {
  if (error instanceof ProbeFailure) return { accepted: false, reason: error.kind };
  throw error;
}

function versionResult(outcome: HandshakeOutcome): VersionResult {
  if (outcome.accepted) return { accepted: true, cipher: outcome.cipher };
  return { accepted: false, reason: outcome.reason };
}

/**
 * A TLS 1.0–1.2 handshake refused with a client-certificate alert, from a server that requests
 * one: ask again with the raw ClientHello; a ServerHello in that version means the version is
 * accepted and the certificate required.
 */
async function confirmClientCertificateVersions(
  target: Pick<EndpointTarget, 'host' | 'port' | 'protocol'>,
  servername: string | undefined,
  timeoutMs: number,
  outcomes: Record<TlsVersion, HandshakeOutcome>,
  versions: Record<TlsVersion, VersionResult>,
): Promise<void> {
  for (const version of ['TLSv1', 'TLSv1.1', 'TLSv1.2'] as const) {
    const outcome = outcomes[version];
    if (outcome.accepted || outcome.alert === undefined || !CLIENT_CERTIFICATE_ALERTS.has(outcome.alert)) continue;
    const wire = WIRE_VERSIONS[version];
    const result = await rawProbe(target, {
      version: wire,
      suites: TLS12_CODES,
      servername,
      until: 'flight',
      timeoutMs,
    }).catch(() => undefined);
    const flight = result?.flight;
    if (flight?.serverHello?.version === wire && flight.certificateRequest !== undefined) {
      versions[version] = { accepted: true, clientCertificateRequired: true };
    }
  }
}
