import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSimArgs, parseUsersFile, UsageError } from '../src/cli-options.js';
import { send } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/certwright-device-sim.js', import.meta.url));

interface ReadyLine {
  ready: boolean;
  factoryCaFile: string;
  inventory?: { file: string; caFile: string };
  devices: { name: string; url: string; port: number; fingerprint: string }[];
}

/** Starts the built command and resolves with its ready line (and what it wrote to stderr so far). */
function startCli(args: string[]): Promise<{ child: ChildProcess; ready: ReadyLine; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline >= 0)
        resolve({ child, ready: JSON.parse(stdout.slice(0, newline)) as ReadyLine, stderr: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before ready: ${stderr}`)));
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('certwright-device-sim', () => {
  it('starts 3 devices, prints one ready line with the factory CA file, serves, and stops on SIGTERM', async () => {
    const { child, ready, stderr } = await startCli(['--devices', '3']);
    try {
      expect(ready.ready).toBe(true);
      expect(ready.devices.map((device) => device.name)).toEqual(['device-0', 'device-1', 'device-2']);
      const ca = await readFile(ready.factoryCaFile, 'utf8');
      for (const device of ready.devices) {
        expect(device.url).toBe(`https://127.0.0.1:${device.port}`);
        const status = await send({ host: '127.0.0.1', port: device.port }, { path: '/api/v1/status', ca });
        expect(status.status).toBe(200);
      }
      expect(stderr()).toMatch(/default device user Admin/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exitCode(child)).toBe(0);
  });

  it('takes users from --users-file (no warning) and open items, and keeps state in --state-dir', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cw-sim-cli-'));
    try {
      const usersFile = join(directory, 'users');
      await writeFile(usersFile, '# lab users\nops:s3cret:with:colons:admin\n', { mode: 0o600 });
      const stateDir = join(directory, 'state');
      const args = ['--users-file', usersFile, '--state-dir', stateDir, '--open-item', 'forbiddenStatus=405'];
      const { child, ready, stderr } = await startCli(args);
      try {
        expect(ready.factoryCaFile).toBe(join(stateDir, 'factory-ca.pem'));
        const device = { host: '127.0.0.1', port: ready.devices[0]?.port ?? 0 };
        expect((await send(device, { path: '/api/v1/status', auth: 'ops:s3cret:with:colons' })).status).toBe(200);
        expect((await send(device, { path: '/api/v1/status' })).status).toBe(401);
        expect(stderr()).not.toMatch(/default device user/);
        const state = JSON.parse(await readFile(join(stateDir, 'device-0', 'state.json'), 'utf8'));
        expect(state.name).toBe('device-0');
      } finally {
        child.kill('SIGINT');
      }
      expect(await exitCode(child)).toBe(0);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('exits 2 on a usage error', async () => {
    const child = spawn(process.execPath, [BIN, '--profile', 'cisco'], { stdio: 'ignore' });
    expect(await exitCode(child)).toBe(2);
  });
});

// Issue 15: the simulator writes the inventory and its CA file, so nobody copies them from the ready line
// or from a temporary folder removed on exit.
describe('certwright-device-sim inventories', () => {
  async function withDirectory(body: (directory: string) => Promise<void>): Promise<void> {
    const directory = await mkdtemp(join(tmpdir(), 'cw-sim-inventory-'));
    try {
      await body(directory);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  it('--write-inventory FILE: a CSV row per device, its CA beside it, kept after exit; the CA verifies the devices', async () =>
    withDirectory(async (directory) => {
      const file = join(directory, 'devices.csv');
      const { child, ready } = await startCli(['--devices', '2', '--write-inventory', file]);
      try {
        expect(ready.inventory).toEqual({ file, caFile: join(directory, 'devices-ca.pem') });
        expect(ready.factoryCaFile).toBe(join(directory, 'devices-ca.pem'));
        const lines = (await readFile(file, 'utf8')).trim().split('\n');
        expect(lines).toEqual([
          'name,host,port,profile,username',
          ...ready.devices.map((device) => `${device.name},127.0.0.1,${device.port},mediant,Admin`),
        ]);
        const ca = await readFile(join(directory, 'devices-ca.pem'), 'utf8');
        const port = ready.devices[1]?.port ?? 0;
        expect((await send({ host: '127.0.0.1', port }, { path: '/api/v1/status', ca })).status).toBe(200);
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exitCode(child)).toBe(0);
      expect(await readFile(join(directory, 'devices-ca.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');
    }));

  it('--state-dir DIR: DIR/devices.csv with DIR/factory-ca.pem; the highest-level user; mp1xx rows say so', async () =>
    withDirectory(async (directory) => {
      const stateDir = join(directory, 'sim');
      const args = [
        '--profile',
        'mp1xx',
        '--state-dir',
        stateDir,
        '--user',
        'watch:w:monitor',
        '--user',
        'ops:o:admin',
      ];
      const { child, ready } = await startCli(args);
      try {
        expect(ready.inventory).toEqual({
          file: join(stateDir, 'devices.csv'),
          caFile: join(stateDir, 'factory-ca.pem'),
        });
        const text = await readFile(join(stateDir, 'devices.csv'), 'utf8');
        expect(text).toBe(`name,host,port,profile,username\ndevice-0,127.0.0.1,${ready.devices[0]?.port},mp1xx,ops\n`);
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exitCode(child)).toBe(0);
    }));

  it('JSON by the file name; devices with a self-signed factory certificate are pinned', async () =>
    withDirectory(async (directory) => {
      const file = join(directory, 'lab.json');
      const { child, ready } = await startCli(['--factory-certificate', '--write-inventory', file]);
      try {
        const rows = JSON.parse(await readFile(file, 'utf8'));
        expect(rows).toEqual([
          {
            name: 'device-0',
            host: '127.0.0.1',
            port: ready.devices[0]?.port,
            profile: 'mediant',
            username: 'Admin',
            pin_sha256: ready.devices[0]?.fingerprint,
          },
        ]);
        expect(ready.inventory?.caFile).toBe(join(directory, 'lab-ca.pem'));
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exitCode(child)).toBe(0);
    }));

  it('never replaces an existing file without --force, and says so (exit 2, nothing started)', async () =>
    withDirectory(async (directory) => {
      const file = join(directory, 'devices.csv');
      await writeFile(file, 'name,host,username\nreal-sbc,10.0.0.1,certadmin\n');
      const refused = spawn(process.execPath, [BIN, '--write-inventory', file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      refused.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      expect(await exitCode(refused)).toBe(2);
      expect(stderr).toContain(`${file} exists; remove it or add --force`);
      expect(await readFile(file, 'utf8')).toContain('real-sbc');
      const { child } = await startCli(['--write-inventory', file, '--force']);
      child.kill('SIGTERM');
      expect(await exitCode(child)).toBe(0);
      expect(await readFile(file, 'utf8')).toContain('device-0');
    }));

  it.each([
    [['--write-inventory', 'devices.txt'], /must end in .csv or .json/],
    [['--force'], /--force only goes with --write-inventory/],
  ])('refuses %j', (argv, pattern) => {
    expect(() => parseSimArgs(argv)).toThrow(pattern);
  });

  it('refuses a folder that does not exist before starting (exit 2)', async () =>
    withDirectory(async (directory) => {
      const child = spawn(process.execPath, [BIN, '--write-inventory', join(directory, 'no', 'devices.csv')], {
        stdio: 'ignore',
      });
      expect(await exitCode(child)).toBe(2);
    }));
});

describe('parseSimArgs', () => {
  it('maps every option to SimulatorOptions', () => {
    const cli = parseSimArgs([
      '--devices=5',
      '--port=9000',
      '--profile=mp1xx',
      '--user=a:b:monitor',
      '--user=c:d:security-admin',
      '--latency=10',
      '--drop-rate=0.1',
      '--error-rate=0.2',
      '--conflict-rate=0.3',
      '--reset-after=4',
      '--power-loss-after=6',
      '--reset-downtime=50',
      '--seed=9',
      '--open-item=tlsFilesOnReset=persist-at-once',
      '--open-item=forbiddenStatus=405',
      '--ha-sync',
    ]);
    expect(cli.simulator).toEqual({
      devices: 5,
      port: 9000,
      host: '127.0.0.1',
      profile: 'mp1xx',
      users: [
        { name: 'a', password: 'b', level: 'monitor' },
        { name: 'c', password: 'd', level: 'security-admin' },
      ],
      faults: {
        latencyMs: 10,
        dropRate: 0.1,
        serverErrorRate: 0.2,
        conflictRate: 0.3,
        resetAfterRequest: 4,
        powerLossAfterRequest: 6,
        resetDowntimeMs: 50,
      },
      seed: 9,
      openItems: { tlsFilesOnReset: 'persist-at-once', forbiddenStatus: 405 },
      haSynchronizing: true,
    });
  });

  it.each([
    [['--devices', '0']],
    [['--drop-rate', '2']],
    [['--user', 'nolevel:x']],
    [['--user', 'a:b:root']],
    [['--open-item', 'nothing=1']],
    [['--open-item', 'tlsFilesOnReset=maybe']],
    [['--host', '0.0.0.0']],
    [['--reset-after', '0']],
    [['--bogus']],
  ])('refuses %j', (args) => {
    expect(() => parseSimArgs(args)).toThrow(UsageError);
  });

  it('reads a users file', () => {
    expect(parseUsersFile('\n# c\nx:y:admin\r\n')).toEqual([{ name: 'x', password: 'y', level: 'admin' }]);
  });
});
