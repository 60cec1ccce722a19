import { copyFile, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxyFor } from '../src/io/revocation-fetch.js';
import { cli, tempDir } from './helpers.js';

// chain verify --fetch-revocation: the OCSP vectors' leaf names its responder
// http://ocsp.certwright.test/ (AIA); an HTTP proxy on loopback (HTTP_PROXY) answers for it with the
// response openssl made. Nothing leaves the machine.
const caseDir = fileURLToPath(new URL('../../../test-vectors/ocsp/issuer-signed-good/', import.meta.url));
let proxy: Server;
let proxyUrl: string;
const seen: { method: string; url: string; contentType: string | undefined }[] = [];

beforeAll(async () => {
  const response = await readFile(join(caseDir, 'response.der'));
  proxy = createServer((request: IncomingMessage, reply) => {
    request.resume();
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', contentType: request.headers['content-type'] });
      if (request.method === 'POST' && request.url === 'http://ocsp.certwright.test/') {
        reply.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(response);
      } else reply.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
});

const ARGV = ['chain', 'verify', '--cert', 'leaf.crt', '--root', 'root.crt', '--untrusted', 'ca.crt'];
ARGV.push('--host', 'localhost', '--at', '2030-06-01T00:00:00Z', '--fetch-revocation', '--json');

describe('certwright chain verify --fetch-revocation', () => {
  it('asks the AIA responder through HTTP_PROXY and uses the answer', async () => {
    const result = await cli(caseDir, [...ARGV, '--revocation', 'soft-fail'], { HTTP_PROXY: proxyUrl });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.revocation[0]).toMatchObject({ certificateIndex: 0, status: 'good' });
    expect(report.fetched).toEqual([
      { certificateIndex: 0, kind: 'ocsp', url: 'http://ocsp.certwright.test/', outcome: 'fetched' },
    ]);
    expect(seen).toContainEqual({
      method: 'POST',
      url: 'http://ocsp.certwright.test/',
      contentType: 'application/ocsp-request',
    });
  });

  it('fetching means hard-fail by default: the CA, which publishes nothing, is undetermined', async () => {
    const result = await cli(caseDir, ARGV, { HTTP_PROXY: proxyUrl });
    expect(result.code).toBe(1);
    const problems = JSON.parse(result.stdout).problems.map((problem: { code: string }) => problem.code);
    expect(problems).toEqual(['ERR_CHAIN_REVOCATION_UNDETERMINED']);
  });
});

describe('certwright verify --fetch-revocation', () => {
  it('checks the directory’s chain with what it fetched, and names what it could not fetch', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await copyFile(join(caseDir, 'root.crt'), join(dir, 'root.crt'));
      await copyFile(join(caseDir, 'ca.crt'), join(dir, 'ca1.crt'));
      await copyFile(join(caseDir, 'leaf.crt'), join(dir, 'server.crt'));
      const argv = ['verify', '--dir', '.', '--at', '2030-06-01T00:00:00Z', '--fetch-revocation', '--json'];
      const soft = await cli(dir, [...argv, '--revocation', 'soft-fail'], { HTTP_PROXY: proxyUrl });
      expect(soft.code).toBe(0);
      // The proxy answers 404 for anything but the OCSP request: a CRL-less CA has nothing to fetch.
      const broken = await cli(dir, argv, { HTTP_PROXY: `${proxyUrl}/`, NO_PROXY: 'ocsp.certwright.test' });
      const report = JSON.parse(broken.stdout);
      expect(broken.code).toBe(1);
      expect(report.warnings.map((warning: { code: string }) => warning.code)).toContain('WARN_REVOCATION_FETCH');
    } finally {
      await cleanup();
    }
  });
});

describe('proxy selection', () => {
  const env = {
    HTTP_PROXY: 'http://proxy.internal:3128',
    https_proxy: 'proxy.internal:3129',
    NO_PROXY: '.corp.example, localhost',
  };
  it('HTTP_PROXY for http, https_proxy for https, NO_PROXY names and domain suffixes bypass', () => {
    expect(proxyFor(new URL('http://crl.example.com/a.crl'), env)?.href).toBe('http://proxy.internal:3128/');
    expect(proxyFor(new URL('https://crl.example.com/a.crl'), env)?.host).toBe('proxy.internal:3129');
    expect(proxyFor(new URL('http://pki.corp.example/a.crl'), env)).toBeUndefined();
    expect(proxyFor(new URL('http://corp.example/a.crl'), env)).toBeUndefined();
    expect(proxyFor(new URL('http://localhost:8080/a.crl'), env)).toBeUndefined();
    expect(proxyFor(new URL('http://notcorp.example/a.crl'), env)?.host).toBe('proxy.internal:3128');
    expect(proxyFor(new URL('http://crl.example.com/a.crl'), { ...env, NO_PROXY: '*' })).toBeUndefined();
    expect(proxyFor(new URL('http://crl.example.com/a.crl'), {})).toBeUndefined();
  });
});
