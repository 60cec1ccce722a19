// The pooled connection of a DeviceClient resumes the TLS session of a connection it trusted (the reconnect
// between a fleet's pre-flight and its push costs no certificate check on either side), and never gets
// around a trust check with it: sessions come only from trusted connections, a device that serves another
// pair meets a full handshake, and the served-certificate checks always make one.
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatedDevice, type SimulatorHandle, startSimulator } from '../../../device-sim/src/index.js';
import { DeviceClient, type DeviceClientOptions, DeviceError, sha256Hex } from '../../src/index.js';
import { type BoardFiles, makeBoardFiles } from './fixtures.js';

let sim: SimulatorHandle;
let files: BoardFiles;
beforeAll(async () => {
  files = makeBoardFiles();
  sim = await startSimulator({ devices: 3, firmware: 'mediant-7.4' });
});
afterAll(async () => sim?.close());

function client(device: SimulatedDevice, extra: Partial<DeviceClientOptions> = {}): DeviceClient {
  return new DeviceClient({
    name: device.name,
    host: device.host,
    port: device.port,
    username: 'Admin',
    password: 'Admin',
    trust: { caPem: sim.factoryCaPem },
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    ...extra,
  });
}

describe('DeviceClient TLS session resumption', () => {
  it('resumes after close(): a new connection that shows no certificate; the served checks still see it', async () => {
    const device = sim.devices[0] as SimulatedDevice;
    const api = client(device);
    await api.status();
    const first = api.lastConnection;
    expect(first?.servedFingerprint).toBe(device.servedFingerprint());
    api.close();
    await api.status();
    const second = api.lastConnection;
    // Another connection (a reset between the two would be seen), resumed: no certificate was sent on it.
    expect(second?.id).not.toBe(first?.id);
    expect(second?.servedFingerprint).toBeUndefined();
    expect(await api.servedFingerprint()).toBe(device.servedFingerprint());
    expect(await api.servedCertificate()).toMatchObject({ fingerprint: device.servedFingerprint(), trusted: true });
    api.close();
  });

  it('keeps no session from a connection it refused', async () => {
    const device = sim.devices[1] as SimulatedDevice;
    const api = client(device, { trust: { pinsSha256: ['00'.repeat(32)] } });
    const refused = await api.status().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeviceError);
    expect((refused as DeviceError).code).toBe('ERR_DEVICE_TLS_UNTRUSTED');
    api.trustFingerprint(device.servedFingerprint());
    await api.status();
    // A full handshake: the certificate was shown and checked against the new pin.
    expect(api.lastConnection?.servedFingerprint).toBe(device.servedFingerprint());
    api.close();
  });

  it('checks in full a device that now serves another pair (its listener refuses the old session): untrusted is refused', async () => {
    const device = sim.devices[2] as SimulatedDevice;
    const api = client(device);
    await api.status();
    // The device now serves the board pair, which the factory CA did not issue and nobody pinned.
    await api.putPrivateKey(0, files.keyPem);
    await api.putCertificate(0, files.certificatePem);
    const board = sha256Hex(new Uint8Array(new X509Certificate(files.certificatePem).raw));
    expect(device.servedFingerprint()).toBe(board);
    api.close();
    const refused = await api.status().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeviceError);
    expect((refused as DeviceError).code).toBe('ERR_DEVICE_TLS_UNTRUSTED');
  });
});
