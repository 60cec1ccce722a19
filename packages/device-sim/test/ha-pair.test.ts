import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/start.js';
import type { SimulatorHandle } from '../src/types.js';
import {
  deviceAt,
  fingerprintOf,
  issueLeaf,
  labCa,
  pushPair,
  resetAndWait,
  send,
  servedFingerprint,
  waitFor,
} from './helpers.js';

let sim: SimulatorHandle | undefined;
afterEach(async () => sim?.close());

describe('--ha-pair', () => {
  it('reports Operational; a save reaches the redundant unit after a 409 window; a reset switches over', async () => {
    sim = await startSimulator({ haPair: true, haSyncMs: 300, faults: { resetDowntimeMs: 30 } });
    const device = deviceAt(sim, 0);
    const factory = device.servedFingerprint();
    expect((await send(device, { path: '/api/v1/status' })).json().highAvailability).toBe('Operational');
    const board = await issueLeaf(await labCa(), 'board');
    await pushPair(device, board);
    const saved = await send(device, {
      method: 'POST',
      path: '/api/v1/actions/saveConfiguration',
      headers: { 'content-length': '0' },
    });
    expect(saved.status).toBe(200);
    // The window: everything but status answers 409 until the redundant unit has the copy.
    expect((await send(device, { path: '/api/v1/files/ini' })).status).toBe(409);
    expect((await send(device, { path: '/api/v1/status' })).status).toBe(200);
    expect(device.state().ha?.standby.saved.tlsContexts[0]?.certificatePem).not.toBe(board.certificatePem);
    await waitFor(async () => (await send(device, { path: '/api/v1/files/ini' })).status === 200);
    expect(fingerprintOf(device.state().ha?.standby.saved.tlsContexts[0]?.certificatePem ?? '')).toBe(
      fingerprintOf(board.certificatePem),
    );
    // A reset switches over: unit 1 answers now, with what it holds.
    await resetAndWait(device, false);
    expect(device.state().ha?.activeUnit).toBe(1);
    expect(await servedFingerprint(device)).toBe(fingerprintOf(board.certificatePem));
    expect(factory).not.toBe(fingerprintOf(board.certificatePem));
  });

  it('loses a save that a switchover comes before the synchronisation of', async () => {
    sim = await startSimulator({ haPair: true, haSyncMs: 5000, faults: { resetDowntimeMs: 30 } });
    const device = deviceAt(sim, 0);
    const factory = device.servedFingerprint();
    await pushPair(device, await issueLeaf(await labCa(), 'board'));
    // Reset with save: unit 0 saves and goes down before unit 1 has a copy.
    await resetAndWait(device, true);
    expect(device.state().ha?.activeUnit).toBe(1);
    expect(await servedFingerprint(device)).toBe(factory);
  });
});
