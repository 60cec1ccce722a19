import type { PeerCertificate } from 'node:tls';

/** Node's peer certificate with its issuer link, as `getPeerCertificate(true)` returns it. */
export type LinkedPeerCertificate = PeerCertificate & { issuerCertificate?: LinkedPeerCertificate };

/**
 * The certificates of a TLS peer as DER, its own first, by walking Node's `issuerCertificate`
 * links from `socket.getPeerCertificate(true)`: Node links each certificate to its issuer among
 * those received (and, on a verified connection, the trusted root). The walk ends where a
 * certificate links to itself (a root) or to one already listed, or has no issuer link.
 * Node 20 stops linking early when a certificate's issuer is the last one left of those sent
 * (sent leaf, ca1, ca2 with ca2 issuing the leaf and ca1 issuing ca2: only leaf and ca2 are
 * linked), so a chain sent out of order can come back short. Servers Certwright installs send
 * theirs in order; the scan reads TLS 1.0–1.2 chains from the wire instead.
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
