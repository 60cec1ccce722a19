import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../device-sim/src/start.js';
import type { SimulatorHandle } from '../../device-sim/src/types.js';
import { cli, tempDir } from './helpers.js';

// Issue 15: an inventory's password_file is relative to the inventory, not to where the command runs;
// inventories saved by spreadsheets (semicolons, tabs, UTF-16 with a byte-order mark) are read.
const PASSWORD = 'lab-device-pw';
let dir: string;
let cleanup: () => Promise<void>;
let sim: SimulatorHandle;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  sim = await startSimulator({ devices: 2, users: [{ name: 'Admin', password: PASSWORD, level: 'security-admin' }] });
  writeFileSync(join(dir, 'factory-ca.pem'), sim.factoryCaPem);
  mkdirSync(join(dir, 'fleet', 'secrets'), { recursive: true });
  writeFileSync(join(dir, 'fleet', 'secrets', 'admin.txt'), `${PASSWORD}\n`, { mode: 0o600 });
});
afterAll(async () => {
  await sim?.close();
  await cleanup?.();
});

function rows(separator: string): string {
  const header = ['name', 'host', 'port', 'username', 'password_file'].join(separator);
  const lines = sim.devices.map((device) =>
    [device.name, '127.0.0.1', device.port, 'Admin', 'secrets/admin.txt'].join(separator),
  );
  return `${[header, ...lines].join('\r\n')}\r\n`;
}

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

function status(inventory: string, extra: string[] = []) {
  return cli(dir, ['device', 'status', '--inventory', inventory, '--ca-file', 'factory-ca.pem', '--json', ...extra]);
}

describe('device inventory files', () => {
  it('reads password_file relative to the inventory’s folder, not the working directory', async () => {
    writeFileSync(join(dir, 'fleet', 'devices.csv'), rows(','));
    const run = await status('fleet/devices.csv');
    expect(run.code, run.stderr).toBe(0);
    const devices = JSON.parse(run.stdout).devices as { name: string }[];
    expect(devices.map((device) => device.name)).toEqual(['device-0', 'device-1']);
  });

  it('names the resolved path when the password file is missing', async () => {
    writeFileSync(join(dir, 'fleet', 'missing.csv'), rows(',').replaceAll('secrets/admin.txt', 'nope.txt'));
    const run = await status('fleet/missing.csv');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('fleet/nope.txt');
  });

  it.each([
    ['semicolons, UTF-8 with a byte-order mark', () => Buffer.from(`\uFEFF${rows(';')}`)],
    ['semicolons, UTF-16LE with a byte-order mark', () => utf16le(rows(';'))],
    ['tabs, UTF-16LE with a byte-order mark (Excel "Unicode Text")', () => utf16le(rows('\t'))],
  ])('reads a CSV saved with %s', async (_label, bytes) => {
    writeFileSync(join(dir, 'fleet', 'excel.csv'), bytes());
    const run = await status('fleet/excel.csv');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).devices).toHaveLength(2);
  });

  it('scan reads the same inventories (each device a target)', async () => {
    writeFileSync(join(dir, 'fleet', 'scan.csv'), utf16le(rows(';')));
    const argv = [
      'scan',
      '--inventory',
      'fleet/scan.csv',
      '--ca-file',
      'factory-ca.pem',
      '--fail-on',
      'expired',
      '--json',
    ];
    const run = await cli(dir, argv);
    expect(run.code, run.stderr).toBe(0);
    const endpoints = JSON.parse(run.stdout).endpoints as { label?: string }[];
    expect(endpoints.map((endpoint) => endpoint.label).sort()).toEqual(['device-0', 'device-1']);
  });

  it('refuses UTF-16 without a byte-order mark in one line naming the file (exit 2, as every inventory error)', async () => {
    writeFileSync(join(dir, 'fleet', 'nobom.csv'), Buffer.from(rows(','), 'utf16le'));
    const run = await status('fleet/nobom.csv');
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error.code).toBe('ERR_DEVICE_INVENTORY');
    expect(run.stderr).toMatch(/fleet\/nobom\.csv.*UTF-16 without a byte-order mark/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

// Issue 15: the simulator's own inventory and CA file work with the device commands as written.
describe('the simulator’s --write-inventory', () => {
  const simBin = fileURLToPath(new URL('../../device-sim/bin/certwright-device-sim.js', import.meta.url));

  it('gives device status an inventory and a CA file it accepts as they are', async () => {
    mkdirSync(join(dir, 'lab'));
    writeFileSync(join(dir, 'lab', 'users'), `Admin:${PASSWORD}:security-admin\n`, { mode: 0o600 });
    const child = spawn(
      process.execPath,
      [simBin, '--devices', '2', '--users-file', 'lab/users', '--write-inventory', 'lab/devices.csv'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout?.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`simulator exited ${code}`)));
      });
      const argv = ['device', 'status', '--inventory', 'lab/devices.csv', '--ca-file', 'lab/devices-ca.pem'];
      const run = await cli(dir, [...argv, '--password-file', 'fleet/secrets/admin.txt', '--json']);
      expect(run.code, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout).devices as unknown[]).length).toBe(2);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    }
  });
});
