import type { LabCa } from '@certwright/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultPlan } from '../src/faults.js';
import { startSimulator } from '../src/start.js';
import type { SimulatorHandle } from '../src/types.js';
import { deviceAt, type IssuedPair, issueLeaf, labCa, send, upload, waitFor } from './helpers.js';

describe('simulator fault injection', () => {
  let sim: SimulatorHandle | undefined;
  let ca: LabCa;
  let board: IssuedPair;
  beforeAll(async () => {
    ca = await labCa();
    board = await issueLeaf(ca, 'board');
  });
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('delays answers by the latency (a client with a shorter timeout gives up), and stops when cleared', async () => {
    sim = await startSimulator({ faults: { latencyMs: 30_000 } });
    const device = deviceAt(sim, 0);
    await expect(send(device, { path: '/api/v1/status', timeoutMs: 300 })).rejects.toThrow('client timeout');
    device.setFaults({});
    expect((await send(device, { path: '/api/v1/status', timeoutMs: 20_000 })).status).toBe(200);
  });

  it('drops connections without answering', async () => {
    sim = await startSimulator({ faults: { dropRate: 1 } });
    await expect(send(deviceAt(sim, 0), { path: '/api/v1/status' })).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('answers 500 and 409 at their rates', async () => {
    sim = await startSimulator({ devices: 2, faults: { serverErrorRate: 1 } });
    expect((await send(deviceAt(sim, 0), { path: '/api/v1/status' })).status).toBe(500);
    deviceAt(sim, 1).setFaults({ conflictRate: 1 });
    const conflict = await send(deviceAt(sim, 1), { path: '/api/v1/status' });
    expect(conflict.status).toBe(409);
    expect(conflict.json().description).toBe('Device is currently performing HA synchronization');
  });

  it('draws the same faults for the same seed, different ones for another seed', () => {
    const run = (seed: number) => {
      const plan = new FaultPlan({ dropRate: 0.3, serverErrorRate: 0.3, conflictRate: 0.3 }, seed);
      return Array.from({ length: 40 }, () => plan.next().decision).join(',');
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
    expect(run(7)).toMatch(/drop/);
    expect(run(7)).toMatch(/none/);
  });

  it('replays the same per-request outcomes over HTTPS for the same seed', async () => {
    const outcomes = async (seed: number) => {
      const started = await startSimulator({ seed, faults: { serverErrorRate: 0.5 } });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 12; i++)
          statuses.push((await send(deviceAt(started, 0), { path: '/api/v1/status' })).status);
        return statuses;
      } finally {
        await started.close();
      }
    };
    const first = await outcomes(42);
    expect(await outcomes(42)).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });

  it('resets (without save) right after answering request N', async () => {
    sim = await startSimulator({ faults: { resetAfterRequest: 2, resetDowntimeMs: 50 } });
    const device = deviceAt(sim, 0);
    expect((await upload(device, '/api/v1/files/tls/0/privateKey', board.keyPem)).status).toBe(200);
    expect((await upload(device, '/api/v1/files/tls/0/certificate', board.certificatePem)).status).toBe(200);
    await waitFor(() => device.state().resets === 1 && device.state().reachable);
    const state = device.state();
    expect(state.running.tlsContexts[0]?.certificatePem).toBe(state.saved.tlsContexts[0]?.certificatePem);
    expect(state.running.tlsContexts[0]?.certificatePem).not.toBe(board.certificatePem);
    // Only once.
    expect((await send(device, { path: '/api/v1/status' })).status).toBe(200);
    expect(device.state().resets).toBe(1);
  });

  it('loses power after applying request N, before answering it: unsaved state is gone', async () => {
    sim = await startSimulator({ faults: { powerLossAfterRequest: 2, resetDowntimeMs: 50 } });
    const device = deviceAt(sim, 0);
    const factoryKey = device.state().running.tlsContexts[0]?.privateKeyPem;
    expect((await upload(device, '/api/v1/files/tls/0/privateKey', board.keyPem)).status).toBe(200);
    await expect(upload(device, '/api/v1/files/tls/0/certificate', board.certificatePem)).rejects.toThrow();
    await waitFor(() => device.state().resets === 1 && device.state().reachable);
    expect(device.state().running.tlsContexts[0]?.privateKeyPem).toBe(factoryKey);
    expect(device.state().saveNeeded).toBe(false);
  });

  it('closes cleanly while a device is down after a reset', async () => {
    sim = await startSimulator({ faults: { resetAfterRequest: 1, resetDowntimeMs: 600_000 } });
    const device = deviceAt(sim, 0);
    expect((await send(device, { path: '/api/v1/status' })).status).toBe(200);
    await waitFor(() => !device.state().reachable);
    await sim.close();
    sim = undefined;
    expect(device.state().reachable).toBe(false);
  });

  it('loses power after applying a save: the saved state survives', async () => {
    sim = await startSimulator({ faults: { powerLossAfterRequest: 3, resetDowntimeMs: 50 } });
    const device = deviceAt(sim, 0);
    await upload(device, '/api/v1/files/tls/0/privateKey', board.keyPem);
    await upload(device, '/api/v1/files/tls/0/certificate', board.certificatePem);
    const save = send(device, { method: 'POST', path: '/api/v1/actions/saveConfiguration' });
    await expect(save).rejects.toThrow();
    await waitFor(() => device.state().resets === 1 && device.state().reachable);
    expect(device.state().running.tlsContexts[0]?.certificatePem).toContain('BEGIN CERTIFICATE');
    expect(device.state().saved.tlsContexts[0]?.privateKeyPem).toBe(
      device.state().running.tlsContexts[0]?.privateKeyPem,
    );
    expect(device.state().running.tlsContexts[0]?.certificatePem).toBe(
      device.state().saved.tlsContexts[0]?.certificatePem,
    );
    expect(device.state().saved.tlsContexts[0]?.certificatePem.replace(/\s/g, '')).toBe(
      board.certificatePem.replace(/\s/g, ''),
    );
  });
});
