import { type Endpoint, tlsHandshake } from './agent.js';
import { DeviceError } from './errors.js';
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
export async function fetchServedCertificate(endpoint: Endpoint): Promise<ServedCertificate> {
  const socket = await tlsHandshake(endpoint);
  // Leaf first: Node 20's getPeerX509Certificate answers only once per socket.
  const der = servedLeaf(socket);
  const protocol = socket.getProtocol();
  const trusted = untrustedReason(socket, endpoint.trust) === undefined;
  socket.destroy();
  if (der === undefined) {
    throw new DeviceError('ERR_DEVICE_TLS_HANDSHAKE', 'the device sent no certificate', { device: endpoint.device });
  }
  return { der, fingerprint: sha256Hex(der), trusted, protocol };
}

/**
 * The SHA-256 (hex) of the leaf a device presents on a brand-new connection, for a caller that compares it
 * with a fingerprint it already trusts (the certificate just pushed, the one served before): a completed
 * handshake proves the device holds that certificate's key, and equal fingerprints prove the certificate.
 * The chain is not checked against the CA bundle, since nothing here depends on it. Sends no HTTP.
 */
export async function fetchServedFingerprint(endpoint: Endpoint): Promise<string> {
  const socket = await tlsHandshake(endpoint, { verifyChain: false });
  const der = servedLeaf(socket);
  socket.destroy();
  if (der === undefined) {
    throw new DeviceError('ERR_DEVICE_TLS_HANDSHAKE', 'the device sent no certificate', { device: endpoint.device });
  }
  return sha256Hex(der);
}
