import type { EndpointTarget } from '../targets/types.js';
import { CIPHER_SUITES, type CipherSuite, suiteByCode, suiteByName } from '../tls/cipher-suites.js';
import { locallyOffered, suiteAppliesTo } from '../tls/local-suites.js';
import { type TlsVersion, WIRE_VERSIONS } from '../tls/versions.js';
import { weakSuiteReasons } from '../tls/weak-suites.js';
import type { AcceptedSuite } from '../report/types.js';
import { EVERY_CIPHER, nodeHandshake } from './node-handshake.js';
import { rawProbe } from './raw-probe.js';

/** Where one endpoint is and how patient to be. */
export interface SuiteProbeContext {
  target: Pick<EndpointTarget, 'host' | 'port' | 'protocol'>;
  servername: string | undefined;
  timeoutMs: number;
}

/**
 * The suites an endpoint accepts in one version, in its order of preference: offer every candidate,
 * note the one it picks, offer the rest again, until it refuses (as sslyze and testssl.sh do).
 * OpenSSL handshakes for the suites it can offer; the raw ClientHello probe for the others, and for
 * everything when the server demands a client certificate (its ServerHello still names the suite).
 */
export async function enumerateSuites(
  context: SuiteProbeContext,
  version: TlsVersion,
  clientCertificateRequired: boolean,
): Promise<AcceptedSuite[]> {
  const candidates = CIPHER_SUITES.filter((suite) => suiteAppliesTo(suite, version));
  const viaOpenssl = clientCertificateRequired && version !== 'TLSv1.3' ? [] : candidates.filter(locallyOffered);
  const viaRaw = version === 'TLSv1.3' ? [] : candidates.filter((suite) => !viaOpenssl.includes(suite));
  const accepted = await eliminateWithOpenssl(context, version, viaOpenssl);
  accepted.push(...(await eliminateWithRawHello(context, version, viaRaw)));
  return accepted;
}

async function eliminateWithOpenssl(
  context: SuiteProbeContext,
  version: TlsVersion,
  candidates: readonly CipherSuite[],
): Promise<AcceptedSuite[]> {
  const accepted: AcceptedSuite[] = [];
  let remaining = [...candidates];
  while (remaining.length > 0) {
    const names = remaining.map((suite) => suite.name).join(':');
    // TLS 1.3 suites go with a TLS 1.2 list too: Node refuses a cipher string without one.
    const ciphers = version === 'TLSv1.3' ? `${names}:${EVERY_CIPHER}` : `${names}:@SECLEVEL=0`;
    const outcome = await nodeHandshake(context.target, {
      version,
      ciphers,
      servername: context.servername,
      timeoutMs: context.timeoutMs,
    });
    if (!outcome.accepted) break;
    const suite = suiteByName(outcome.cipher);
    if (suite === undefined || !remaining.includes(suite)) break;
    accepted.push(describe(suite, 'openssl'));
    remaining = remaining.filter((other) => other !== suite);
  }
  return accepted;
}

async function eliminateWithRawHello(
  context: SuiteProbeContext,
  version: TlsVersion,
  candidates: readonly CipherSuite[],
): Promise<AcceptedSuite[]> {
  if (version === 'TLSv1.3') return [];
  const wire = WIRE_VERSIONS[version];
  const accepted: AcceptedSuite[] = [];
  let remaining = [...candidates];
  while (remaining.length > 0) {
    const result = await rawProbe(context.target, {
      version: wire,
      suites: remaining.map((suite) => suite.code),
      servername: context.servername,
      until: 'hello',
      timeoutMs: context.timeoutMs,
    });
    const hello = result.flight.serverHello;
    if (hello === undefined || hello.version !== wire) break;
    const suite = suiteByCode(hello.suite);
    if (suite === undefined || !remaining.includes(suite)) break;
    accepted.push(describe(suite, 'raw'));
    remaining = remaining.filter((other) => other !== suite);
  }
  return accepted;
}

/** A suite as the report lists it. */
export function describe(suite: CipherSuite, probe: AcceptedSuite['probe']): AcceptedSuite {
  return {
    name: suite.name,
    code: `0x${suite.code.toString(16).padStart(4, '0')}`,
    weak: weakSuiteReasons(suite),
    probe,
  };
}
