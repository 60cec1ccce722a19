import { Agent, type ClientRequestArgs } from 'node:http';
import { isIP, connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import { DeviceError } from './errors.js';
import { secureContextFor } from './secure-context.js';
import { type ClientIdentity, type TlsTrust, untrustedReason } from './tls-trust.js';

/** Where and how to connect to one device. */
export interface Endpoint {
  device: string;
  host: string;
  port: number;
  /** `http` only with the caller's explicit consent (allowHttp). */
  protocol: 'https' | 'http';
  trust: TlsTrust;
  clientIdentity?: ClientIdentity | undefined;
  timeoutMs: number;
}

/**
 * An HTTP agent whose connections are TLS sockets checked against the endpoint's trust BEFORE the
 * agent hands them to a request, so no credential is ever written to an untrusted peer. Each socket is
 * a full handshake (no TLS session is cached or offered), so every connection re-checks trust.
 * Keep-alive reuse between one device's sequential requests saves handshakes; `freshConnection`
 * requests (and servedCertificate) bypass it.
 */
export class DeviceAgent extends Agent {
  /** `endpoint` is read for each new socket, so widened trust (a new pin) applies without dropping pooled ones. */
  constructor(private readonly endpoint: () => Endpoint) {
    super({ keepAlive: true, maxSockets: 1, keepAliveMsecs: 1000 });
  }

  override createConnection(
    _options: ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    openConnection(this.endpoint()).then(
      (socket) => callback?.(null, socket),
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

/** Opens a plain TCP or a trust-checked TLS connection, failing with a DeviceError. */
export function openConnection(endpoint: Endpoint): Promise<Duplex> {
  return endpoint.protocol === 'http' ? openPlain(endpoint) : openTls(endpoint);
}

function openPlain(endpoint: Endpoint): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: endpoint.host, port: endpoint.port });
    const timer = setTimeout(() => socket.destroy(timeoutError(endpoint)), endpoint.timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(connectionError(endpoint, error));
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

async function openTls(endpoint: Endpoint): Promise<Duplex> {
  const socket = await tlsHandshake(endpoint);
  const reason = untrustedReason(socket, endpoint.trust);
  if (reason !== undefined) {
    socket.destroy();
    throw new DeviceError('ERR_DEVICE_TLS_UNTRUSTED', reason, { device: endpoint.device });
  }
  return socket;
}

/**
 * A completed TLS handshake on a new socket (no session offered for resumption), within the
 * endpoint's timeout; trust is the caller's to decide (CA or pin, which Node's own check cannot
 * express), so nothing may be written to the socket before that. `verifyChain: false` leaves the CA
 * bundle out: for a caller that only compares the served leaf's fingerprint with one it already trusts,
 * and so need not pay for the chain check and Node's conversion of the chain to objects that follows.
 */
export function tlsHandshake(endpoint: Endpoint, options: { verifyChain?: boolean } = {}): Promise<TLSSocket> {
  const caPem = options.verifyChain === false ? undefined : endpoint.trust.caPem;
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host: endpoint.host,
      port: endpoint.port,
      ...(isIP(endpoint.host) ? {} : { servername: endpoint.host }),
      rejectUnauthorized: false,
      secureContext: secureContextFor(caPem, endpoint.clientIdentity),
    });
    const timer = setTimeout(() => socket.destroy(timeoutError(endpoint)), endpoint.timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof DeviceError ? error : connectionError(endpoint, error));
    });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

export function timeoutError(endpoint: Endpoint): DeviceError {
  return new DeviceError('ERR_DEVICE_TIMEOUT', `no answer within ${endpoint.timeoutMs} ms`, {
    device: endpoint.device,
  });
}

/** Refused, reset, unreachable: the device may be restarting. TLS-level failures get their own code. */
export function connectionError(endpoint: Endpoint, error: Error): DeviceError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  // Node's own OpenSSL error codes (ERR_SSL_…, ERR_TLS_…), not Certwright's.
  const tls = /^ERR_(?:SSL|TLS)/.test(code) || /SSL|TLS|alert/i.test(error.message);
  const reason = code === '' ? error.message : code;
  return tls
    ? new DeviceError(
        'ERR_DEVICE_TLS_HANDSHAKE',
        `TLS failed (${reason})`,
        { device: endpoint.device },
        { cause: error },
      )
    : new DeviceError(
        'ERR_DEVICE_CONNECTION',
        `connection failed (${reason})`,
        { device: endpoint.device },
        { cause: error },
      );
}
