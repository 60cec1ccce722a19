import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCsr,
  createLabCa,
  exportPrivateKeyPem,
  generateKey,
  type LabCa,
  type LinkedPeerCertificate,
  peerCertificateChain,
  signCsr,
} from '../src/index.js';

const der = (pem: string) => new Uint8Array(new X509Certificate(pem).raw);

/** What a client sees of the server in one loopback handshake, the chain walked by peerCertificateChain. */
function servedChain(port: number, trust?: string): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(
      trust === undefined
        ? { host: '127.0.0.1', port, rejectUnauthorized: false }
        : { host: '127.0.0.1', port, ca: trust, checkServerIdentity: () => undefined },
    );
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const chain = peerCertificateChain(socket.getPeerCertificate(true));
      socket.end();
      resolve(chain);
    });
  });
}

describe('peerCertificateChain: the chain a TLS server sent, from Node’s issuer links', () => {
  let ca: LabCa;
  let leafPem: string;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    const at = new Date('2026-01-10T00:00:00Z');
    ca = await createLabCa({ intermediates: 2, keySpec: { type: 'ec', curve: 'P-256' }, at });
    const key = await generateKey({ type: 'ec', curve: 'P-256' });
    const csr = await createCsr({ key, subject: { cn: 'peer.example' }, sans: [{ type: 'ip', value: '127.0.0.1' }] });
    const issuer = ca.intermediates[1] as LabCa['root'];
    leafPem = (await signCsr({ csr: csr.pem, issuerCertificate: issuer.certificatePem, issuerKey: issuer.key, at }))
      .pem;
    // The leaf and both intermediates; the root only the trusting client holds.
    const cert = [leafPem, issuer.certificatePem, ca.intermediates[0]?.certificatePem].join('');
    server = createServer({ key: await exportPrivateKeyPem(key), cert }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('untrusted: the leaf, then each issuer the server sent, in issuer order', async () => {
    const chain = await servedChain(port);
    const expected = [leafPem, ca.intermediates[1]?.certificatePem, ca.intermediates[0]?.certificatePem];
    expect(chain).toEqual(expected.map((pem) => der(pem as string)));
  });

  it('trusted: ends at the root, which links to itself', async () => {
    const chain = await servedChain(port, ca.root.certificatePem);
    expect(chain.at(-1)).toEqual(der(ca.root.certificatePem));
    expect(chain).toHaveLength(4);
  });

  it('stops at a certificate already listed, and at one with no issuer link', () => {
    const [a, b] = [der(leafPem), der(ca.root.certificatePem)];
    const first = { raw: Buffer.from(a), fingerprint256: 'A' } as LinkedPeerCertificate;
    const second = { raw: Buffer.from(b), fingerprint256: 'B', issuerCertificate: first } as LinkedPeerCertificate;
    first.issuerCertificate = second;
    expect(peerCertificateChain(first)).toEqual([a, b]);
    const alone = { raw: Buffer.from(a), fingerprint256: 'A' } as LinkedPeerCertificate;
    expect(peerCertificateChain(alone)).toEqual([a]);
  });
});
