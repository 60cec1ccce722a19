import { readPrivateKey } from '@certwright/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type DeviceStateSnapshot,
  type FaultSettings,
  type FirmwareName,
  type OpenItemSettings,
  type SimulatedDevice,
  type SimulatorHandle,
  type SimulatorOptions,
  startSimulator,
} from '../../../device-sim/src/index.js';
import {
  DeviceClient,
  type DeviceReport,
  type InventoryEntry,
  type MediantPushOptions,
  type PushMaterial,
  preparePushMaterial,
  pushFleet,
  readFlag,
} from '../../src/index.js';
import { type BoardFiles, type ChainFiles, makeBoardFiles, makeChainFiles } from './fixtures.js';
import { type Expected, fingerprintOf, untruths } from './truth.js';

async function waitUntil(check: () => boolean): Promise<void> {
  for (let tries = 0; !check(); tries++) {
    if (tries > 500) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const RETRY = { attempts: 8, baseDelayMs: 20, maxDelayMs: 200 };
let files: BoardFiles;
let material: PushMaterial;
let expected: Expected;
const running: SimulatorHandle[] = [];

beforeAll(async () => {
  files = makeBoardFiles();
  material = await preparePushMaterial({
    certificate: files.certificatePem,
    key: (await readPrivateKey(files.keyPem)).key,
    roots: files.rootPem,
    client: { certificate: files.clientCertificatePem, key: (await readPrivateKey(files.clientKeyPem)).key },
  });
  expected = {
    certificateFingerprint: material.certificateFingerprint,
    rootFingerprint: material.rootFingerprints[0] as string,
    parameters: { AUPDVerifyCertificates: '1' },
  };
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function simulator(
  devices: number,
  openItems: Partial<OpenItemSettings> = {},
  extra: SimulatorOptions = {},
): Promise<SimulatorHandle> {
  const sim = await startSimulator({ devices, openItems, faults: { resetDowntimeMs: 100 }, seed: 7, ...extra });
  running.push(sim);
  return sim;
}

/** Every firmware the simulator models for Mediant devices: the client must be right on each. */
const MEDIANT_FIRMWARES: FirmwareName[] = ['mediant-7.4', 'mediant-7.4-other', 'mediant-7.4-reset'];

function entries(sim: SimulatorHandle): InventoryEntry[] {
  return sim.devices.map((device) => ({
    name: device.name,
    host: device.host,
    port: device.port,
    profile: 'mediant',
    protocol: 'https',
    tlsContext: 0,
    username: 'Admin',
  }));
}

async function push(
  sim: SimulatorHandle,
  options: Partial<MediantPushOptions> = {},
  pushed: PushMaterial = material,
): Promise<DeviceReport[]> {
  return pushFleet(entries(sim), {
    material: pushed,
    mediant: { tlsContext: 0, roots: 'add', mutual: false, allowReset: false, resetWaitMs: 20_000, ...options },
    concurrency: 16,
    clientFor: async (entry, onRetry) =>
      new DeviceClient({
        name: entry.name,
        host: entry.host,
        port: entry.port,
        username: entry.username,
        password: 'Admin',
        trust: { caPem: sim.factoryCaPem },
        retry: RETRY,
        timeoutMs: 5000,
        onRetry,
      }),
    completeCommand: (entry, allowReset) =>
      `certwright device push --device ${entry.name}${allowReset ? ' --allow-reset' : ''} …`,
  });
}

function snapshots(sim: SimulatorHandle): DeviceStateSnapshot[] {
  return sim.devices.map((device) => device.state());
}

function allUntruths(
  sim: SimulatorHandle,
  reports: DeviceReport[],
  before: DeviceStateSnapshot[],
  want = expected,
): string[] {
  return reports.flatMap((report, index) =>
    untruths(sim.devices[index] as SimulatedDevice, report, before[index] as DeviceStateSnapshot, want),
  );
}

describe('Mediant push against the simulator', () => {
  it('pushes, a new TLS handshake sees the new certificate, and a second push changes nothing', async () => {
    const sim = await simulator(3);
    const before = snapshots(sim);
    const reports = await push(sim);
    expect(reports.map((report) => report.state)).toEqual(['updated', 'updated', 'updated']);
    expect(allUntruths(sim, reports, before)).toEqual([]);
    for (const device of sim.devices) expect(device.servedFingerprint()).toBe(material.certificateFingerprint);
    expect(reports[0]?.verified).toEqual([
      'certificate-read-back',
      'private-key-valid',
      'trusted-roots',
      'ini-values',
      'served-certificate',
      'saved',
    ]);
    // Now the devices serve the board certificate, which the factory CA did not issue: trust it by pin.
    const again = await pushFleet(entries(sim), {
      material,
      mediant: { tlsContext: 0, roots: 'add', mutual: false, allowReset: false },
      concurrency: 4,
      clientFor: async (entry) =>
        new DeviceClient({ ...entry, password: 'Admin', trust: { pinsSha256: [material.certificateFingerprint] } }),
      completeCommand: () => 'x',
    });
    expect(again.map((report) => [report.state, report.changes.length])).toEqual([
      ['unchanged', 0],
      ['unchanged', 0],
      ['unchanged', 0],
    ]);
  });

  it('refuses a key that does not match, or a certificate that does not chain, before any device is contacted', async () => {
    const otherKey = (await readPrivateKey(files.otherKeyPem)).key;
    await expect(
      preparePushMaterial({ certificate: files.certificatePem, key: otherKey, roots: files.rootPem }),
    ).rejects.toMatchObject({ code: 'ERR_DEVICE_PREFLIGHT', field: 'key' });
    const boardKey = (await readPrivateKey(files.keyPem)).key;
    await expect(
      preparePushMaterial({ certificate: files.certificatePem, key: boardKey, roots: files.clientCertificatePem }),
    ).rejects.toMatchObject({ code: 'ERR_DEVICE_PREFLIGHT', field: 'certificate' });
    await expect(
      preparePushMaterial({
        certificate: files.certificatePem,
        key: boardKey,
        roots: files.rootPem,
        client: { certificate: files.clientCertificatePem, key: otherKey },
      }),
    ).rejects.toMatchObject({ code: 'ERR_DEVICE_PREFLIGHT', field: 'client-key' });
  });

  it('refuses an HA pair (highAvailability "Operational") in pre-flight, untouched, unless allowed', async () => {
    const sim = await simulator(2);
    (sim.devices[0] as SimulatedDevice).setHaSynchronizing(true);
    const before = snapshots(sim);
    const reports = await push(sim);
    expect(reports.map((report) => report.state)).toEqual(['failed', 'updated']);
    expect(reports[0]?.errors[0]?.code).toBe('ERR_DEVICE_HA_PAIR');
    expect(allUntruths(sim, reports, before)).toEqual([]);
  });

  it('with allowHa pushes to the active unit, waits out synchronisation, and verifies after a switchover', async () => {
    const sim = await simulator(2, {}, { haPair: true, haSyncMs: 300 });
    const before = snapshots(sim);
    const refused = await push(sim);
    expect(refused.map((report) => report.errors[0]?.code)).toEqual(['ERR_DEVICE_HA_PAIR', 'ERR_DEVICE_HA_PAIR']);
    const reports = await push(sim, { allowHa: true, allowReset: true });
    expect(reports.map((report) => report.state)).toEqual(['updated', 'updated']);
    expect(reports[0]?.verified).toContain('ha-switchover');
    expect(allUntruths(sim, reports, before)).toEqual([]);
    for (const device of sim.devices) {
      const state = device.state();
      expect(state.ha?.activeUnit).toBe(1);
      // The unit that went down holds the push too, once the new active unit has synchronised it.
      await waitUntil(
        () =>
          fingerprintOf(device.state().ha?.standby.saved.tlsContexts[0]?.certificatePem ?? '') ===
          material.certificateFingerprint,
      );
    }
    await expect(
      pushFleet(entries(sim), {
        material,
        mediant: { tlsContext: 0, roots: 'add', mutual: false, allowReset: false, allowHa: true },
        concurrency: 1,
        clientFor: async () => {
          throw new Error('not reached');
        },
        completeCommand: () => 'x',
      }),
    ).rejects.toThrow(/allowReset/);
  });

  it('switches on mutual TLS: after save and reset the device answers with the client pair and refuses without', async () => {
    const sim = await simulator(2);
    const before = snapshots(sim);
    const reports = await push(sim, { mutual: true, allowReset: true });
    expect(reports.map((report) => report.state)).toEqual(['updated', 'updated']);
    expect(reports[0]?.verified).toContain('mutual-tls-with-client-certificate');
    expect(reports[0]?.verified).toContain('mutual-tls-enforced');
    const mutualExpected = {
      ...expected,
      parameters: { AUPDVerifyCertificates: '1', HTTPSRequireClientCertificate: '1' },
    };
    expect(allUntruths(sim, reports, before, mutualExpected)).toEqual([]);
    const device = sim.devices[1] as SimulatedDevice;
    const base = {
      name: device.name,
      host: device.host,
      port: device.port,
      username: 'Admin',
      password: 'Admin',
      trust: { pinsSha256: [material.certificateFingerprint] },
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    };
    const withPair = new DeviceClient({ ...base, clientIdentity: material.clientIdentity });
    expect(readFlag((await withPair.status()).saveNeeded)).toBe(false);
    expect((await withPair.servedCertificate()).fingerprint).toBe(material.certificateFingerprint);
    const withoutPair = new DeviceClient(base);
    await expect(withoutPair.status()).rejects.toMatchObject({
      code: expect.stringMatching(/TLS_HANDSHAKE|CONNECTION/),
    });
    withPair.close();
    withoutPair.close();
  });
});

describe.each(MEDIANT_FIRMWARES)('Mediant push on firmware %s', (firmware) => {
  it('pushes and verifies; on firmware that needs a reset, pending-reset without --allow-reset, updated with it', async () => {
    const sim = await simulator(3, {}, { firmware });
    const before = snapshots(sim);
    expect(sim.devices[0]?.state().firmware).toBe(firmware);
    const afterReset = firmware === 'mediant-7.4-reset';
    const first = await push(sim);
    expect(allUntruths(sim, first, before)).toEqual([]);
    expect(first.map((report) => report.state)).toEqual(Array(3).fill(afterReset ? 'pending-reset' : 'updated'));
    if (afterReset) {
      // Nothing half-done: loaded, verified and saved; the device serves its old certificate until a reset.
      for (const report of first) {
        expect(report.command).toMatch(/--allow-reset/);
        expect(report.warnings.map((warning) => warning.code)).toContain('WARN_DEVICE_PENDING_RESET');
      }
      const again = await push(sim, { allowReset: true });
      expect(again.map((report) => report.state)).toEqual(['updated', 'updated', 'updated']);
      // The second run found everything loaded and saved: it only reset.
      expect(again[0]?.changes).toEqual(['POST /api/v1/actions/reset (the new certificate takes effect)']);
      expect(allUntruths(sim, again, before)).toEqual([]);
    }
    for (const device of sim.devices) expect(device.servedFingerprint()).toBe(material.certificateFingerprint);
    // The key travelled in a form every firmware reads (PKCS#1 for RSA), also on PKCS#1-only firmware.
    expect(material.keyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
  });

  it('uploads the chain, so a client holding only the root verifies the device; a device refusing chains gets the leaf', async () => {
    const chain: ChainFiles = makeChainFiles();
    const pushed = await preparePushMaterial({
      certificate: chain.chainPem,
      key: (await readPrivateKey(chain.keyPem)).key,
      roots: chain.rootPem,
    });
    expect(pushed.intermediates).toBe(1);
    const sim = await simulator(1, {}, { firmware });
    const [report] = await push(sim, { allowReset: true }, pushed);
    expect(report?.state).toBe('updated');
    const device = sim.devices[0] as SimulatedDevice;
    const refuses = firmware === 'mediant-7.4-other';
    expect(report?.warnings.map((warning) => warning.code).includes('WARN_DEVICE_CHAIN_REFUSED')).toBe(refuses);
    const rootOnly = new DeviceClient({
      ...device,
      username: 'Admin',
      password: 'Admin',
      trust: { caPem: chain.rootPem },
    });
    const served = await rootOnly.servedCertificate();
    expect(served.fingerprint).toBe(pushed.certificateFingerprint);
    expect(served.trusted).toBe(!refuses);
    rootOnly.close();
  });
});

/** Request numbers a push can be interrupted after: 5 of pre-flight, up to 11 of push and verify. */
const REQUESTS = Array.from({ length: 16 }, (_, index) => index + 1);

function faultFor(index: number): FaultSettings {
  const base = { resetDowntimeMs: 100 };
  if (index < 16) return { ...base, resetAfterRequest: REQUESTS[index] };
  if (index < 32) return { ...base, powerLossAfterRequest: REQUESTS[index - 16] };
  if (index === 32) return { ...base, dropRate: 0.2 };
  if (index === 33) return { ...base, serverErrorRate: 0.2 };
  if (index === 34) return { ...base, conflictRate: 0.3 };
  return { ...base, latencyMs: 30 };
}

describe.each([
  { firmware: 'mediant-7.4', openItems: {} },
  { firmware: 'mediant-7.4', openItems: { certificateKeyMismatch: 'accept' } },
  { firmware: 'mediant-7.4-other', openItems: {} },
  { firmware: 'mediant-7.4-reset', openItems: {} },
] as const)('every fault kind on $firmware $openItems', ({ firmware, openItems }) => {
  it.each([false, true])('reports the truth for each device (allowReset %s)', async (allowReset) => {
    const sim = await simulator(39, openItems, { firmware });
    // Devices 36–38: a full trusted root store, so adding the root fails after the key went up.
    await Promise.all(sim.devices.slice(36).map((device) => fillRootStore(sim, device)));
    for (const [index, device] of sim.devices.entries()) device.setFaults(faultFor(index));
    const before = snapshots(sim);
    const reports = await push(sim, { allowReset });
    expect(allUntruths(sim, reports, before)).toEqual([]);
    // Retries and the second attempt carry the transient faults through; firmware that applies a new
    // certificate at a reset leaves the devices pending one unless resets are allowed.
    const done = firmware === 'mediant-7.4-reset' && !allowReset ? 'pending-reset' : 'updated';
    expect(reports.slice(0, 36).filter((report) => report.state === done).length).toBeGreaterThanOrEqual(32);
    // Only a device known to revert files on a reset, with the reset allowed, can be rolled back.
    const tlsFilesOnReset = firmware === 'mediant-7.4-other' ? 'persist-at-once' : 'revert-unless-saved';
    const canRollBack = allowReset && tlsFilesOnReset === 'revert-unless-saved';
    for (const report of reports.slice(36)) {
      expect(report.state).toBe(canRollBack ? 'rolled-back' : 'needs-attention');
      expect(report.errors.map((error) => error.code)).toContain('ERR_DEVICE_BAD_REQUEST');
    }
  });
});

/** 150 copies of the factory CA, saved: the store is full and the pushed root cannot be added. */
async function fillRootStore(sim: SimulatorHandle, device: SimulatedDevice): Promise<void> {
  const api = new DeviceClient({ ...device, username: 'Admin', password: 'Admin', trust: { caPem: sim.factoryCaPem } });
  await api.putTrustedRoots(
    0,
    Array.from({ length: 150 }, () => sim.factoryCaPem),
  );
  await api.saveConfiguration();
  api.close();
}
