import { readPrivateKey } from '@certwright/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FaultSettings,
  type SimulatedDevice,
  type SimulatorHandle,
  startSimulator,
} from '../../../device-sim/src/index.js';
import {
  DeviceClient,
  type DeviceOutcome,
  type InventoryEntry,
  preparePushMaterial,
  pushFleet,
} from '../../src/index.js';
import { makeBoardFiles } from './fixtures.js';
import { pairMatches, untruths } from './truth.js';

let sim: SimulatorHandle;
afterAll(async () => sim?.close());
beforeAll(async () => {
  sim = await startSimulator({ devices: 200, seed: 42, faults: { resetDowntimeMs: 100 } });
});

/** A spread of faults over the fleet: none, random drops/500s/409s, a reset or power loss at request k, a full root store. */
function faultFor(index: number): FaultSettings {
  const base = { resetDowntimeMs: 100 };
  switch (index % 8) {
    case 0:
      return { ...base, dropRate: 0.05, serverErrorRate: 0.05, conflictRate: 0.05 };
    case 1:
      return { ...base, resetAfterRequest: 1 + (index % 20) };
    case 2:
      return { ...base, powerLossAfterRequest: 1 + (index % 20) };
    case 3:
      return { ...base, conflictRate: 0.2, latencyMs: 5 };
    default:
      return base;
  }
}

describe('a 200-device fleet with faults', () => {
  // A limit against hangs on a loaded machine, not a speed check (bench/device-push.mjs measures speed).
  it('reports each device exactly as it is; updated and rolled-back devices hold a matching, saved pair', {
    timeout: 600_000,
  }, async () => {
    const files = makeBoardFiles();
    const material = await preparePushMaterial({
      certificate: files.certificatePem,
      key: (await readPrivateKey(files.keyPem)).key,
      roots: files.rootPem,
    });
    // Every 25th device has a full root store (a permanent failure after the key went up).
    const full = sim.devices.filter((_, index) => index % 25 === 7);
    await Promise.all(
      full.map(async (device) => {
        const api = new DeviceClient({
          ...device,
          username: 'Admin',
          password: 'Admin',
          trust: { caPem: sim.factoryCaPem },
        });
        await api.putTrustedRoots(
          0,
          Array.from({ length: 150 }, () => sim.factoryCaPem),
        );
        await api.saveConfiguration();
        api.close();
      }),
    );
    // Half of the devices revert TLS files on a reset without save; the other half persist them at once.
    sim.devices.forEach((device, index) => {
      device.setFaults(faultFor(index));
      device.setOpenItems({
        tlsFilesOnReset: index % 2 === 0 ? 'revert-unless-saved' : 'persist-at-once',
        certificateKeyMismatch: index % 3 === 0 ? 'accept' : 'refuse',
      });
    });
    const before = sim.devices.map((device) => device.state());
    const entries: InventoryEntry[] = sim.devices.map((device) => ({
      name: device.name,
      host: device.host,
      port: device.port,
      profile: 'mediant',
      protocol: 'https',
      tlsContext: 0,
      username: 'Admin',
    }));
    const reports = await pushFleet(entries, {
      material,
      mediant: { tlsContext: 0, roots: 'add', mutual: false, allowReset: true, resetWaitMs: 20_000 },
      concurrency: 32,
      clientFor: async (entry, onRetry) =>
        new DeviceClient({
          ...entry,
          password: 'Admin',
          trust: { caPem: sim.factoryCaPem },
          retry: { attempts: 8, baseDelayMs: 20, maxDelayMs: 300 },
          timeoutMs: 5000,
          onRetry,
        }),
      completeCommand: (entry) => `certwright device push --only ${entry.name}`,
    });
    const problems = reports.flatMap((report, index) =>
      untruths(sim.devices[index] as SimulatedDevice, report, before[index] as (typeof before)[number], {
        certificateFingerprint: material.certificateFingerprint,
        rootFingerprint: material.rootFingerprints[0] as string,
        parameters: { AUPDVerifyCertificates: '1' },
      }),
    );
    expect(problems).toEqual([]);
    const counts: Partial<Record<DeviceOutcome, number>> = {};
    for (const report of reports) counts[report.state] = (counts[report.state] ?? 0) + 1;
    // The 8 full-store devices cannot be updated: half revert on reset (rolled-back), half persist (needs-attention).
    expect(counts['rolled-back']).toBe(4);
    expect(counts['needs-attention']).toBe(4);
    expect(counts.updated).toBe(192);
    for (const [index, report] of reports.entries()) {
      if (report.state !== 'updated' && report.state !== 'rolled-back') continue;
      const state = (sim.devices[index] as SimulatedDevice).state();
      expect(
        pairMatches(state.running.tlsContexts[0]) && pairMatches(state.saved.tlsContexts[0]) && !state.saveNeeded,
      ).toBe(true);
    }
    expect(reports.reduce((sum, report) => sum + report.retries, 0)).toBeGreaterThan(0);
  });
});
