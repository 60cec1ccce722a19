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
 * The TLS session of one device's pooled connections: taken only from a connection whose certificate
 * this client trusted, and offered only to that device when its pooled connection is reopened (after
 * close() between a fleet's pre-flight and its push, or after a dropped connection). A device that
 * resumes it proves it holds that trusted session's secret, so the resumed connection needs no new
 * certificate check; a device that does not (it reset, or serves another pair) gets a full handshake,
 * checked as always. Fresh connections and the served-certificate checks never offer it.
 */
export class SessionSlot {
  #session: Buffer | undefined;

  get session(): Buffer | undefined {
    return this.#session;
  }

  keep(session: Buffer): void {
    this.#session = session;
  }

  forget(): void {
    this.#session = undefined;
  }
}

/**
 * An HTTP agent whose connections are TLS sockets checked against the endpoint's trust BEFORE the
 * agent hands them to a request, so no credential is ever written to an untrusted peer: a full
 * handshake's certificate is checked, a resumed one's session came from a checked connection (see
 * SessionSlot). Keep-alive reuse between one device's sequential requests saves handshakes;
 * `freshConnection` requests (and the served-certificate checks) bypass it.
 */
export class DeviceAgent extends Agent {
  /** `endpoint` is read for each new socket, so widened trust (a new pin) applies without dropping pooled ones. */
  constructor(
    private readonly endpoint: () => Endpoint,
    private readonly sessions?: SessionSlot,
  ) {
    super({ keepAlive: true, maxSockets: 1, keepAliveMsecs: 1000 });
  }

  override createConnection(
    _options: ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    openConnection(this.endpoint(), this.sessions).then(
      (socket) => callback?.(null, socket),
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

/** Opens a plain TCP or a trust-checked TLS connection (resuming the slot's session, if any), failing with a DeviceError. */
export function openConnection(endpoint: Endpoint, sessions?: SessionSlot): Promise<Duplex> {
  return endpoint.protocol === 'http' ? openPlain(endpoint) : openTls(endpoint, sessions);
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

async function openTls(endpoint: Endpoint, sessions: SessionSlot | undefined): Promise<Duplex> {
  let latest: Buffer | undefined;
  let trusted = false;
  // A TLS 1.3 ticket may come before or after the handshake completes; it is kept once the peer is trusted.
  const onSession = (session: Buffer) => {
    latest = session;
    if (trusted) sessions?.keep(session);
  };
  const socket = await tlsHandshake(endpoint, {
    session: sessions?.session,
    ...(sessions === undefined ? {} : { onSession }),
  });
  // Resumed: the device holds the secret of a session this client trusted (only such sessions are kept).
  const reason = socket.isSessionReused() ? undefined : untrustedReason(socket, endpoint.trust);
  if (reason !== undefined) {
    socket.destroy();
    throw new DeviceError('ERR_DEVICE_TLS_UNTRUSTED', reason, { device: endpoint.device });
  }
  trusted = true;
  if (latest !== undefined) sessions?.keep(latest);
  return socket;
}

/**
 * A completed TLS handshake on a new socket (no session offered for resumption unless `session` is
 * given), within the endpoint's timeout; trust is the caller's to decide (CA or pin, which Node's own check cannot
 * express), so nothing may be written to the socket before that. `verifyChain: false` leaves the CA
 * bundle out: for a caller that only compares the served leaf's fingerprint with one it already trusts,
 * and so need not pay for the chain check and Node's conversion of the chain to objects that follows.
 */
export function tlsHandshake(
  endpoint: Endpoint,
  options: { verifyChain?: boolean; session?: Buffer | undefined; onSession?: (session: Buffer) => void } = {},
): Promise<TLSSocket> {
  const caPem = options.verifyChain === false ? undefined : endpoint.trust.caPem;
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host: endpoint.host,
      port: endpoint.port,
      ...(isIP(endpoint.host) ? {} : { servername: endpoint.host }),
      rejectUnauthorized: false,
      secureContext: secureContextFor(caPem, endpoint.clientIdentity),
      ...(options.session === undefined ? {} : { session: options.session }),
    });
    if (options.onSession !== undefined) socket.on('session', options.onSession);
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
