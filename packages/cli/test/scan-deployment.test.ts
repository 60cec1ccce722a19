// The rehearsal of a real audit: an OVOC deployment on one loopback address (443, 5001, 8082 served by
// test servers, LDAP on 636 and 389 with StartTLS, MS-SQL on 1433), 50 simulated devices with
// factory certificates, a server_certs folder and a Java trust store — scanned by the CLI, with every
// output read back by an independent reader: ical.js, promtool, and Chromium for the HTML page.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer, type Server, type TlsOptions } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createJksTrustStore, readCertificates } from '@certwright/core';
import ICAL from 'ical.js';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../device-sim/src/start.js';
import type { SimulatorHandle } from '../../device-sim/src/types.js';
import { startLdapResponder } from '../../scan/test/support/ldap-responder.js';
import { createTestPki, type TestPki } from '../../scan/test/support/pki.js';
import { startTdsResponder } from '../../scan/test/support/tds-responder.js';
import { cli, tempDir } from './helpers.js';

const execFileAsync = promisify(execFile);
const AT = '2027-02-15T00:00:00Z';
const DEVICES = 50;
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/scan/', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
/** In CI the readers must be there (.ci/run installs them); elsewhere a missing one skips its check with a notice. */
const REQUIRE_TOOLS = process.env.CI === 'true';

/** A loopback address of its own, so the OVOC ports (443, 389, 636 need root, as CI is) do not collide. */
const HOST = `127.0.${10 + (process.pid % 200)}.${10 + Math.floor(Math.random() * 200)}`;

let work: { dir: string; cleanup: () => Promise<void> };
let pki: TestPki;
let simulator: SimulatorHandle;
const closers: (() => Promise<void>)[] = [];
let scanOutput: { code: number; stdout: string; stderr: string };
let report: {
  endpoints: {
    target: string;
    status: string;
    role?: string;
    label?: string;
    versions?: Record<string, { accepted: boolean }>;
    findings: { code: string; message: string }[];
    chain?: { certificates: { fingerprintSha256: string; notAfter: string; defaultCertificate?: { rule: string } }[] };
  }[];
  files: { path: string; status: string; certificates: { fingerprintSha256: string; notAfter: string }[] }[];
};

async function serveTls(port: number, options: TlsOptions): Promise<void> {
  const server: Server = createServer(options, (socket) => socket.end());
  server.on('tlsClientError', () => {});
  server.listen(port, HOST);
  await once(server, 'listening');
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
}

function distinctCertificates(): Map<string, string> {
  const all = new Map<string, string>();
  for (const endpoint of report.endpoints)
    for (const certificate of endpoint.chain?.certificates ?? [])
      all.set(certificate.fingerprintSha256, certificate.notAfter);
  for (const file of report.files)
    for (const certificate of file.certificates) all.set(certificate.fingerprintSha256, certificate.notAfter);
  return all;
}

beforeAll(async () => {
  work = await tempDir();
  pki = await createTestPki();
  const ip = { type: 'ip' as const, value: HOST };
  const ovoc = await pki.leaf({ cn: 'ovoc.example.test', sans: [{ type: 'dns', value: 'ovoc.example.test' }, ip] });
  const dc = await pki.leaf({
    cn: 'dc1.example.test',
    sans: [{ type: 'dns', value: 'dc1.example.test' }, ip],
    notAfter: new Date('2027-06-01T00:00:00Z'),
  });
  const sql = await pki.leaf({
    cn: 'ovoc-db.example.test',
    sans: [{ type: 'dns', value: 'ovoc-db.example.test' }, ip],
    notAfter: new Date('2028-01-01T00:00:00Z'),
  });
  const chain = (leaf: { certificatePem: string }) => `${leaf.certificatePem}${pki.intermediatePem}`;

  // 443: replaced with the enterprise CA's certificate. 5001: still the AudioCodes self-signed one, old TLS on. 8082: TLS 1.2 with static RSA suites.
  await serveTls(443, { cert: chain(ovoc), key: ovoc.keyPem });
  await execFileAsync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    join(work.dir, 'qoe.key'),
    '-out',
    join(work.dir, 'qoe.crt'),
    '-subj',
    '/O=AudioCodes/CN=OVOC QoE',
    '-days',
    '3650',
  ]);
  const qoe = {
    cert: await readFile(join(work.dir, 'qoe.crt'), 'utf8'),
    key: await readFile(join(work.dir, 'qoe.key'), 'utf8'),
  };
  await serveTls(5001, { ...qoe, minVersion: 'TLSv1', maxVersion: 'TLSv1.2', ciphers: 'ALL:@SECLEVEL=0' });
  const rest = await pki.leaf({
    cn: 'ovoc.example.test',
    sans: [{ type: 'dns', value: 'ovoc.example.test' }, ip],
    keySpec: { type: 'rsa', bits: 2048 },
  });
  await serveTls(8082, {
    cert: chain(rest),
    key: rest.keyPem,
    maxVersion: 'TLSv1.2',
    ciphers: 'AES128-SHA:@SECLEVEL=0',
  });
  await serveTls(636, { cert: chain(dc), key: dc.keyPem });
  const ldap = await startLdapResponder({ tls: { cert: chain(dc), key: dc.keyPem }, host: HOST, port: 389 });
  closers.push(() => ldap.close());
  const tds = await startTdsResponder({
    tls: { cert: chain(sql), key: sql.keyPem, maxVersion: 'TLSv1.2' },
    host: HOST,
    port: 1433,
  });
  closers.push(() => tds.close());

  simulator = await startSimulator({ devices: DEVICES, factoryCertificate: true, tlsVersions: ['1.1', '1.2'] });
  const rows = simulator.devices.map((device) => `${device.name},${device.host},${device.port},Admin,DEVICE_PASSWORD`);
  await writeFile(join(work.dir, 'devices.csv'), `name,host,port,username,password_env\n${rows.join('\n')}\n`);

  await mkdir(join(work.dir, 'server_certs'));
  await writeFile(join(work.dir, 'server_certs', 'root.crt'), pki.rootPem);
  await writeFile(join(work.dir, 'server_certs', 'ca1.crt'), pki.intermediatePem);
  await writeFile(join(work.dir, 'server_certs', 'server.crt'), ovoc.certificatePem);
  await writeFile(join(work.dir, 'server_certs', 'server.key'), ovoc.keyPem);
  const [rootDer] = await readCertificates(pki.rootPem);
  const jks = createJksTrustStore({
    certificates: [{ der: rootDer as Uint8Array, alias: 'enterprise-root' }],
    password: 'changeit-for-tests',
  });
  await writeFile(join(work.dir, 'truststore.jks'), jks);
  await writeFile(join(work.dir, 'enterprise-root.pem'), pki.rootPem);

  scanOutput = await cli(
    work.dir,
    [
      'scan',
      '--ovoc',
      HOST,
      '--ldap',
      HOST,
      '--sql',
      HOST,
      '--inventory',
      'devices.csv',
      '--file',
      'server_certs',
      '--file',
      'truststore.jks',
      '--storepass-env',
      'SCAN_STOREPASS',
      '--ca-file',
      'enterprise-root.pem',
      '--at',
      AT,
      '--fail-on',
      'expired',
      '--calendar',
      'expiry.ics',
      '--remind',
      '30d,7d',
      '--prometheus',
      'scan.prom',
      '--html',
      'report.html',
    ],
    { SCAN_STOREPASS: 'changeit-for-tests' },
  );
  const json = await cli(
    work.dir,
    [
      'scan',
      '--ovoc',
      HOST,
      '--ldap',
      HOST,
      '--sql',
      HOST,
      '--inventory',
      'devices.csv',
      '--file',
      'server_certs',
      '--file',
      'truststore.jks',
      '--storepass-env',
      'SCAN_STOREPASS',
      '--ca-file',
      'enterprise-root.pem',
      '--at',
      AT,
      '--json',
    ],
    { SCAN_STOREPASS: 'changeit-for-tests' },
  );
  report = JSON.parse(json.stdout);
});

afterAll(async () => {
  for (const close of closers) await close();
  await simulator?.close();
  await work?.cleanup();
});

describe('a scan of a simulated OVOC deployment', () => {
  it('scans every port of the guidelines’ table, 50 devices, the folder and the JKS (exit 0: nothing expired)', () => {
    expect(scanOutput.code).toBe(0);
    expect(report.endpoints).toHaveLength(6 + DEVICES);
    expect(report.endpoints.filter((endpoint) => endpoint.status !== 'scanned')).toEqual([]);
    expect(report.files.map((file) => file.path.split('/').slice(-2).join('/'))).toEqual([
      'server_certs/ca1.crt',
      'server_certs/root.crt',
      'server_certs/server.crt',
      expect.stringMatching(/truststore\.jks$/),
    ]);
  });

  it('finds what the guidelines warn about: the QoE port’s AudioCodes certificate and old TLS, the devices’ factory certificates', () => {
    const byPort = (port: number) => report.endpoints.find((endpoint) => endpoint.target === `${HOST}:${port}`);
    const codes = (port: number) => byPort(port)?.findings.map((finding) => finding.code) ?? [];
    expect(codes(443)).toEqual(['expiring']);
    expect(codes(5001)).toEqual(expect.arrayContaining(['weak-tls', 'default-cert', 'untrusted']));
    expect(codes(8082)).toContain('weak-cipher');
    expect(byPort(389)?.versions?.['TLSv1.3']?.accepted).toBe(true);
    expect(byPort(1433)?.versions?.['TLSv1.2']?.accepted).toBe(true);
    const devices = report.endpoints.filter((endpoint) => endpoint.role === 'device');
    expect(devices).toHaveLength(DEVICES);
    for (const device of devices) {
      expect(device.chain?.certificates[0]?.defaultCertificate?.rule).toBe('audiocodes-device-factory');
      expect(device.versions?.['TLSv1.1']?.accepted).toBe(true);
      expect(device.findings.map((finding) => finding.code)).toEqual(
        expect.arrayContaining(['weak-tls', 'default-cert']),
      );
    }
  });

  it('prints a table for people, soonest expiry first, every target on it', () => {
    const lines = scanOutput.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^EXPIRES\s+DAYS\s+TARGET/);
    expect(lines.slice(1, 4).join('\n')).toContain(`${HOST}:443`);
    for (const endpoint of report.endpoints) expect(scanOutput.stdout).toContain(endpoint.target);
    const days = lines
      .slice(1, -2)
      .map((line) => Number(line.split(/\s+/)[1]))
      .filter((value) => !Number.isNaN(value));
    expect(days).toEqual([...days].sort((a, b) => a - b));
  });

  it('writes a calendar that ical.js reads back: one event per certificate at its notAfter, alarms at 30 and 7 days', async () => {
    const text = await readFile(join(work.dir, 'expiry.ics'), 'utf8');
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent');
    const certificates = distinctCertificates();
    expect(events).toHaveLength(certificates.size);
    for (const event of events) {
      const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
      const uid = String(event.getFirstPropertyValue('uid'));
      const fingerprint = [...certificates.keys()].find((key) => uid.startsWith(key.replaceAll(':', '').toLowerCase()));
      expect(fingerprint).toBeDefined();
      expect(start.toJSDate().toISOString()).toBe(
        new Date(certificates.get(fingerprint as string) as string).toISOString(),
      );
      const triggers = event
        .getAllSubcomponents('valarm')
        .map((alarm) => String(alarm.getFirstPropertyValue('trigger')));
      expect(triggers).toEqual(['-P30D', '-P7D']);
    }
  });

  it('writes Prometheus metrics that promtool accepts', async (context) => {
    const promtool = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((path) => existsSync(path));
    if (promtool === undefined) {
      if (REQUIRE_TOOLS) throw new Error('promtool is missing: .ci/run installs it (Debian package prometheus)');
      context.skip('promtool is not installed (apt-get install prometheus): the Prometheus check did not run');
    }
    const metrics = await readFile(join(work.dir, 'scan.prom'), 'utf8');
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      const child = execFile(promtool as string, ['check', 'metrics'], (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : ((error as { code?: number }).code ?? 1), output: stdout + stderr }),
      );
      child.stdin?.end(metrics);
    });
    expect(result).toEqual({ code: 0, output: '' });
    expect(metrics).toContain(`certwright_scan_tls_version_accepted{target="${HOST}:5001",version="TLS 1.0"} 1`);
    expect(metrics).toContain(
      `certwright_scan_default_certificate{target="${HOST}:5001",rule="audiocodes-self-signed"} 1`,
    );
  });

  it('writes an HTML report that Chromium shows offline: the timeline drawn, every target listed, no request leaving the page', async (context) => {
    if (!existsSync(CHROMIUM)) {
      if (REQUIRE_TOOLS) throw new Error('Chromium is missing: .ci/run installs it (Debian package chromium)');
      context.skip('Chromium is not installed (apt-get install chromium): the HTML check did not run');
    }
    // An empty profile directory of its own (playwright passes it as --user-data-dir).
    const browser = await chromium.launchPersistentContext(join(work.dir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      const url = `file://${join(work.dir, 'report.html')}`;
      await page.goto(url);
      expect(requests).toEqual([url]);
      const dots = await page.locator('#expiry-timeline circle.cert').count();
      expect(dots).toBe(distinctCertificates().size);
      const box = await page.locator('#expiry-timeline').boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(600);
      expect(box?.height ?? 0).toBeGreaterThan(50);
      for (const endpoint of report.endpoints) {
        expect(await page.locator(`#findings [data-target="${endpoint.target}"]`).count()).toBe(1);
      }
      expect(await page.locator('#matrix tbody tr').count()).toBe(report.endpoints.length);
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a person sees
      expect(await page.locator('#summary').innerText()).toContain(`${6 + DEVICES + 4} targets`);
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
      expect(requests).toEqual([url]);
    } finally {
      await browser.close();
    }
  });
});
