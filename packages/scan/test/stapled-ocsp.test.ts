import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTarget, scan } from '../src/index.js';
import { sClient } from './support/servers.js';

// The OCSP test vectors (responses made by `openssl ocsp`), stapled by a Node TLS server that serves
// the vectors' leaf with its key, scanned at the vectors' validation time.
const VECTORS = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const read = (path: string) => readFileSync(`${VECTORS}${path}`);
const AT = new Date('2030-06-01T00:00:00Z');

const servers: Server[] = [];
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

async function stapling(vector: string): Promise<number> {
  const server = createServer(
    {
      cert: Buffer.concat([read(`ocsp/${vector}/leaf.crt`), read(`ocsp/${vector}/ca.crt`)]),
      key: read('keys/test-rsa-2048.key'),
      maxVersion: 'TLSv1.2',
    },
    (socket) => socket.end(),
  );
  server.on(
    'OCSPRequest',
    (_certificate: Buffer, _issuer: Buffer, callback: (error: Error | null, response?: Buffer) => void) =>
      callback(null, read(`ocsp/${vector}/response.der`)),
  );
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

async function scanPort(port: number, vector: string) {
  const report = await scan({
    targets: [parseTarget(`127.0.0.1:${port}`, ['localhost'])],
    trustAnchors: [read(`ocsp/${vector}/root.crt`)],
    at: AT,
  });
  return report.endpoints[0];
}

describe('a stapled OCSP response', () => {
  it('good: checked with core’s OCSP checker, no finding; openssl s_client -status sees it stapled', async () => {
    const port = await stapling('issuer-signed-good');
    const endpoint = await scanPort(port, 'issuer-signed-good');
    expect(endpoint?.ocsp).toMatchObject({ stapled: true, status: 'good' });
    expect(endpoint?.findings.map((finding) => finding.code)).not.toContain('ocsp-problem');
    const openssl = await sClient(port, ['-status', '-tls1_2']);
    expect(openssl.output).toContain('Cert Status: good');
  });

  it('revoked: a critical finding', async () => {
    const endpoint = await scanPort(await stapling('revoked'), 'revoked');
    expect(endpoint?.ocsp?.status).toBe('revoked');
    expect(endpoint?.findings.find((finding) => finding.code === 'revoked')?.severity).toBe('critical');
  });

  it('for another certificate (wrong CertID): not usable, and said so', async () => {
    const endpoint = await scanPort(await stapling('wrong-certid'), 'wrong-certid');
    expect(endpoint?.ocsp?.status).toBe('unusable');
    expect(endpoint?.findings.map((finding) => finding.code)).toContain('ocsp-problem');
  });

  it('none stapled: stapled false', async () => {
    const server = createServer(
      { cert: read('ocsp/issuer-signed-good/leaf.crt'), key: read('keys/test-rsa-2048.key') },
      (socket) => socket.end(),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push(server);
    const endpoint = await scanPort((server.address() as AddressInfo).port, 'issuer-signed-good');
    expect(endpoint?.ocsp).toEqual({ stapled: false });
  });
});
