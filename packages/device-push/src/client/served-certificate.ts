import { isIP } from 'node:net';
import { connect } from 'node:tls';
import type { Endpoint } from './agent.js';
import { connectionError, timeoutError } from './agent.js';
import { DeviceError } from './errors.js';
import { secureContextFor } from './secure-context.js';
import { servedLeaf, sha256Hex, untrustedReason } from './tls-trust.js';

/** The certificate a device presents on a brand-new connection. */
export interface ServedCertificate {
  der: Uint8Array;
  /** SHA-256 of the DER, lower-case hex. */
  fingerprint: string;
  /** Whether the endpoint's trust settings accept it (CA chain with host match, or a pin). */
  trusted: boolean;
  protocol: string | null;
}

/**
 * One TLS handshake on a new socket: no agent, no keep-alive, no session offered for resumption,
 * so the answer is what a new client sees now. Sends no HTTP and no credentials.
 */
export function fetchServedCertificate(endpoint: Endpoint): Promise<ServedCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: endpoint.host,
      port: endpoint.port,
      ...(isIP(endpoint.host) ? {} : { servername: endpoint.host }),
      rejectUnauthorized: false,
      secureContext: secureContextFor(endpoint.trust.caPem, endpoint.clientIdentity),
    });
    const timer = setTimeout(() => socket.destroy(timeoutError(endpoint)), endpoint.timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof DeviceError ? error : connectionError(endpoint, error));
    });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const der = servedLeaf(socket);
      const protocol = socket.getProtocol();
      const trusted = untrustedReason(socket, endpoint.trust) === undefined;
      socket.destroy();
      if (der === undefined) {
        reject(
          new DeviceError('ERR_DEVICE_TLS_HANDSHAKE', 'the device sent no certificate', { device: endpoint.device }),
        );
        return;
      }
      resolve({ der, fingerprint: sha256Hex(der), trusted, protocol });
    });
  });
}
