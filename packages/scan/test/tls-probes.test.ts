import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTarget, scan, TLS_VERSIONS, type TlsVersion } from '../src/index.js';
import { CIPHER_SUITES } from '../src/tls/cipher-suites.js';
import { locallyOffered, suiteAppliesTo } from '../src/tls/local-suites.js';
import { AT, createTestPki, type Leaf, RSA, type TestPki } from './support/pki.js';
import {
  mapLimit,
  type RunningServer,
  S_CLIENT_VERSION_FLAGS,
  sClient,
  startNodeTlsServer,
  startOpensslServer,
} from './support/servers.js';

// Every case: a real server on loopback, scanned, and the same server asked by `openssl s_client`.

/** Suite enumeration makes hundreds of handshakes and s_client runs: a limit against hangs on a loaded machine, not a timing check. */
const SUITE_TEST_LIMIT_MS = 240_000;

let pki: TestPki;
let ecLeaf: Leaf;
let rsaLeaf: Leaf;

beforeAll(async () => {
  pki = await createTestPki();
  ecLeaf = await pki.leaf({ cn: 'ovoc.example.test' });
  rsaLeaf = await pki.leaf({ cn: 'ovoc.example.test', keySpec: RSA });
});

function chainPem(leaf: Leaf): string {
  return `${leaf.certificatePem}${pki.intermediatePem}`;
}

async function scanOne(port: number, ciphers = false) {
  const report = await scan({
    targets: [parseTarget(`127.0.0.1:${port}`, ['ovoc.example.test'])],
    trustAnchors: [pki.rootPem],
    at: AT,
    ciphers,
    timeoutMs: 10_000,
  });
  const endpoint = report.endpoints[0];
  if (endpoint === undefined) throw new Error('no endpoint in the report');
  return endpoint;
}

/** The versions s_client completes a handshake with, at OpenSSL's lowest security level. */
async function opensslVersions(port: number): Promise<TlsVersion[]> {
  const results = await mapLimit(TLS_VERSIONS, 4, (version) =>
    sClient(port, [S_CLIENT_VERSION_FLAGS[version], '-cipher', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0']),
  );
  return TLS_VERSIONS.filter((_, index) => results[index]?.accepted);
}

/** The suites s_client completes a handshake with in one version, trying each suite OpenSSL can offer. */
async function opensslSuites(port: number, version: TlsVersion): Promise<string[]> {
  const candidates = CIPHER_SUITES.filter((suite) => suiteAppliesTo(suite, version) && locallyOffered(suite));
  const results = await mapLimit(candidates, 6, (suite) =>
    sClient(
      port,
      version === 'TLSv1.3'
        ? ['-tls1_3', '-ciphersuites', suite.name]
        : [S_CLIENT_VERSION_FLAGS[version], '-cipher', `${suite.name}@SECLEVEL=0`],
    ),
  );
  return candidates.filter((_, index) => results[index]?.accepted).map((suite) => suite.name);
}

function acceptedVersions(endpoint: Awaited<ReturnType<typeof scanOne>>): TlsVersion[] {
  return TLS_VERSIONS.filter((version) => endpoint.versions?.[version].accepted);
}

describe.each(TLS_VERSIONS)('a Node TLS server that speaks only %s', (version) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNodeTlsServer({
      cert: chainPem(ecLeaf),
      key: ecLeaf.keyPem,
      minVersion: version,
      maxVersion: version,
      ciphers: 'ALL:@SECLEVEL=0',
    });
  });
  afterAll(() => server.close());

  it('is found to accept that version alone, as openssl s_client finds', async () => {
    const endpoint = await scanOne(server.port);
    expect(endpoint.status).toBe('scanned');
    expect(acceptedVersions(endpoint)).toEqual([version]);
    expect(await opensslVersions(server.port)).toEqual([version]);
    const weak = endpoint.findings.some((finding) => finding.code === 'weak-tls');
    expect(weak).toBe(version === 'TLSv1' || version === 'TLSv1.1');
  });
});

describe('a Node TLS server limited to three suites in TLS 1.0–1.2', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNodeTlsServer({
      cert: chainPem(rsaLeaf),
      key: rsaLeaf.keyPem,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA:AES128-SHA:@SECLEVEL=0',
      honorCipherOrder: true,
    });
  });
  afterAll(() => server.close());

  it(
    'lists per version the suites openssl s_client can negotiate, weak ones flagged',
    async () => {
      const endpoint = await scanOne(server.port, true);
      expect(acceptedVersions(endpoint)).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2']);
      for (const version of ['TLSv1', 'TLSv1.1', 'TLSv1.2'] as const) {
        const found = (endpoint.suites?.[version] ?? []).map((suite) => suite.name);
        expect(new Set(found)).toEqual(new Set(await opensslSuites(server.port, version)));
      }
      // The server's order of preference, as offered by honorCipherOrder.
      expect(endpoint.suites?.['TLSv1.2']?.map((suite) => suite.name)).toEqual([
        'ECDHE-RSA-AES256-GCM-SHA384',
        'ECDHE-RSA-AES128-SHA',
        'AES128-SHA',
      ]);
      const aes128 = endpoint.suites?.['TLSv1.2']?.find((suite) => suite.name === 'AES128-SHA');
      expect(aes128?.weak).toEqual(['static-rsa', 'cbc-sha1']);
      expect(endpoint.findings.map((finding) => finding.code)).toContain('weak-cipher');
    },
    SUITE_TEST_LIMIT_MS,
  );
});

describe('a Node TLS server limited to two TLS 1.3 suites', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNodeTlsServer({
      cert: chainPem(ecLeaf),
      key: ecLeaf.keyPem,
      minVersion: 'TLSv1.3',
      ciphers: 'TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256',
    });
  });
  afterAll(() => server.close());

  it(
    'lists the same TLS 1.3 suites as openssl s_client -ciphersuites',
    async () => {
      const endpoint = await scanOne(server.port, true);
      expect(acceptedVersions(endpoint)).toEqual(['TLSv1.3']);
      const found = (endpoint.suites?.['TLSv1.3'] ?? []).map((suite) => suite.name);
      expect(new Set(found)).toEqual(new Set(['TLS_AES_128_GCM_SHA256', 'TLS_CHACHA20_POLY1305_SHA256']));
      expect(new Set(found)).toEqual(new Set(await opensslSuites(server.port, 'TLSv1.3')));
      // TLS 1.3 hides the Certificate message: the chain comes from OpenSSL's view.
      expect(endpoint.chain?.source).toBe('node');
    },
    SUITE_TEST_LIMIT_MS,
  );
});

describe('openssl s_server with TLS 1.2 and two suites', () => {
  let server: RunningServer;
  const files: { cert: string; key: string; chain: string } = { cert: '', key: '', chain: '' };
  beforeAll(async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'scan-s-server-'));
    files.cert = join(dir, 'cert.pem');
    files.key = join(dir, 'key.pem');
    files.chain = join(dir, 'chain.pem');
    await writeFile(files.cert, rsaLeaf.certificatePem);
    await writeFile(files.key, rsaLeaf.keyPem);
    await writeFile(files.chain, pki.intermediatePem);
    server = await startOpensslServer([
      '-cert',
      files.cert,
      '-key',
      files.key,
      '-cert_chain',
      files.chain,
      '-tls1_2',
      '-cipher',
      'AES256-SHA:ECDHE-RSA-AES128-GCM-SHA256@SECLEVEL=0',
    ]);
  });
  afterAll(() => server.close());

  it(
    'agrees with openssl s_client on versions and suites, and reads the chain as sent',
    async () => {
      const endpoint = await scanOne(server.port, true);
      expect(acceptedVersions(endpoint)).toEqual(await opensslVersions(server.port));
      expect(acceptedVersions(endpoint)).toEqual(['TLSv1.2']);
      const found = (endpoint.suites?.['TLSv1.2'] ?? []).map((suite) => suite.name);
      expect(new Set(found)).toEqual(new Set(await opensslSuites(server.port, 'TLSv1.2')));
      expect(new Set(found)).toEqual(new Set(['AES256-SHA', 'ECDHE-RSA-AES128-GCM-SHA256']));
      expect(endpoint.chain?.source).toBe('wire');
      expect(endpoint.chain?.certificates.map((certificate) => certificate.subject)).toEqual([
        'CN=ovoc.example.test, O=Certwright Scan Tests',
        expect.stringContaining('Intermediate'),
      ]);
      expect(endpoint.chain?.valid).toBe(true);
      expect(endpoint.chain?.names).toEqual([{ name: 'ovoc.example.test', matches: true }]);
    },
    SUITE_TEST_LIMIT_MS,
  );
});
