import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOvocCertificate } from '../../src/profiles/ovoc-check.js';
import { type BoardFiles, makeBoardFiles } from '../client/fixtures.js';

/** A TLS server on loopback that serves the given certificate text (leaf first) and answers nothing. */
async function servingOvoc(certificatePem: string, keyPem: string): Promise<{ server: Server; url: string }> {
  const server = createServer({ cert: certificatePem, key: keyPem }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function leafFingerprint(pem: string): string {
  const base64 = pem.split('-----')[2]?.replace(/\s/g, '') ?? '';
  return createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
}

describe('checkOvocCertificate with --ovoc-url: OVOC as it serves itself, over a real TLS handshake', () => {
  let board: BoardFiles;
  let withRoot: { server: Server; url: string };

  beforeAll(async () => {
    board = makeBoardFiles();
    // The root sent along: a self-signed root is an anchor question, not a chain link.
    withRoot = await servingOvoc(`${board.certificatePem}${board.rootPem}`, board.keyPem);
  });
  afterAll(() => withRoot?.server.close());

  it('passes when the served certificate chains to the devices root and names the address', async () => {
    const check = await checkOvocCertificate({ roots: board.rootPem, url: withRoot.url });
    expect(check).toEqual({ source: withRoot.url, fingerprint: leafFingerprint(board.certificatePem) });
  });

  it('refuses, naming the field, when it does not chain to the roots the devices will hold', async () => {
    await expect(checkOvocCertificate({ roots: board.clientCertificatePem, url: withRoot.url })).rejects.toMatchObject({
      code: 'ERR_DEVICE_PREFLIGHT',
      field: 'ovoc-url',
    });
  });

  it('refuses a URL that is not https before connecting', async () => {
    await expect(
      checkOvocCertificate({ roots: board.rootPem, url: withRoot.url.replace('https:', 'http:') }),
    ).rejects.toMatchObject({ code: 'ERR_DEVICE_PREFLIGHT', field: 'ovoc-url' });
  });
});
