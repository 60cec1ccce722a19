import { isIP } from 'node:net';
import { peerCertificateChain } from '@certwright/core';
import { type ConnectionOptions, connect, createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import { type OpenedStream, openTlsStream } from '../transport/open-tls-stream.js';
import type { EndpointTarget } from '../targets/types.js';
import type { TlsVersion } from '../tls/versions.js';

/** OpenSSL's widest cipher list at its lowest security level: what the version probes offer. */
export const EVERY_CIPHER = 'ALL:COMPLEMENTOFALL:@SECLEVEL=0';

/** One handshake's settings. */
export interface HandshakeOptions {
  version: TlsVersion;
  /** An OpenSSL cipher string (TLS 1.3 suite names for TLS 1.3). */
  ciphers: string;
  /** SNI; none when undefined or an IP address. */
  servername?: string | undefined;
  requestOcsp?: boolean;
  timeoutMs: number;
  /**
   * TLS 1.3 only: after the handshake, wait this long for the server's session ticket or alert. A
   * server that demands a client certificate says so only after the client's Finished.
   */
  settleMs?: number;
}

/** What one handshake showed. */
export type HandshakeOutcome = AcceptedHandshake | RefusedHandshake;

export interface AcceptedHandshake {
  accepted: true;
  protocol: string;
  /** OpenSSL's name of the negotiated suite. */
  cipher: string;
  /** The certificates as Node saw them, leaf first (ordered by issuer, extras dropped). */
  chain: Uint8Array[];
  /** The stapled OCSP response, when asked for and sent. */
  ocspResponse?: Uint8Array;
  /** TLS 1.3 with settleMs: the server refused the missing client certificate after the handshake. */
  clientCertificateRefused?: boolean;
  /** MS-SQL: the server's PRELOGIN encryption answer. */
  tdsEncryption?: OpenedStream['tdsEncryption'];
}

export interface RefusedHandshake {
  accepted: false;
  /** Node's or OpenSSL's code for the failure, e.g. ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION, or `timeout`. */
  reason: string;
  /** The TLS alert number the server sent, when it sent one. */
  alert?: number;
}

/**
 * One handshake limited to one TLS version, with OpenSSL's security level lowered for this
 * connection only (old versions and suites need it), certificates accepted whatever they are: the
 * scan judges them afterwards. Network failures before TLS throw a ProbeFailure.
 */
export async function nodeHandshake(
  target: Pick<EndpointTarget, 'host' | 'port' | 'protocol'>,
  options: HandshakeOptions,
): Promise<HandshakeOutcome> {
  const opened = await openTlsStream(target, options.timeoutMs);
  return new Promise((resolve) => {
    let current: TLSSocket | undefined;
    let ocspResponse: Uint8Array | undefined;
    let settled = false;
    const finish = (outcome: HandshakeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      current?.destroy();
      opened.socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ accepted: false, reason: 'timeout' }), options.timeoutMs);
    try {
      // requestOCSP is a TLSSocket option that tls.connect passes on; @types/node lists it on TLSSocket only.
      const settings: ConnectionOptions & { requestOCSP?: boolean } = {
        socket: opened.stream,
        secureContext: contextFor(options.version, options.ciphers),
        ...(options.servername === undefined || isIP(options.servername) ? {} : { servername: options.servername }),
        rejectUnauthorized: false,
        requestOCSP: options.requestOcsp === true,
      };
      current = connect(settings);
    } catch (error) {
      // The local OpenSSL cannot offer what was asked (e.g. a cipher string it does not know).
      finish({ accepted: false, reason: (error as NodeJS.ErrnoException).code ?? 'local-openssl' });
      return;
    }
    const socket = current;
    // Node reports an empty response when the server stapled nothing.
    socket.on('OCSPResponse', (response: Buffer | null) => {
      if (response !== null && response.length > 0) ocspResponse = new Uint8Array(response);
    });
    // TCP (and any preamble) succeeded: whatever fails now is the server refusing this handshake.
    socket.once('error', (error: NodeJS.ErrnoException) => {
      finish({ accepted: false, reason: error.code ?? error.message, ...alertOf(error) });
    });
    socket.once('secureConnect', () => {
      opened.handshakeDone();
      const accepted: AcceptedHandshake = {
        accepted: true,
        protocol: socket.getProtocol() ?? options.version,
        cipher: socket.getCipher().name,
        chain: peerCertificateChain(socket.getPeerCertificate(true)),
        ...(opened.tdsEncryption === undefined ? {} : { tdsEncryption: opened.tdsEncryption }),
      };
      if (ocspResponse !== undefined) accepted.ocspResponse = ocspResponse;
      if (options.version !== 'TLSv1.3' || options.settleMs === undefined) {
        finish(accepted);
        return;
      }
      settleTls13(socket, options.settleMs, (refused) => {
        if (ocspResponse !== undefined) accepted.ocspResponse = ocspResponse;
        finish(refused === undefined ? accepted : { ...accepted, clientCertificateRefused: refused });
      });
    });
  });
}

/**
 * One SecureContext per version and cipher string, shared by every connection that uses them: a new
 * context per connection costs native memory the garbage collector does not see, and a
 * 10,000-target scan makes 50,000 connections.
 */
const contexts = new Map<string, SecureContext>();

function contextFor(version: TlsVersion, ciphers: string): SecureContext {
  const key = `${version} ${ciphers}`;
  let context = contexts.get(key);
  if (context === undefined) {
    // Suite enumeration makes many cipher strings; keep the cache small.
    if (contexts.size >= 256) contexts.clear();
    context = createSecureContext({ minVersion: version, maxVersion: version, ciphers });
    contexts.set(key, context);
  }
  return context;
}

/**
 * After a TLS 1.3 handshake: a session ticket means the server took the client's (empty) certificate;
 * an alert means it refused it. Neither within `settleMs`: unknown (undefined).
 */
function settleTls13(socket: TLSSocket, settleMs: number, done: (refused: boolean | undefined) => void): void {
  let over = false;
  const end = (refused: boolean | undefined) => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    done(refused);
  };
  const timer = setTimeout(() => end(undefined), settleMs);
  socket.once('session', () => end(false));
  socket.on('error', (error: NodeJS.ErrnoException) => end(alertOf(error).alert !== undefined ? true : undefined));
  socket.once('end', () => end(undefined));
  socket.resume();
}

/** The alert number in an OpenSSL error message ("SSL alert number 40"). */
function alertOf(error: Error): { alert?: number } {
  const match = /alert number (\d+)/.exec(error.message);
  return match ? { alert: Number(match[1]) } : {};
}
