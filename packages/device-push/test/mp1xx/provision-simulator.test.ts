import { createHash, X509Certificate } from 'node:crypto';
import { keyMatchesCertificate, type LabCa, readPrivateKey } from '@certwright/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp1xxBoardFiles } from '../../src/mp1xx/board-files.js';
import { startProvisionServer } from '../../src/mp1xx/provision-server.js';
import { resolveTargets } from '../../src/mp1xx/targets.js';
import { startSimulator } from '../../../device-sim/src/start.js';
import type { SimulatorHandle } from '../../../device-sim/src/types.js';
import { labCa, type Leaf, leaf } from './fixtures.js';

/** Waits until a device that reset after loading its ini answers again. */
async function backUp(device: { state(): { reachable: boolean } }): Promise<void> {
  for (let tries = 0; !device.state().reachable; tries++) {
    if (tries > 500) throw new Error('the device did not come back');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const credentials = { username: 'provision', password: 'generated for this run' };

function fingerprint(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
}

describe('MP-1xx provisioning end to end against the simulator', () => {
  let sim: SimulatorHandle;
  let ca: LabCa;
  let board: Leaf;
  let endpoint: Leaf;
  beforeAll(async () => {
    sim = await startSimulator({ devices: 2, profile: 'mp1xx' });
    ca = await labCa();
    board = await leaf(ca, 'mp1xx board', ['ip:127.0.0.1']);
    endpoint = await leaf(ca, 'provisioning', ['ip:127.0.0.1']);
  });
  afterAll(() => sim.close());

  async function provision(tls: Leaf) {
    return startProvisionServer({
      targets: await resolveTargets(sim.devices.map((device) => ({ name: device.name, host: device.host }))),
      board: await mp1xxBoardFiles({
        certificatePem: board.certificatePem,
        key: board.key,
        rootPem: ca.root.certificatePem,
      }),
      tls: { certificatePem: tls.certificatePem, keyPem: tls.keyPem },
      credentials,
      host: '127.0.0.1',
      port: 0,
    });
  }

  it('each device polls its IniFileURL, installs the files and parameters, and the endpoint reports it', async () => {
    const server = await provision(endpoint);
    const done = server.wait(120_000);
    for (const device of sim.devices) {
      device.configureAutoUpdate({ iniFileUrl: server.iniUrl(device.name), ...credentials });
      const poll = await device.pollNow();
      expect(poll.error).toBeUndefined();
      expect(poll.applied).toBe(true);
    }
    const report = await done;
    expect(report.outcome).toBe('complete');
    expect(report.devices.map((device) => [device.name, device.complete])).toEqual(
      sim.devices.map((device) => [device.name, true]),
    );
    for (const device of sim.devices) {
      const state = device.state();
      const context = state.running.tlsContexts[0];
      expect(context?.certificatePem && fingerprint(context.certificatePem)).toBe(fingerprint(board.certificatePem));
      const { key } = await readPrivateKey(context?.privateKeyPem ?? '');
      expect(await keyMatchesCertificate(key, board.certificatePem)).toBe(true);
      expect(context?.trustedRootsPem.map(fingerprint)).toContain(fingerprint(ca.root.certificatePem));
      expect(state.running.parameters).toMatchObject({
        AUPDVerifyCertificates: '1',
        ServerRespondTimeout: '10000',
        QOEEnableTLS: '1',
      });
      // mp11x-6.6 resets every parameter an ini does not list, unless it says SetDefaultOnINIFileProcess = 0:
      // the site's NTP server (not in the provisioning ini) is still set.
      expect(state.firmware).toBe('mp11x-6.6');
      expect(state.saved.parameters.NTPServerIP).toBe('192.0.2.123');
      // The device's own listener now presents the board certificate to a new connection (MP-11x 6.6
      // firmware saves and resets after loading an ini: once it is back).
      await backUp(device);
      expect(device.servedFingerprint()).toBe(fingerprint(board.certificatePem));
    }
  });

  it('with AUPDVerifyCertificates = 1 a later poll refuses an endpoint not chained to the device roots', async () => {
    const strangerCa = await labCa();
    const stranger = await provision(await leaf(strangerCa, 'impostor', ['ip:127.0.0.1']));
    const trusted = await provision(endpoint);
    try {
      const device = sim.devices[0];
      if (device === undefined) throw new Error('no device');
      const before = device.state().running.tlsContexts[0]?.certificatePem;
      device.configureAutoUpdate({ iniFileUrl: stranger.iniUrl(device.name), ...credentials });
      const refused = await device.pollNow();
      expect(refused.applied).toBe(false);
      expect(refused.error).toMatch(/certificate/i);
      expect(refused.fetched).toEqual([]);
      expect(stranger.report().devices[0]?.fetched).toEqual({});
      expect(device.state().running.tlsContexts[0]?.certificatePem).toBe(before);
      // Control: an endpoint whose certificate chains to the pushed root is still accepted.
      device.configureAutoUpdate({ iniFileUrl: trusted.iniUrl(device.name), ...credentials });
      const accepted = await device.pollNow();
      expect(accepted.error).toBeUndefined();
      expect(accepted.applied).toBe(true);
    } finally {
      await stranger.close();
      await trusted.close();
    }
  });

  it('a device with the wrong password gets 401, applies nothing, and the report says it fetched nothing', async () => {
    const server = await provision(endpoint);
    try {
      const device = sim.devices[1];
      if (device === undefined) throw new Error('no device');
      const before = JSON.stringify(device.state().running);
      device.configureAutoUpdate({
        iniFileUrl: server.iniUrl(device.name),
        username: credentials.username,
        password: 'guess',
      });
      const poll = await device.pollNow();
      expect(poll.applied).toBe(false);
      expect(poll.error).toMatch(/401/);
      expect(JSON.stringify(device.state().running)).toBe(before);
      const report = await server.wait(10);
      expect(report.outcome).toBe('timeout');
      expect(report.devices.find((entry) => entry.name === device.name)).toEqual({
        name: device.name,
        complete: false,
        fetched: {},
      });
      expect(report.refused.map((refusal) => refusal.status)).toContain(401);
    } finally {
      await server.close();
    }
  });
});

describe('MP-1xx provisioning over IPv6 loopback', () => {
  it('serves a device on ::1 from an endpoint on ::1 (bracketed URLs in the ini)', async () => {
    const sim6 = await startSimulator({ devices: 1, profile: 'mp1xx', host: '::1' });
    try {
      const ca = await labCa();
      const board = await leaf(ca, 'mp1xx board', ['ip:::1']);
      const endpoint = await leaf(ca, 'provisioning', ['ip:::1']);
      const device = sim6.devices[0];
      if (device === undefined) throw new Error('no device');
      const server = await startProvisionServer({
        targets: await resolveTargets([{ name: device.name, host: device.host }]),
        board: await mp1xxBoardFiles({
          certificatePem: board.certificatePem,
          key: board.key,
          rootPem: ca.root.certificatePem,
        }),
        tls: { certificatePem: endpoint.certificatePem, keyPem: endpoint.keyPem },
        credentials,
        host: '::1',
        port: 0,
      });
      expect(server.iniUrl(device.name)).toMatch(/^https:\/\/\[::1\]:\d+\/mp1xx\//);
      const done = server.wait(60_000);
      device.configureAutoUpdate({ iniFileUrl: server.iniUrl(device.name), ...credentials });
      const poll = await device.pollNow();
      expect(poll.error).toBeUndefined();
      expect((await done).outcome).toBe('complete');
      await backUp(device);
      expect(device.servedFingerprint()).toBe(fingerprint(board.certificatePem));
    } finally {
      await sim6.close();
    }
  });
});
