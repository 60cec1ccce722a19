import type { PeerCertificate } from 'node:tls';

/** Node's peer certificate with its issuer link, as `getPeerCertificate(true)` returns it. */
export type LinkedPeerCertificate = PeerCertificate & { issuerCertificate?: LinkedPeerCertificate };

/**
 * The certificates of a TLS peer as DER, its own first, by walking Node's `issuerCertificate`
 * links from `socket.getPeerCertificate(true)`: Node links each certificate to its issuer among
 * those received (and, on a verified connection, the trusted root). The walk ends where a
 * certificate links to itself (a root) or to one already listed, or has no issuer link.
 *
 * @example
 * socket.once('secureConnect', () => console.log(peerCertificateChain(socket.getPeerCertificate(true)).length));
 */
export function peerCertificateChain(peer: LinkedPeerCertificate): Uint8Array[] {
  const chain: Uint8Array[] = [];
  const seen = new Set<string>();
  let current: LinkedPeerCertificate | undefined = peer;
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(new Uint8Array(current.raw));
    current = current.issuerCertificate;
  }
  return chain;
}
