import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTarget, scan } from '../src/index.js';
import { AT, createTestPki, type Leaf, type TestPki } from './support/pki.js';
import { type RunningServer, sClient, startNodeTlsServer } from './support/servers.js';

let pki: TestPki;
let leaf: Leaf;

beforeAll(async () => {
  pki = await createTestPki();
  leaf = await pki.leaf({
    cn: 'ovoc.example.test',
    sans: [
      { type: 'dns', value: 'ovoc.example.test' },
      { type: 'dns', value: 'ovoc-a.example.test' },
    ],
  });
});

async function scanPort(port: number, names: string[] = ['ovoc.example.test'], anchors?: string[]) {
  const report = await scan({
    targets: [parseTarget(`127.0.0.1:${port}`, names)],
    trustAnchors: anchors ?? [pki.rootPem],
    at: AT,
  });
  const endpoint = report.endpoints[0];
  if (endpoint === undefined) throw new Error('no endpoint');
  return endpoint;
}

function codes(endpoint: Awaited<ReturnType<typeof scanPort>>): string[] {
  return endpoint.findings.map((finding) => finding.code);
}

describe.each(['TLSv1.2', 'TLSv1.3'] as const)('a server demanding client certificates, %s', (version) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNodeTlsServer({
      cert: `${leaf.certificatePem}${pki.intermediatePem}`,
      key: leaf.keyPem,
      minVersion: version,
      maxVersion: version,
      requestCert: true,
      rejectUnauthorized: true,
      ca: [pki.rootPem],
    });
  });
  afterAll(() => server.close());

  it('is reported as requiring one (the version still counts as accepted), as openssl s_client sees', async () => {
    const endpoint = await scanPort(server.port);
    expect(endpoint.status).toBe('scanned');
    expect(endpoint.versions?.[version].accepted).toBe(true);
    expect(endpoint.clientCertificate?.required).toBe(true);
    expect(codes(endpoint)).toContain('client-cert-required');
    // s_client reads on after its empty stdin (-ign_eof) until the server's verdict arrives.
    const openssl = await sClient(server.port, [version === 'TLSv1.2' ? '-tls1_2' : '-tls1_3', '-ign_eof']);
    expect(endpoint.versions?.[version].clientCertificateRequired).toBe(true);
    if (version === 'TLSv1.2') {
      // TLS 1.2 shows the request in the clear, with the CA names it accepts.
      expect(openssl.output).toContain('Acceptable client certificate CA names');
      expect(openssl.output).toContain('Certwright Lab Root CA');
      expect(openssl.output).toContain('SSL alert number 40');
      expect(endpoint.clientCertificate?.requested).toBe(true);
      expect(endpoint.clientCertificate?.caNames).toEqual(['CN=Certwright Lab Root CA, O=Certwright Lab CA']);
    } else {
      expect(openssl.output).toContain('SSL alert number 116');
    }
  });
});

describe('a server asking for, but not demanding, client certificates (TLS 1.2)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNodeTlsServer({
      cert: `${leaf.certificatePem}${pki.intermediatePem}`,
      key: leaf.keyPem,
      maxVersion: 'TLSv1.2',
      requestCert: true,
      rejectUnauthorized: false,
      ca: [pki.rootPem],
    });
  });
  afterAll(() => server.close());

  it('is reported as requesting one, not requiring it', async () => {
    const endpoint = await scanPort(server.port);
    expect(endpoint.clientCertificate).toEqual({
      requested: true,
      required: false,
      caNames: ['CN=Certwright Lab Root CA, O=Certwright Lab CA'],
    });
    expect(codes(endpoint)).not.toContain('client-cert-required');
    const openssl = await sClient(server.port, ['-tls1_2']);
    expect(openssl.accepted).toBe(true);
    expect(openssl.output).toContain('Acceptable client certificate CA names');
  });
});

describe('served chains', () => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });
  const serve = async (cert: string, key = leaf.keyPem) => {
    const server = await startNodeTlsServer({ cert, key, maxVersion: 'TLSv1.2' });
    servers.push(server);
    return server.port;
  };

  it('a complete chain in order: valid, names checked, days to expiry of every certificate', async () => {
    const endpoint = await scanPort(await serve(`${leaf.certificatePem}${pki.intermediatePem}`), [
      'ovoc.example.test',
      'ovoc-a.example.test',
      'other.example.test',
    ]);
    expect(endpoint.chain?.valid).toBe(true);
    expect(endpoint.chain?.order).toBe('ok');
    expect(endpoint.chain?.names).toEqual([
      { name: 'ovoc.example.test', matches: true },
      { name: 'ovoc-a.example.test', matches: true },
      { name: 'other.example.test', matches: false },
    ]);
    expect(endpoint.chain?.certificates.map((certificate) => certificate.daysLeft)).toEqual([14, 2877]);
    expect(endpoint.chain?.certificates[0]?.key).toEqual({ type: 'ec', bits: 256, curve: 'P-256' });
    expect(endpoint.chain?.certificates[0]?.signatureAlgorithm).toBe('ecdsa-with-SHA256');
    expect(endpoint.sni).toBe('ovoc.example.test');
    expect(codes(endpoint)).toEqual(['expiring', 'name-mismatch']);
  });

  it('the intermediate missing: incomplete and untrusted, with the validator’s code', async () => {
    const endpoint = await scanPort(await serve(leaf.certificatePem));
    expect(endpoint.chain?.missingIntermediate).toBe(true);
    expect(endpoint.chain?.valid).toBe(false);
    expect(endpoint.chain?.problems.map((problem) => problem.code)).toContain('ERR_CHAIN_INTERMEDIATE_MISSING');
    expect(codes(endpoint)).toEqual(expect.arrayContaining(['untrusted', 'chain-incomplete']));
  });

  it('an extra certificate, out of order: both reported, the chain still valid', async () => {
    const stranger = await pki.leaf({ cn: 'stranger.example.test' });
    const endpoint = await scanPort(
      await serve(`${leaf.certificatePem}${stranger.certificatePem}${pki.intermediatePem}`),
    );
    expect(endpoint.chain?.certificates.map((certificate) => certificate.subject.split(',')[0])).toEqual([
      'CN=ovoc.example.test',
      'CN=stranger.example.test',
      'CN=Certwright Lab Intermediate CA 1',
    ]);
    expect(endpoint.chain?.valid).toBe(true);
    expect(endpoint.chain?.order).toBe('misordered');
    expect(endpoint.chain?.extra).toHaveLength(1);
    expect(codes(endpoint)).toEqual(expect.arrayContaining(['chain-order', 'chain-extra']));
    // openssl s_client -showcerts lists the same three certificates in the same order.
    const openssl = await sClient(servers.at(-1)?.port as number, ['-showcerts']);
    const subjects = [...openssl.output.matchAll(/^\s*\d+ s:(.*)$/gm)].map((match) => match[1]);
    expect(subjects.map((subject) => /CN = ([^,]+)/.exec(subject ?? '')?.[1])).toEqual([
      'ovoc.example.test',
      'stranger.example.test',
      'Certwright Lab Intermediate CA 1',
    ]);
  });

  it('against the system store (no --ca-file): untrusted root', async () => {
    const endpoint = await scanPort(
      await serve(`${leaf.certificatePem}${pki.intermediatePem}`),
      ['ovoc.example.test'],
      undefined,
    );
    const system = await scan({
      targets: [parseTarget(`127.0.0.1:${servers.at(-1)?.port}`, ['ovoc.example.test'])],
      at: AT,
    });
    expect(endpoint.chain?.valid).toBe(true);
    expect(system.endpoints[0]?.chain?.valid).toBe(false);
    expect(system.endpoints[0]?.findings.map((finding) => finding.code)).toContain('untrusted');
  });

  it('an expired leaf: expired, not untrusted', async () => {
    const old = await pki.leaf({ cn: 'ovoc.example.test', notAfter: new Date('2027-01-01T00:00:00Z') });
    const endpoint = await scanPort(await serve(`${old.certificatePem}${pki.intermediatePem}`, old.keyPem));
    expect(endpoint.chain?.certificates[0]?.daysLeft).toBe(-45);
    expect(codes(endpoint)).toContain('expired');
    expect(codes(endpoint)).not.toContain('untrusted');
  });
});

describe('AudioCodes factory and default certificates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scan-factory-'));
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  /** A self-signed certificate made by openssl, as devices and OVOC make theirs. */
  function selfSigned(name: string, subject: string, bits: number, digest: string): { cert: string; key: string } {
    const key = join(dir, `${name}.key`);
    const cert = join(dir, `${name}.crt`);
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        `rsa:${bits}`,
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-subj',
        subject,
        `-${digest}`,
        '-days',
        '3650',
      ],
      { stdio: 'pipe' },
    );
    return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
  }

  async function leafOf(pair: { cert: string; key: string }) {
    const server = await startNodeTlsServer({
      cert: pair.cert,
      key: pair.key,
      maxVersion: 'TLSv1.2',
      ciphers: 'ALL:@SECLEVEL=0',
    });
    servers.push(server);
    const endpoint = await scanPort(server.port, ['10.1.2.3']);
    return endpoint;
  }

  it('a device factory certificate: ACL_<serial>, self-signed, RSA-1024', async () => {
    const endpoint = await leafOf(selfSigned('device', '/CN=ACL_4812345', 1024, 'sha1'));
    const match = endpoint.chain?.certificates[0]?.defaultCertificate;
    expect(match?.rule).toBe('audiocodes-device-factory');
    expect(match?.description).toContain('RSA 1024-bit factory key');
    expect(codes(endpoint)).toEqual(expect.arrayContaining(['default-cert', 'weak-key', 'name-mismatch', 'untrusted']));
  });

  it('an AudioCodes self-signed default certificate (OVOC)', async () => {
    const endpoint = await leafOf(selfSigned('ovoc', '/O=AudioCodes/CN=EMS', 2048, 'sha256'));
    expect(endpoint.chain?.certificates[0]?.defaultCertificate?.rule).toBe('audiocodes-self-signed');
  });

  it('a customer certificate is none of them', async () => {
    const endpoint = await leafOf(
      selfSigned('custom', '/O=Example/OU=AudioCodes team/CN=ovoc.example.test', 2048, 'sha256'),
    );
    expect(endpoint.chain?.certificates[0]?.defaultCertificate).toBeUndefined();
    expect(codes(endpoint)).not.toContain('default-cert');
  });
});

describe('SNI', () => {
  it('sends the first --name, and none for a bare IP address', async () => {
    const seen: (string | undefined)[] = [];
    const server = await startNodeTlsServer({
      cert: `${leaf.certificatePem}${pki.intermediatePem}`,
      key: leaf.keyPem,
      SNICallback: (name, callback) => {
        seen.push(name);
        callback(null);
      },
    });
    try {
      await scanPort(server.port, ['ovoc-a.example.test', 'ovoc.example.test']);
      expect(new Set(seen)).toEqual(new Set(['ovoc-a.example.test']));
      seen.length = 0;
      const endpoint = await scanPort(server.port, []);
      expect(endpoint.sni).toBeNull();
      expect(seen).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
