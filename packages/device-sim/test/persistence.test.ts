import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/start.js';
import type { DeviceStateSnapshot } from '../src/types.js';
import { deviceAt, fingerprintOf, issueLeaf, labCa, send, servedFingerprint, upload } from './helpers.js';

describe('simulator state directory', () => {
  const directories: string[] = [];
  afterEach(async () => {
    for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
  });

  it('keeps the factory CA and saved configuration across a restart; state.json tracks the real state', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'cw-sim-state-'));
    directories.push(stateDir);
    const ca = await labCa();
    const board = await issueLeaf(ca, 'board');
    const first = await startSimulator({ devices: 2, stateDir });
    const device = deviceAt(first, 0);
    await upload(device, '/api/v1/files/tls/0/privateKey', board.keyPem);
    await upload(device, '/api/v1/files/tls/0/certificate', board.certificatePem);
    await send(device, { method: 'POST', path: '/api/v1/actions/saveConfiguration' });
    await upload(device, '/api/v1/files/ini/incremental', 'AUPDVerifyCertificates = 1\n');

    const statePath = join(stateDir, 'device-0', 'state.json');
    const written = JSON.parse(await readFile(statePath, 'utf8')) as DeviceStateSnapshot;
    expect(written.saveNeeded).toBe(true);
    expect(written.running.parameters.AUPDVerifyCertificates).toBe('1');
    expect(written.saved.parameters.AUPDVerifyCertificates).toBe('0');
    expect(written).toEqual(JSON.parse(JSON.stringify(device.state())));
    expect((await stat(statePath)).mode & 0o777).toBe(0o600);
    expect((await stat(join(stateDir, 'device-0', 'saved.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(stateDir, 'factory-ca-key.pem'))).mode & 0o777).toBe(0o600);
    const factoryCa = first.factoryCaPem;
    const untouched = deviceAt(first, 1).servedFingerprint();
    await first.close();

    const second = await startSimulator({ devices: 2, stateDir });
    try {
      expect(second.factoryCaPem).toBe(factoryCa);
      const again = deviceAt(second, 0);
      // The saved pair is back; the unsaved parameter is not.
      expect(await servedFingerprint(again)).toBe(fingerprintOf(board.certificatePem));
      expect(again.state().running.parameters.AUPDVerifyCertificates).toBe('0');
      expect(again.state().saveNeeded).toBe(false);
      expect(deviceAt(second, 1).servedFingerprint()).toBe(untouched);
      const check = await send(deviceAt(second, 1), { path: '/api/v1/status', ca: second.factoryCaPem });
      expect(check.status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('restarts a device whose saved context 0 holds a mismatched pair, serving a fresh factory certificate', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'cw-sim-state-'));
    directories.push(stateDir);
    const ca = await labCa();
    const stray = await issueLeaf(ca, 'stray');
    const first = await startSimulator({ stateDir, openItems: { certificateKeyMismatch: 'accept' } });
    const device = deviceAt(first, 0);
    expect((await upload(device, '/api/v1/files/tls/0/certificate', stray.certificatePem)).status).toBe(200);
    await send(device, { method: 'POST', path: '/api/v1/actions/saveConfiguration' });
    await first.close();
    const second = await startSimulator({ stateDir });
    try {
      const status = await send(deviceAt(second, 0), { path: '/api/v1/status', ca: second.factoryCaPem });
      expect(status.status).toBe(200);
      expect((await send(deviceAt(second, 0), { path: '/api/v1/files/tls/0/privateKey' })).json().valid).toBe(false);
    } finally {
      await second.close();
    }
  });
});
