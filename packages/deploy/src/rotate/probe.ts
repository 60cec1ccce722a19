import { X509Certificate } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'node:tls';
import type { PlanProbe } from './plan.js';
import { systemReason } from '../system-reason.js';

/** What the node's HTTPS port served, last time we asked. */
export interface ProbeOutcome {
  /** True once a handshake served the expected certificate. */
  matched: boolean;
  /** The served certificate's subject and SHA-256 fingerprint, or why no handshake completed. */
  served: string;
  attempts: number;
}

const HANDSHAKE_TIMEOUT_MS = 5000;
const RETRY_PAUSE_MS = 250;

/**
 * Makes fresh TLS handshakes (new connection, no session reuse) with the node's HTTPS port until
 * it serves `expected` (DER) or the probe's timeout passes: a reloaded server takes a moment to
 * listen again. Trust is not the question here — which certificate is served is — so any
 * certificate is accepted and compared byte for byte.
 */
export async function probeUntilServed(probe: PlanProbe, expected: Uint8Array): Promise<ProbeOutcome> {
  const deadline = Date.now() + probe.timeoutSeconds * 1000;
  const wanted = Buffer.from(expected);
  let attempts = 0;
  let served = 'nothing yet';
  for (;;) {
    attempts++;
    try {
      const leaf = await servedLeaf(probe);
      if (leaf.equals(wanted)) return { matched: true, served: describe(leaf), attempts };
      served = describe(leaf);
    } catch (error) {
      served = `no TLS handshake: ${systemReason(error, 'connecting')}`;
    }
    if (Date.now() + RETRY_PAUSE_MS > deadline) return { matched: false, served, attempts };
    await sleep(RETRY_PAUSE_MS);
  }
}

/** One handshake on a new connection; the server's own certificate as DER. */
function servedLeaf(probe: PlanProbe): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: probe.host,
      port: probe.port,
      ...(probe.serverName === undefined ? {} : { servername: probe.serverName }),
      rejectUnauthorized: false,
      session: undefined,
    });
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(HANDSHAKE_TIMEOUT_MS, () =>
      fail(new Error(`no handshake within ${HANDSHAKE_TIMEOUT_MS / 1000} s`)),
    );
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate().raw;
      socket.destroy();
      if (raw) resolve(raw);
      else reject(new Error('no certificate served'));
    });
  });
}

/** Subject and fingerprint: enough for an operator to tell the old certificate from the new one. */
export function describe(der: Uint8Array): string {
  const certificate = new X509Certificate(der);
  return `${certificate.subject.replaceAll('\n', ', ')} (SHA-256 ${certificate.fingerprint256})`;
}
