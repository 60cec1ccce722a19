import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/start.js';
import type { SimulatedDevice, SimulatorHandle } from '../src/types.js';
import { deviceAt, fingerprintOf, issueLeaf, labCa, waitFor } from './helpers.js';

/** A plain-HTTP provisioning server: each path has a text and a date; If-Modified-Since honoured or ignored. */
class IniServer {
  readonly files = new Map<string, { text: string; modified: Date }>();
  honoursIfModifiedSince = true;
  readonly requests: { path: string; since: string | undefined; status: number }[] = [];
  private readonly server: Server = createServer((request, response) => {
    const file = this.files.get(request.url ?? '');
    const since = request.headers['if-modified-since'];
    let status = file === undefined ? 404 : 200;
    if (file && since !== undefined && this.honoursIfModifiedSince && Date.parse(since) >= file.modified.getTime()) {
      status = 304;
    }
    this.requests.push({ path: request.url ?? '', since, status });
    response.writeHead(status, file ? { 'last-modified': file.modified.toUTCString() } : {});
    response.end(status === 200 ? file?.text : undefined);
  });
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

// Fixed dates: what matters is their order.
const JANUARY = new Date('2026-01-05T10:00:00Z');
const FEBRUARY = new Date('2026-02-05T10:00:00Z');

let server: IniServer;
let sim: SimulatorHandle;
beforeAll(async () => {
  server = new IniServer();
  await server.start();
});
afterAll(() => server.close());
afterEach(async () => {
  server.honoursIfModifiedSince = true;
  await sim?.close();
});

async function poll(device: SimulatedDevice, path: string) {
  device.configureAutoUpdate({ iniFileUrl: server.url(path) });
  const result = await device.pollNow();
  await waitFor(() => device.state().reachable);
  return result;
}

describe('Automatic Update on mp11x-6.6 (ini resets unlisted parameters, device resets after loading)', () => {
  it('sets unlisted parameters to their defaults unless the ini says SetDefaultOnINIFileProcess = 0', async () => {
    sim = await startSimulator({ firmware: 'mp11x-6.6', faults: { resetDowntimeMs: 30 } });
    const device = deviceAt(sim, 0);
    expect(device.state().running.parameters.NTPServerIP).toBe('192.0.2.123');
    server.files.set('/site.ini', { text: 'NTPServerIP = 10.1.1.1\nQOEEnableTLS = 1\n', modified: JANUARY });
    server.files.set('/wipes.ini', { text: 'AUPDVerifyCertificates = 0\n', modified: JANUARY });
    server.files.set('/keeps.ini', {
      text: 'SetDefaultOnINIFileProcess = 0\nAUPDVerifyCertificates = 0\n',
      modified: JANUARY,
    });
    expect((await poll(device, '/site.ini')).applied).toBe(true);
    expect(device.state().saved.parameters).toMatchObject({ NTPServerIP: '10.1.1.1', QOEEnableTLS: '1' });
    expect((await poll(device, '/wipes.ini')).applied).toBe(true);
    expect(device.state().saved.parameters).toMatchObject({ NTPServerIP: '0.0.0.0', QOEEnableTLS: '0' });
    await poll(device, '/site.ini');
    expect((await poll(device, '/keeps.ini')).applied).toBe(true);
    expect(device.state().saved.parameters).toMatchObject({ NTPServerIP: '10.1.1.1', QOEEnableTLS: '1' });
    // Each load was saved and followed by a reset, as the MediaPack manuals describe.
    expect(device.state().resets).toBe(4);
  });

  it('loads only a more recently dated ini: If-Modified-Since, and a 304 changes and resets nothing', async () => {
    sim = await startSimulator({ firmware: 'mp11x-6.6', faults: { resetDowntimeMs: 30 } });
    const device = deviceAt(sim, 0);
    server.files.set('/dated.ini', { text: 'QOEEnableTLS = 1\n', modified: JANUARY });
    device.configureAutoUpdate({ iniFileUrl: server.url('/dated.ini') });
    expect((await device.pollNow()).applied).toBe(true);
    await waitFor(() => device.state().reachable);
    expect(await device.pollNow()).toEqual({ fetched: [server.url('/dated.ini')], applied: false, unchanged: true });
    expect(server.requests.at(-1)).toEqual({ path: '/dated.ini', since: JANUARY.toUTCString(), status: 304 });
    expect(device.state().resets).toBe(1);
    server.files.set('/dated.ini', { text: 'QOEEnableTLS = 0\n', modified: FEBRUARY });
    expect((await device.pollNow()).applied).toBe(true);
    await waitFor(() => device.state().reachable);
    expect(device.state().saved.parameters.QOEEnableTLS).toBe('0');
  });

  it('with a server that ignores If-Modified-Since: reloads and resets each poll, unless AUPDCheckIfIniChanged', async () => {
    server.honoursIfModifiedSince = false;
    sim = await startSimulator({ firmware: 'mp11x-6.6', devices: 2, faults: { resetDowntimeMs: 30 } });
    server.files.set('/same.ini', { text: 'QOEEnableTLS = 1\n', modified: JANUARY });
    server.files.set('/checked.ini', {
      text: 'SetDefaultOnINIFileProcess = 0\nAUPDCheckIfIniChanged = 1\nQOEEnableTLS = 1\n',
      modified: JANUARY,
    });
    const [plain, checked] = [deviceAt(sim, 0), deviceAt(sim, 1)];
    plain.configureAutoUpdate({ iniFileUrl: server.url('/same.ini') });
    checked.configureAutoUpdate({ iniFileUrl: server.url('/checked.ini') });
    for (let poll = 0; poll < 3; poll++) {
      await plain.pollNow();
      await checked.pollNow();
      await waitFor(() => plain.state().reachable && checked.state().reachable);
    }
    expect(plain.state().resets).toBe(3);
    expect(checked.state().resets).toBe(1);
  });
});

describe('Automatic Update and the board key type (privateKeyTypes: no document says whether MP-1xx loads EC)', () => {
  it.each([
    { privateKeyTypes: 'rsa-and-ec', ecApplied: true },
    { privateKeyTypes: 'rsa-only', ecApplied: false },
  ] as const)(
    '$privateKeyTypes: an EC pair applied: $ecApplied; an RSA pair always',
    async ({ privateKeyTypes, ecApplied }) => {
      sim = await startSimulator({
        firmware: 'mp11x-6.6',
        openItems: { privateKeyTypes },
        faults: { resetDowntimeMs: 30 },
      });
      const device = deviceAt(sim, 0);
      const ca = await labCa();
      const pairs = { ec: await issueLeaf(ca, 'board-ec', 'ec'), rsa: await issueLeaf(ca, 'board-rsa', 'rsa') };
      for (const [type, pair] of Object.entries(pairs)) {
        server.files.set(`/${privateKeyTypes}-${type}.crt`, { text: pair.certificatePem, modified: JANUARY });
        server.files.set(`/${privateKeyTypes}-${type}.key`, { text: pair.keyPem, modified: JANUARY });
        const ini = [
          'SetDefaultOnINIFileProcess = 0',
          `TLSCertFileUrl = '${server.url(`/${privateKeyTypes}-${type}.crt`)}'`,
          `TLSPkeyFileUrl = '${server.url(`/${privateKeyTypes}-${type}.key`)}'`,
          '',
        ].join('\n');
        server.files.set(`/${privateKeyTypes}-${type}.ini`, { text: ini, modified: JANUARY });
      }
      const ec = await poll(device, `/${privateKeyTypes}-ec.ini`);
      expect(ec.applied).toBe(ecApplied);
      if (!ecApplied) expect(ec.error).toMatch(/RSA only/);
      expect(device.servedFingerprint() === fingerprintOf(pairs.ec.certificatePem)).toBe(ecApplied);
      expect((await poll(device, `/${privateKeyTypes}-rsa.ini`)).applied).toBe(true);
      expect(device.servedFingerprint()).toBe(fingerprintOf(pairs.rsa.certificatePem));
    },
  );
});
