// Before a push switches AUPDVerifyCertificates on, the device must be able to verify OVOC: with it on, the
// device refuses OVOC unless OVOC's certificate chains to the roots the device holds (OVOC security
// guidelines). This checks OVOC's certificate — from a file, or as OVOC serves it — against root.pem.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { peerCertificateChain, readCertificates, validateChain } from '@certwright/core';
import { DeviceError } from '../client/errors.js';
import { sha256Hex } from '../client/tls-trust.js';

/** What checkOvocCertificate compares: OVOC's certificate (a file's, or as OVOC serves it) and the devices' roots. */
export interface OvocCheckInput {
  /** root.pem: the roots the devices will hold. */
  roots: string | Uint8Array;
  /** --ovoc-cert: OVOC's certificate, then its intermediates. */
  certificate?: { data: string | Uint8Array; source: string } | undefined;
  /** --ovoc-url: OVOC's HTTPS address; its certificate is taken from a TLS handshake (nothing else is sent). */
  url?: string | undefined;
  at?: Date | undefined;
  allowWeak?: boolean | undefined;
  timeoutMs?: number | undefined;
}

/** OVOC's certificate, checked: where it came from and its fingerprint. */
export interface OvocCheck {
  source: string;
  /** SHA-256 of OVOC's leaf, hex. */
  fingerprint: string;
}

/** Throws ERR_DEVICE_PREFLIGHT (field ovoc-cert or ovoc-url) unless OVOC's certificate chains to the roots. */
export async function checkOvocCertificate(input: OvocCheckInput): Promise<OvocCheck> {
  const field = input.url !== undefined ? 'ovoc-url' : 'ovoc-cert';
  const source = input.url ?? input.certificate?.source ?? 'OVOC certificate';
  const chain =
    input.url !== undefined
      ? await servedChain(input.url, input.timeoutMs ?? 15_000)
      : await readCertificates(input.certificate?.data ?? '', { source });
  const [leaf, ...intermediates] = chain;
  if (leaf === undefined) throw preflight(`${source}: no certificate`, field);
  const host = input.url === undefined ? undefined : bareHost(new URL(input.url).hostname);
  const result = validateChain({
    leaf,
    intermediates,
    trustAnchors: await readCertificates(input.roots, { source: 'root' }),
    purpose: 'server',
    profile: 'rfc5280',
    allowWeak: input.allowWeak ?? false,
    ...(host === undefined ? {} : isIP(host) ? { ip: host } : { hostname: host }),
    ...(input.at === undefined ? {} : { at: input.at }),
  });
  if (!result.valid) {
    const problems = result.problems.map((problem) => problem.code).join(', ');
    throw preflight(
      `${source}: OVOC's certificate does not chain to the pushed root (${problems}); with AUPDVerifyCertificates = 1 every device would refuse OVOC`,
      field,
    );
  }
  return { source, fingerprint: sha256Hex(leaf) };
}

/** The certificates a TLS server presents, leaf first, as DER. */
function servedChain(url: string, timeoutMs: number): Promise<Uint8Array[]> {
  const target = new URL(url);
  if (target.protocol !== 'https:') return Promise.reject(preflight(`${url}: not an https URL`, 'ovoc-url'));
  const host = bareHost(target.hostname);
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port: Number(target.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      // Trust is decided below, against root.pem; nothing is sent over this connection.
      rejectUnauthorized: false,
    });
    const timer = setTimeout(() => socket.destroy(new Error(`no TLS handshake within ${timeoutMs} ms`)), timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(preflight(`${url}: ${error.message}`, 'ovoc-url'));
    });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const chain = peerCertificateChain(socket.getPeerCertificate(true));
      socket.destroy();
      // A self-signed root the server sent along is an anchor question, not a chain link.
      resolve(chain.filter((der, index) => index === 0 || !selfIssued(der)));
    });
  });
}

function selfIssued(der: Uint8Array): boolean {
  const certificate = new X509Certificate(der);
  return certificate.subject === certificate.issuer;
}

function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

function preflight(message: string, field: string): DeviceError {
  return new DeviceError('ERR_DEVICE_PREFLIGHT', message, { device: 'pre-flight', field });
}
