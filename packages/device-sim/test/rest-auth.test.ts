import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/start.js';
import type { SimulatorHandle } from '../src/types.js';
import { deviceAt, send } from './helpers.js';

const users = [
  { name: 'Admin', password: 'Admin', level: 'security-admin' as const },
  { name: 'ops', password: 'ops-pass', level: 'admin' as const },
  { name: 'watch', password: 'watch-pass', level: 'monitor' as const },
];

describe('simulator REST authentication and user levels', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ devices: 3, users });
  });
  afterAll(() => sim.close());

  it('answers 401 with WWW-Authenticate for missing or wrong credentials', async () => {
    const device = deviceAt(sim, 0);
    const missing = await send(device, { path: '/api/v1/status', auth: null });
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Basic /);
    expect(missing.json()).toHaveProperty('description');
    expect((await send(device, { path: '/api/v1/status', auth: 'nobody:x' })).status).toBe(401);
  });

  it('verifies the device against the factory CA (SANs 127.0.0.1)', async () => {
    const response = await send(deviceAt(sim, 0), { path: '/api/v1/status', ca: sim.factoryCaPem });
    expect(response.status).toBe(200);
  });

  it('lets monitor read status but not files or actions (403 by default)', async () => {
    const device = deviceAt(sim, 0);
    expect((await send(device, { path: '/api/v1/status', auth: 'watch:watch-pass' })).status).toBe(200);
    expect((await send(device, { path: '/api/v1/alarms/active', auth: 'watch:watch-pass' })).status).toBe(204);
    const files = await send(device, { path: '/api/v1/files/ini', auth: 'watch:watch-pass' });
    expect(files.status).toBe(403);
    const save = await send(device, {
      method: 'POST',
      path: '/api/v1/actions/saveConfiguration',
      auth: 'watch:watch-pass',
    });
    expect(save.status).toBe(403);
    expect((await send(device, { path: '/api/v1/files/ini', auth: 'ops:ops-pass' })).status).toBe(200);
  });

  it('answers 405 to a user below the level when the open item says so', async () => {
    const device = deviceAt(sim, 1);
    device.setOpenItems({ forbiddenStatus: 405 });
    expect((await send(device, { path: '/api/v1/files/ini', auth: 'watch:watch-pass' })).status).toBe(405);
  });

  it('locks a user out after 3 failed logins, then refuses even the right password (lockout: user)', async () => {
    const device = deviceAt(sim, 2);
    device.setOpenItems({ lockout: 'user' });
    expect((await send(device, { path: '/api/v1/status', auth: 'ops:wrong' })).status).toBe(401);
    expect((await send(device, { path: '/api/v1/status', auth: 'ops:wrong' })).status).toBe(401);
    // Two failures, then a success: the count starts again.
    expect((await send(device, { path: '/api/v1/status', auth: 'ops:ops-pass' })).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      expect((await send(device, { path: '/api/v1/status', auth: 'ops:wrong' })).status).toBe(401);
    }
    expect((await send(device, { path: '/api/v1/status', auth: 'ops:ops-pass' })).status).toBe(401);
    expect(device.state().lockedUsers).toEqual(['ops']);
    // Other users are not affected.
    expect((await send(device, { path: '/api/v1/status' })).status).toBe(200);
  });

  it('blocks the requesting address for every user after 3 failures (lockout: ip, DenyAccessOnFailCount)', async () => {
    const blocked = await startSimulator({ users, faults: { resetDowntimeMs: 30 } });
    try {
      const device = deviceAt(blocked, 0);
      // Failures of different users add up: it is the address that is counted.
      expect((await send(device, { path: '/api/v1/status', auth: 'ops:wrong' })).status).toBe(401);
      expect((await send(device, { path: '/api/v1/status', auth: 'nobody:x' })).status).toBe(401);
      expect((await send(device, { path: '/api/v1/status', auth: 'watch:wrong' })).status).toBe(401);
      expect((await send(device, { path: '/api/v1/status' })).status).toBe(401);
      expect(device.state().lockedUsers).toEqual(['ip:127.0.0.1']);
    } finally {
      await blocked.close();
    }
  });

  it('answers 409 during HA synchronisation to everything but GET status, with an active alarm', async () => {
    const device = deviceAt(sim, 0);
    device.setHaSynchronizing(true);
    const blocked = await send(device, { path: '/api/v1/files/ini' });
    expect(blocked.status).toBe(409);
    expect(blocked.json()).toEqual({ description: 'Device is currently performing HA synchronization' });
    const alarms = await send(device, { path: '/api/v1/alarms/active' });
    expect(alarms.status).toBe(409);
    const status = await send(device, { path: '/api/v1/status' });
    expect(status.status).toBe(200);
    // The Status page knows only "Operational" / "Not Operational": synchronisation shows as 409.
    expect(status.json().highAvailability).toBe('Operational');
    device.setHaSynchronizing(false);
    expect((await send(device, { path: '/api/v1/files/ini' })).status).toBe(200);
  });

  it('starts every device in an HA window with haSynchronizing', async () => {
    const ha = await startSimulator({ haSynchronizing: true });
    try {
      expect((await send(deviceAt(ha, 0), { path: '/api/v1/files/tls/0/privateKey' })).status).toBe(409);
    } finally {
      await ha.close();
    }
  });

  it('listens on ::1 too, with a factory certificate valid for it', async () => {
    const v6 = await startSimulator({ host: '::1' });
    try {
      const device = deviceAt(v6, 0);
      expect(device.url).toBe(`https://[::1]:${device.port}`);
      expect((await send(device, { path: '/api/v1/status', ca: v6.factoryCaPem })).status).toBe(200);
    } finally {
      await v6.close();
    }
  });

  it('reports status fields and 404 for unknown paths', async () => {
    const device = deviceAt(sim, 1);
    const status = (await send(device, { path: '/api/v1/status' })).json();
    for (const field of [
      'localTimeStamp',
      'ipAddress',
      'systemUpTime',
      'productType',
      'versionID',
      'serialNumber',
      'macAddress',
      'highAvailability',
      'operationalState',
    ]) {
      expect(status).toHaveProperty(field);
    }
    expect(status.saveNeeded).toBe('false');
    expect(status.resetNeeded).toBe('false');
    expect(status.highAvailability).toBe('Not Operational');
    device.setOpenItems({ statusValues: 'booleans' });
    const booleans = (await send(device, { path: '/api/v1/status' })).json();
    expect([booleans.saveNeeded, booleans.resetNeeded]).toEqual([false, false]);
    device.setOpenItems({ statusValues: 'strings' });
    expect((await send(device, { path: '/api/v1/nothing' })).status).toBe(404);
    expect((await send(device, { path: '/api/v1/files/tls/9/certificate' })).status).toBe(404);
  });
});
