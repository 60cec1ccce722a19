import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { LabCa } from '@certwright/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/start.js';
import type { SimulatedDevice, SimulatorHandle } from '../src/types.js';
import {
  deviceAt,
  fingerprintOf,
  type IssuedPair,
  issueLeaf,
  labCa,
  send,
  servedFingerprint,
  waitFor,
} from './helpers.js';

const USER = 'device';
const PASSWORD = 'prov-secret';
const REALM = 'provisioning';
const NONCE = 'a1b2c3d4';

type AuthScheme = 'basic' | 'digest';

/** A provisioning server as the test's independent peer: serves files behind Basic or Digest (MD5, qop=auth). */
class ProvisioningServer {
  files = new Map<string, string>();
  fetched: string[] = [];
  private server: Server | undefined;
  port = 0;

  constructor(
    private readonly pair: IssuedPair,
    private readonly scheme: AuthScheme,
  ) {}

  url(path: string): string {
    return `https://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<void> {
    this.server = createServer({ key: this.pair.keyPem, cert: this.pair.certificatePem }, (request, response) =>
      this.handle(request, response),
    );
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    if (!this.authorized(request)) {
      const challenge =
        this.scheme === 'basic'
          ? `Basic realm="${REALM}"`
          : `Digest realm="${REALM}", qop="auth", nonce="${NONCE}", opaque="op", algorithm=MD5`;
      response.writeHead(401, { 'www-authenticate': challenge }).end();
      return;
    }
    const file = this.files.get(request.url ?? '');
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    this.fetched.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
  }

  private authorized(request: IncomingMessage): boolean {
    const header = request.headers.authorization ?? '';
    if (this.scheme === 'basic') return header === `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    const params = Object.fromEntries(
      [...header.matchAll(/(\w+)=(?:"([^"]*)"|([^\s,]+))/g)].map((m) => [m[1], m[2] ?? m[3] ?? '']),
    );
    if (!header.startsWith('Digest ') || params.username !== USER || params.qop !== 'auth') return false;
    const md5 = (text: string) => createHash('md5').update(text).digest('hex');
    const ha1 = md5(`${USER}:${REALM}:${PASSWORD}`);
    const ha2 = md5(`${request.method}:${params.uri}`);
    const expected = md5(`${ha1}:${NONCE}:${params.nc}:${params.cnonce}:auth:${ha2}`);
    return params.response === expected && params.uri === request.url && params.opaque === 'op';
  }
}

/** After a poll: a device whose firmware resets after loading an ini is back up (and serves what it saved). */
async function settled(device: SimulatedDevice): Promise<void> {
  await waitFor(() => device.state().reachable);
}

describe.each([
  { label: 'mp11x-6.6 (applies, saves and resets)', openItems: {} },
  {
    label: 'an MP-1xx that applies at once',
    openItems: { autoUpdateApply: 'save', certificateEffective: 'immediately', iniUnlisted: 'keep' } as const,
  },
])('simulator MP-1xx profile and Automatic Update: $label', ({ openItems }) => {
  let sim: SimulatorHandle;
  let ca: LabCa;
  let serverPair: IssuedPair;
  let board: IssuedPair;
  let basic: ProvisioningServer;
  let digest: ProvisioningServer;

  beforeAll(async () => {
    sim = await startSimulator({ devices: 4, profile: 'mp1xx', openItems, faults: { resetDowntimeMs: 50 } });
    ca = await labCa();
    serverPair = await issueLeaf(ca, 'ovoc');
    board = await issueLeaf(ca, 'board', 'rsa');
    basic = new ProvisioningServer(serverPair, 'basic');
    digest = new ProvisioningServer(serverPair, 'digest');
    await basic.start();
    await digest.start();
    for (const server of [basic, digest]) {
      const encryptedKey = board.key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'kp' });
      server.files.set('/board_cert.pem', board.certificatePem);
      server.files.set('/board_pkey.pem', encryptedKey.toString());
      server.files.set('/root.pem', ca.root.certificatePem);
      server.files.set(
        '/device.ini',
        [
          '[SYSTEM Params]',
          'AUPDVerifyCertificates = 1',
          'ServerRespondTimeout = 10000',
          'QOEEnableTLS = 1',
          `TLSCertFileUrl = '${server.url('/board_cert.pem')}'`,
          `TLSPkeyFileUrl = '${server.url('/board_pkey.pem')}'`,
          `TLSRootFileUrl = '${server.url('/root.pem')}'`,
          "TLSPkeyPassphrase = 'kp'",
          '',
        ].join('\n'),
      );
    }
  });
  afterAll(async () => {
    await sim.close();
    await basic.close();
    await digest.close();
  });

  it('has no REST API but serves context 0 on its HTTPS listener', async () => {
    const device = deviceAt(sim, 0);
    expect((await send(device, { path: '/api/v1/status' })).status).toBe(404);
    expect((await send(device, { path: '/', ca: sim.factoryCaPem })).status).toBe(200);
    expect(await servedFingerprint(device)).toBe(device.servedFingerprint());
  });

  it('polls with Basic credentials, applies the ini, installs and saves the files', async () => {
    const device = deviceAt(sim, 0);
    device.configureAutoUpdate({ iniFileUrl: basic.url('/device.ini'), username: USER, password: PASSWORD });
    const result = await device.pollNow();
    expect(result).toEqual({
      fetched: ['/device.ini', '/board_cert.pem', '/board_pkey.pem', '/root.pem'].map((path) => basic.url(path)),
      applied: true,
    });
    const state = device.state();
    expect(state.saved.parameters).toMatchObject({
      AUPDVerifyCertificates: '1',
      ServerRespondTimeout: '10000',
      QOEEnableTLS: '1',
    });
    expect(state.saveNeeded).toBe(false);
    expect(state.saved.tlsContexts[0]?.trustedRootsPem).toHaveLength(1);
    await settled(device);
    expect(await servedFingerprint(device)).toBe(fingerprintOf(board.certificatePem));
    // Verification is now on, and the root that signed the server is trusted: the next poll works too.
    expect((await device.pollNow()).applied).toBe(true);
  });

  it('polls with Digest credentials', async () => {
    const device = deviceAt(sim, 1);
    device.configureAutoUpdate({ iniFileUrl: digest.url('/device.ini'), username: USER, password: PASSWORD });
    const result = await device.pollNow();
    expect(result.applied).toBe(true);
    expect(digest.fetched).toContain('/board_pkey.pem');
    await settled(device);
    expect(await servedFingerprint(device)).toBe(fingerprintOf(board.certificatePem));
  });

  it('polls on a timer when pollIntervalMs is set', async () => {
    const device = deviceAt(sim, 1);
    const before = digest.fetched.length;
    device.configureAutoUpdate({
      iniFileUrl: digest.url('/device.ini'),
      username: USER,
      password: PASSWORD,
      pollIntervalMs: 100,
    });
    await waitFor(() => digest.fetched.length >= before + 8);
    // Configuring again replaces the timer: no more polls.
    device.configureAutoUpdate({ iniFileUrl: digest.url('/device.ini'), username: USER, password: PASSWORD });
  });

  it('reports 401 and applies nothing with wrong credentials', async () => {
    const device = deviceAt(sim, 2);
    device.configureAutoUpdate({ iniFileUrl: digest.url('/device.ini'), username: USER, password: 'wrong' });
    const result = await device.pollNow();
    expect(result.applied).toBe(false);
    expect(result.error).toMatch(/401/);
    expect(device.state().running.parameters.AUPDVerifyCertificates).toBe('0');
  });

  it('with AUPDVerifyCertificates = 1, refuses a server whose certificate does not chain to its roots', async () => {
    const device = deviceAt(sim, 3);
    // Verification on, trusting only an unrelated root: the provisioning server must be refused.
    const unrelated = await labCa();
    const setup = new ProvisioningServer(serverPair, 'basic');
    setup.files.set('/setup.ini', `AUPDVerifyCertificates = 1\nTLSRootFileUrl = '${basic.url('/unrelated.pem')}'\n`);
    basic.files.set('/unrelated.pem', unrelated.root.certificatePem);
    await setup.start();
    try {
      device.configureAutoUpdate({ iniFileUrl: setup.url('/setup.ini'), username: USER, password: PASSWORD });
      expect((await device.pollNow()).applied).toBe(true);
      await settled(device);
      device.configureAutoUpdate({ iniFileUrl: basic.url('/device.ini'), username: USER, password: PASSWORD });
      const refused = await device.pollNow();
      expect(refused.applied).toBe(false);
      expect(refused.fetched).toEqual([]);
      expect(refused.error).toMatch(/certificate/i);
      expect(device.state().running.parameters.QOEEnableTLS).toBe('0');
      expect(await servedFingerprint(device)).not.toBe(fingerprintOf(board.certificatePem));
    } finally {
      await setup.close();
    }
  });

  it('Automatic Update is for MP-1xx only', async () => {
    const mediant = await startSimulator();
    try {
      expect(() => deviceAt(mediant, 0).configureAutoUpdate({ iniFileUrl: 'https://x' })).toThrow(/mp1xx/);
    } finally {
      await mediant.close();
    }
  });
});
