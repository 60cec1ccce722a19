import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { type ConnectionOptions, connect } from 'node:tls';
import { peerCertificateChain } from '@certwright/core';
import { NetworkError } from '../errors.js';
import { systemReason } from '../system-reason.js';

/** What a TLS server sent in one handshake. */
export interface ServedChain {
  /** The certificates the server sent, its own first, as DER. */
  certificates: Uint8Array[];
  protocol: string | null;
  /** The OCSP response the server stapled (status_request), as DER; undefined when it sent none. */
  ocspResponse: Uint8Array | undefined;
}

/** `host:port` or `[v6]:port` as parts; undefined for anything else. */
export function splitHostPort(text: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535) return undefined;
  return { host: (match[1] ?? match[2]) as string, port };
}

/**
 * Makes one TLS handshake on a new connection (no session resumption, no pooled socket) and
 * returns the chain the server sent. Trust is not decided here: the caller compares the served
 * certificates with the files, so the handshake accepts whatever is served.
 */
export function probeServedChain(host: string, port: number, timeoutMs = 10_000): Promise<ServedChain> {
  return new Promise((resolve, reject) => {
    // requestOCSP asks for a stapled OCSP response (it arrives, when sent, before secureConnect);
    // Node takes it in tls.connect though @types/node lists it only for new TLSSocket.
    const options: ConnectionOptions & { requestOCSP: boolean } = {
      host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      requestOCSP: true,
    };
    const socket = connect(options);
    let ocspResponse: Uint8Array | undefined;
    socket.once('OCSPResponse', (response: Buffer | null) => {
      if (response !== null && response.byteLength > 0) ocspResponse = new Uint8Array(response);
    });
    const fail = (error: Error) => {
      socket.destroy();
      const reason = systemReason(error, 'connecting');
      reject(
        new NetworkError('ERR_NETWORK_CONNECT', `--connect ${host}:${port}: TLS handshake failed: ${reason}`, {
          cause: error,
        }),
      );
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer within ${timeoutMs / 1000} s`)));
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      const certificates = peerCertificateChain(socket.getPeerCertificate(true));
      const protocol = socket.getProtocol();
      socket.end();
      resolve({ certificates, protocol, ocspResponse });
    });
  });
}

/** A short name for a served certificate in messages. */
export function describeServed(der: Uint8Array): string {
  return new X509Certificate(der).subject.replaceAll('\n', ', ');
}
