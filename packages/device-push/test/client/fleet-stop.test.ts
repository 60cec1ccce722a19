import { readPrivateKey } from '@certwright/core';
import { describe, expect, it } from 'vitest';
import { enrollFleet, type InventoryEntry, preparePushMaterial, pushFleet } from '../../src/index.js';
import { makeBoardFiles } from './fixtures.js';

// A stopped run contacts no further device: every device it had not started is reported untouched,
// with the command that completes it. (The CLI's device-push test stops a real run half-way.)
const entries: InventoryEntry[] = ['edge-1', 'edge-2', 'edge-3'].map((name, index) => ({
  name,
  host: '127.0.0.1',
  port: 1 + index,
  profile: 'mediant',
  protocol: 'https',
  tlsContext: 0,
  username: 'Admin',
}));

const stoppedSignal = () => {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
};

function refuseContact(): never {
  throw new Error('a stopped run must not contact a device');
}

describe('a fleet run that is stopped', () => {
  it('pushFleet: no device contacted, each reported ERR_DEVICE_INTERRUPTED with its command', async () => {
    const files = makeBoardFiles();
    const material = await preparePushMaterial({
      certificate: files.certificatePem,
      key: (await readPrivateKey(files.keyPem)).key,
      roots: files.rootPem,
    });
    const reports = await pushFleet(entries, {
      material,
      mediant: { tlsContext: 0, roots: 'add', mutual: false, allowReset: false },
      concurrency: 2,
      clientFor: async () => refuseContact(),
      completeCommand: (entry) => `push ${entry.name}`,
      signal: stoppedSignal(),
    });
    expect(reports.map((report) => [report.name, report.state, report.errors[0]?.code, report.command])).toEqual([
      ['edge-1', 'failed', 'ERR_DEVICE_INTERRUPTED', 'push edge-1'],
      ['edge-2', 'failed', 'ERR_DEVICE_INTERRUPTED', 'push edge-2'],
      ['edge-3', 'failed', 'ERR_DEVICE_INTERRUPTED', 'push edge-3'],
    ]);
    expect(reports.every((report) => report.changes.length === 0)).toBe(true);
  });

  it('enrollFleet: the same', async () => {
    const reports = await enrollFleet(entries, {
      modeFor: () => ({ kind: 'csr-out' }),
      keySize: 2048,
      rootPems: [],
      concurrency: 2,
      clientFor: async () => refuseContact(),
      completeCommand: (entry) => `enroll ${entry.name}`,
      signal: stoppedSignal(),
    });
    expect(reports.map((report) => [report.name, report.state, report.errors[0]?.code, report.command])).toEqual([
      ['edge-1', 'failed', 'ERR_DEVICE_INTERRUPTED', 'enroll edge-1'],
      ['edge-2', 'failed', 'ERR_DEVICE_INTERRUPTED', 'enroll edge-2'],
      ['edge-3', 'failed', 'ERR_DEVICE_INTERRUPTED', 'enroll edge-3'],
    ]);
  });
});
