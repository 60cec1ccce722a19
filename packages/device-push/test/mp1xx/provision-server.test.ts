import type { LabCa } from '@certwright/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mp1xxBoardFiles } from '../../src/mp1xx/board-files.js';
import { type ProvisionServer, startProvisionServer } from '../../src/mp1xx/provision-server.js';
import { resolveTargets } from '../../src/mp1xx/targets.js';
import { labCa, type Leaf, leaf } from './fixtures.js';
import { basic, digest, httpsGet } from './https-get.js';

const credentials = { username: 'provision', password: 'a generated password' };

describe('MP-1xx provisioning endpoint', () => {
  let ca: LabCa;
  let endpoint: Leaf;
  let board: Leaf;
  let server: ProvisionServer | undefined;
  beforeAll(async () => {
    ca = await labCa();
    endpoint = await leaf(ca, 'provisioning', ['ip:127.0.0.1']);
    board = await leaf(ca, 'board', ['dns:board.example.com']);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(devices: { name: string; host: string }[]): Promise<ProvisionServer> {
    server = await startProvisionServer({
      targets: await resolveTargets(devices),
      board: await mp1xxBoardFiles({
        certificatePem: board.certificatePem,
        key: board.key,
        rootPem: ca.root.certificatePem,
      }),
      tls: { certificatePem: endpoint.certificatePem, keyPem: endpoint.keyPem },
      credentials,
      host: '127.0.0.1',
      port: 0,
    });
    return server;
  }

  it('refuses an address not in the inventory with 403, even with the right credentials', async () => {
    const running = await start([{ name: 'mp-1', host: '127.0.0.1' }]);
    const reply = await httpsGet(running.iniUrl('mp-1'), {
      ca: ca.root.certificatePem,
      authorization: basic(credentials.username, credentials.password),
      localAddress: '127.0.0.2',
    });
    expect(reply.status).toBe(403);
    expect(reply.body).not.toContain('TLSPkeyPassphrase');
    expect(running.report().refused).toEqual([expect.objectContaining({ address: '127.0.0.2', status: 403 })]);
  });

  it('asks for credentials with Digest (SHA-256 and MD5) and Basic challenges, and refuses a wrong password', async () => {
    const running = await start([{ name: 'mp-1', host: '127.0.0.1' }]);
    const anonymous = await httpsGet(running.iniUrl('mp-1'), { ca: ca.root.certificatePem });
    expect(anonymous.status).toBe(401);
    expect(anonymous.challenges.map((challenge) => challenge.split(/[ ,]/)[0])).toEqual(['Digest', 'Digest', 'Basic']);
    expect(anonymous.challenges.join('\n')).toMatch(/algorithm=SHA-256[\s\S]*algorithm=MD5/);
    const wrong = await httpsGet(running.iniUrl('mp-1'), {
      ca: ca.root.certificatePem,
      authorization: basic(credentials.username, 'not it'),
    });
    expect(wrong.status).toBe(401);
  });

  it('serves the ini with Basic, and each file with Digest MD5 and SHA-256 answers', async () => {
    const running = await start([{ name: 'mp-1', host: '127.0.0.1' }]);
    const ini = await httpsGet(running.iniUrl('mp-1'), {
      ca: ca.root.certificatePem,
      authorization: basic(credentials.username, credentials.password),
    });
    expect(ini.status).toBe(200);
    expect(ini.body).toContain('AUPDVerifyCertificates = 1');
    expect(ini.body).toContain(`TLSCertFileUrl = '${running.url}/mp1xx/mp-1/board_cert.pem'`);
    for (const challengeIndex of [0, 1]) {
      const uri = '/mp1xx/mp-1/root.pem';
      const first = await httpsGet(`${running.url}${uri}`, { ca: ca.root.certificatePem });
      const challenge = first.challenges[challengeIndex] as string;
      const answer = digest(challenge, { ...credentials, method: 'GET', uri });
      const reply = await httpsGet(`${running.url}${uri}`, { ca: ca.root.certificatePem, authorization: answer });
      expect(reply.status).toBe(200);
      expect(reply.body).toBe(
        ca.root.certificatePem.endsWith('\n') ? ca.root.certificatePem : `${ca.root.certificatePem}\n`,
      );
      // The same answer for another URI is refused: Digest binds the path.
      const replayed = await httpsGet(`${running.url}/mp1xx/mp-1/board_pkey.pem`, {
        ca: ca.root.certificatePem,
        authorization: answer,
      });
      expect(replayed.status).toBe(401);
    }
  });

  it('dates its files, and answers If-Modified-Since with 304 and nothing counted as fetched', async () => {
    const running = await start([{ name: 'mp-1', host: '127.0.0.1' }]);
    const authorization = basic(credentials.username, credentials.password);
    const first = await httpsGet(running.iniUrl('mp-1'), { ca: ca.root.certificatePem, authorization });
    expect(first.status).toBe(200);
    expect(Number.isFinite(Date.parse(first.lastModified ?? ''))).toBe(true);
    const root = `${running.url}/mp1xx/mp-1/root.pem`;
    const again = await httpsGet(root, {
      ca: ca.root.certificatePem,
      authorization,
      ifModifiedSince: first.lastModified,
    });
    expect([again.status, again.body]).toEqual([304, '']);
    expect(running.report().devices[0]?.fetched.root).toBeUndefined();
    // An older copy (an earlier run's) is replaced.
    const older = new Date(Date.parse(first.lastModified ?? '') - 60_000).toUTCString();
    const stale = await httpsGet(root, { ca: ca.root.certificatePem, authorization, ifModifiedSince: older });
    expect(stale.status).toBe(200);
    expect(running.report().devices[0]?.fetched.root).toBeDefined();
    expect(running.urls('mp-1')).toHaveLength(4);
  });

  it('lets a device fetch only its own files', async () => {
    const running = await start([
      { name: 'mp-1', host: '127.0.0.1' },
      { name: 'mp-2', host: '127.0.0.2' },
    ]);
    const authorization = basic(credentials.username, credentials.password);
    const other = await httpsGet(running.iniUrl('mp-2'), { ca: ca.root.certificatePem, authorization });
    expect(other.status).toBe(403);
    const own = await httpsGet(running.iniUrl('mp-2'), {
      ca: ca.root.certificatePem,
      authorization,
      localAddress: '127.0.0.2',
    });
    expect(own.status).toBe(200);
  });

  it('stops when every device fetched all its files, and reports who fetched what', async () => {
    const running = await start([
      { name: 'mp-1', host: '127.0.0.1' },
      { name: 'mp-2', host: '127.0.0.2' },
    ]);
    const done = running.wait(120_000);
    const authorization = basic(credentials.username, credentials.password);
    for (const [name, localAddress] of [
      ['mp-1', '127.0.0.1'],
      ['mp-2', '127.0.0.2'],
    ] as const) {
      for (const file of ['certwright.ini', 'board_cert.pem', 'board_pkey.pem', 'root.pem']) {
        const reply = await httpsGet(`${running.url}/mp1xx/${name}/${file}`, {
          ca: ca.root.certificatePem,
          authorization,
          localAddress,
        });
        expect(reply.status).toBe(200);
      }
    }
    const report = await done;
    expect(report.outcome).toBe('complete');
    expect(report.devices.map((device) => [device.name, device.complete, Object.keys(device.fetched).sort()])).toEqual([
      ['mp-1', true, ['certificate', 'ini', 'privateKey', 'root']],
      ['mp-2', true, ['certificate', 'ini', 'privateKey', 'root']],
    ]);
    expect(report.devices.every((device) => typeof device.completedAt === 'string')).toBe(true);
    // The endpoint is closed once the run is over.
    await expect(httpsGet(running.iniUrl('mp-1'), { ca: ca.root.certificatePem, authorization })).rejects.toThrow();
  });

  it('stops at the timeout and reports the devices that did not fetch everything', async () => {
    const running = await start([{ name: 'mp-1', host: '127.0.0.1' }]);
    const authorization = basic(credentials.username, credentials.password);
    await httpsGet(running.iniUrl('mp-1'), { ca: ca.root.certificatePem, authorization });
    const report = await running.wait(50);
    expect(report.outcome).toBe('timeout');
    expect(report.devices).toEqual([{ name: 'mp-1', complete: false, fetched: { ini: expect.any(String) } }]);
  });
});
