import { spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfigYaml } from '@certwright/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceProvisionHandler as deviceProvision } from '../src/actions/device/provision.js';
import { deviceProvisionSpec } from '../src/commands/device/provision.js';
import { optionsOf } from '../src/spec/defaults.js';
import { startSimulator } from '../../device-sim/src/start.js';
import type { SimulatedDevice, SimulatorHandle } from '../../device-sim/src/types.js';
import { cli, memoryIo, openssl, tempDir } from './helpers.js';

const bin = fileURLToPath(new URL('../bin/certwright.js', import.meta.url));

/** The credentials file, read as every config is: with core's reader. */
function parseYaml(text: string): unknown {
  return readConfigYaml(text, { source: 'credentials', fail: (fault) => new Error(fault.message) });
}

function fingerprint(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
}

const base = optionsOf(deviceProvisionSpec, {
  cert: 'board.crt',
  key: 'board.key',
  passphrase: { file: 'pass.txt' },
  root: 'lab-ca/root.crt',
  serve: false,
  tlsKeyPassphrase: { file: 'pass.txt' },
  timeout: 120,
  qoeTls: true,
  force: false,
  json: false,
});

describe('certwright device provision', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    await writeFile(join(dir, 'pass.txt'), 'a passphrase\n');
    const steps = [
      ['ca', 'init', '--out-dir', 'lab-ca', '--intermediates', '0', '--type', 'ec', '--passphrase-file', 'pass.txt'],
      // MP-1xx gateways take RSA board keys only (docs/devices.md); the EC pair is the one they refuse.
      ['key', 'create', '--out', 'board.key', '--type', 'rsa', '--passphrase-file', 'pass.txt'],
      [
        'csr',
        'create',
        '--key',
        'board.key',
        '--passphrase-file',
        'pass.txt',
        '--out',
        'board.csr',
        '--cn',
        'mp1xx',
        '--san',
        'ip:127.0.0.1',
      ],
      ['ca', 'sign', '--ca-dir', 'lab-ca', '--csr', 'board.csr', '--out', 'board.crt', '--passphrase-file', 'pass.txt'],
      ['key', 'create', '--out', 'board-ec.key', '--type', 'ec', '--passphrase-file', 'pass.txt'],
      [
        'csr',
        'create',
        '--key',
        'board-ec.key',
        '--passphrase-file',
        'pass.txt',
        '--out',
        'board-ec.csr',
        '--cn',
        'mp1xx',
        '--san',
        'ip:127.0.0.1',
      ],
      [
        'ca',
        'sign',
        '--ca-dir',
        'lab-ca',
        '--csr',
        'board-ec.csr',
        '--out',
        'board-ec.crt',
        '--passphrase-file',
        'pass.txt',
      ],
      ['key', 'create', '--out', 'prov.key', '--type', 'ec', '--passphrase-file', 'pass.txt'],
      [
        'csr',
        'create',
        '--key',
        'prov.key',
        '--passphrase-file',
        'pass.txt',
        '--out',
        'prov.csr',
        '--cn',
        'prov',
        '--san',
        'ip:127.0.0.1',
      ],
      ['ca', 'sign', '--ca-dir', 'lab-ca', '--csr', 'prov.csr', '--out', 'prov.crt', '--passphrase-file', 'pass.txt'],
    ];
    for (const argv of steps) {
      const result = await cli(dir, argv);
      expect(result.code, result.stderr).toBe(0);
    }
  });
  afterAll(() => cleanup());

  it('writes a bundle: the ini and key 0600, the key encrypted with the passphrase the ini carries', async () => {
    const io = memoryIo(dir);
    const code = await deviceProvision({ ...base, bundleDir: 'bundle' }, io);
    expect(code, io.err()).toBe(0);
    const mode = async (name: string) => (await stat(join(dir, 'bundle', name))).mode & 0o777;
    expect(await mode('certwright.ini')).toBe(0o600);
    expect(await mode('board_pkey.pem')).toBe(0o600);
    expect(await mode('board_cert.pem')).toBe(0o644);
    expect(await mode('root.pem')).toBe(0o644);
    const ini = await readFile(join(dir, 'bundle', 'certwright.ini'), 'utf8');
    expect(ini).toMatch(/^AUPDVerifyCertificates = 1$/m);
    expect(ini).toMatch(/^ServerRespondTimeout = 10000$/m);
    expect(ini).not.toMatch(/FileUrl/);
    const passphrase = /TLSPkeyPassphrase = '([^']+)'/.exec(ini)?.[1] as string;
    expect(io.out() + io.err()).not.toContain(passphrase);
    await writeFile(join(dir, 'bundle-pass.txt'), passphrase);
    const fromKey = await openssl(dir, [
      'pkey',
      '-in',
      'bundle/board_pkey.pem',
      '-passin',
      'file:bundle-pass.txt',
      '-pubout',
    ]);
    const fromCert = await openssl(dir, ['x509', '-in', 'bundle/board_cert.pem', '-noout', '-pubkey']);
    expect(fromKey).toBe(fromCert);
    // Nothing is overwritten without --force.
    await expect(deviceProvision({ ...base, bundleDir: 'bundle' }, memoryIo(dir))).rejects.toMatchObject({
      code: 'ERR_OUTPUT_EXISTS',
    });
  });

  it('refuses, before writing anything, a key that does not match the certificate', async () => {
    const io = memoryIo(dir);
    // An RSA key (the type MP-1xx takes) with the EC pair's certificate: only the mismatch is wrong.
    const mismatch = { ...base, cert: 'board-ec.crt', bundleDir: 'mismatch' };
    await expect(deviceProvision(mismatch, io)).rejects.toMatchObject({
      code: 'ERR_DEVICE_PREFLIGHT',
      message: expect.stringContaining('does not match'),
    });
    await expect(stat(join(dir, 'mismatch'))).rejects.toThrow();
  });

  it('refuses an EC board key (MP-1xx gateways take RSA keys only) before writing anything, with or without --inventory', async () => {
    const ec = { ...base, cert: 'board-ec.crt', key: 'board-ec.key' };
    await expect(deviceProvision({ ...ec, bundleDir: 'ec-bundle' }, memoryIo(dir))).rejects.toMatchObject({
      code: 'ERR_DEVICE_PREFLIGHT',
      field: 'key',
      message: expect.stringContaining('an EC key, but MP-1xx gateways (profile mp1xx) take RSA keys only'),
    });
    await writeFile(join(dir, 'gateways.csv'), 'name,host,profile,username\nmp-7,127.0.0.1,mp1xx,admin\n');
    await expect(
      deviceProvision({ ...ec, inventory: 'gateways.csv', bundleDir: 'ec-bundle' }, memoryIo(dir)),
    ).rejects.toMatchObject({
      code: 'ERR_DEVICE_PREFLIGHT',
      field: 'key',
      message: expect.stringContaining('an EC key, but device mp-7 (profile mp1xx) takes RSA keys only'),
    });
    await expect(stat(join(dir, 'ec-bundle'))).rejects.toMatchObject({ code: 'ENOENT' });
    // Through the command line: exit 1 and the code in the JSON error.
    const result = await cli(dir, [
      'device',
      'provision',
      '--cert',
      'board-ec.crt',
      '--key',
      'board-ec.key',
      '--passphrase-file',
      'pass.txt',
      '--root',
      'lab-ca/root.crt',
      '--bundle-dir',
      'ec-bundle',
      '--json',
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'ERR_DEVICE_PREFLIGHT', field: 'key' });
    await expect(stat(join(dir, 'ec-bundle'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  // Whether MP-1xx firmware loads an EC key is not documented: the simulator answers either way
  // (privateKeyTypes), and the client refuses the key before any device is served under both.
  describe.each(['rsa-and-ec', 'rsa-only'] as const)(
    '--serve, an EC board key, devices taking %s keys',
    (privateKeyTypes) => {
      let sim: SimulatorHandle;
      beforeAll(async () => {
        sim = await startSimulator({ devices: 1, profile: 'mp1xx', openItems: { privateKeyTypes } });
        const rows = sim.devices.map((device) => `${device.name},127.0.0.1,${device.port},mp1xx,admin`);
        await writeFile(
          join(dir, `ec-${privateKeyTypes}.csv`),
          `name,host,port,profile,username\n${rows.join('\n')}\n`,
        );
      });
      afterAll(() => sim.close());

      it('is refused before the endpoint starts: no credentials file, no report, the device unchanged', async () => {
        const device = sim.devices[0] as SimulatedDevice;
        const servedBefore = device.servedFingerprint();
        const run = deviceProvision(
          {
            ...base,
            cert: 'board-ec.crt',
            key: 'board-ec.key',
            inventory: `ec-${privateKeyTypes}.csv`,
            serve: true,
            listen: '127.0.0.1:0',
            tlsCert: 'prov.crt',
            tlsKey: 'prov.key',
            credentialsOut: `ec-${privateKeyTypes}-credentials.yaml`,
            report: `ec-${privateKeyTypes}-report.json`,
            timeout: 1,
          },
          memoryIo(dir),
        );
        await expect(run).rejects.toMatchObject({
          code: 'ERR_DEVICE_PREFLIGHT',
          message: expect.stringContaining(`device ${device.name} (profile mp1xx) takes RSA keys only`),
        });
        for (const name of [`ec-${privateKeyTypes}-credentials.yaml`, `ec-${privateKeyTypes}-report.json`]) {
          await expect(stat(join(dir, name))).rejects.toMatchObject({ code: 'ENOENT' });
        }
        expect(device.servedFingerprint()).toBe(servedBefore);
        expect(device.state().saved.parameters.AUPDVerifyCertificates).toBe('0');
      });
    },
  );

  describe('--serve against simulated MP-1xx devices', () => {
    let sim: SimulatorHandle;
    beforeAll(async () => {
      sim = await startSimulator({ devices: 2, profile: 'mp1xx' });
      const rows = sim.devices.map((device) => `${device.name},127.0.0.1,${device.port},mp1xx,admin`);
      await writeFile(join(dir, 'devices.csv'), `name,host,port,profile,username\n${rows.join('\n')}\n`);
    });
    afterAll(() => sim.close());

    it('serves each device its files once, writes the credentials 0600 and reports who fetched them', async () => {
      const io = memoryIo(dir);
      const run = deviceProvision(
        {
          ...base,
          inventory: 'devices.csv',
          serve: true,
          listen: '127.0.0.1:0',
          tlsCert: 'prov.crt',
          tlsKey: 'prov.key',
          credentialsOut: 'prov-credentials.yaml',
          report: 'prov-report.json',
        },
        io,
      );
      let settled = false;
      void run.finally(() => {
        settled = true;
      });
      const credentialsPath = join(dir, 'prov-credentials.yaml');
      while (!settled && !(await stat(credentialsPath).catch(() => undefined)))
        await new Promise((r) => setTimeout(r, 20));
      expect((await stat(credentialsPath)).mode & 0o777).toBe(0o600);
      const credentials = parseYaml(await readFile(credentialsPath, 'utf8')) as {
        username: string;
        password: string;
        devices: Record<string, { IniFileURL: string }>;
      };
      // Reads back as written: the user, a 192-bit password, each device's own ini URL and nothing else.
      expect(Object.keys(credentials).sort()).toEqual(['devices', 'password', 'username']);
      expect(credentials.username).toBe('certwright');
      expect(credentials.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(Object.keys(credentials.devices)).toEqual(sim.devices.map((device) => device.name));
      for (const device of sim.devices) {
        expect(credentials.devices[device.name]).toEqual({
          IniFileURL: expect.stringMatching(new RegExp(`^https://127\\.0\\.0\\.1:\\d+/mp1xx/${device.name}/`)),
        });
      }
      for (const device of sim.devices) {
        device.configureAutoUpdate({
          iniFileUrl: credentials.devices[device.name]?.IniFileURL as string,
          username: credentials.username,
          password: credentials.password,
        });
        expect((await device.pollNow()).applied).toBe(true);
      }
      expect(await run, io.err()).toBe(0);
      expect(io.out() + io.err()).not.toContain(credentials.password);
      // The endpoint has stopped, so its password is worthless and its file is gone.
      await expect(stat(credentialsPath)).rejects.toMatchObject({ code: 'ENOENT' });
      const report = JSON.parse(await readFile(join(dir, 'prov-report.json'), 'utf8'));
      expect(report.outcome).toBe('complete');
      expect(report.devices.map((device: { complete: boolean }) => device.complete)).toEqual([true, true]);
      // The devices' own listeners were probed after the run: both present the board certificate.
      expect(report.served.map((probe: { servesBoardCertificate: boolean }) => probe.servesBoardCertificate)).toEqual([
        true,
        true,
      ]);
      const boardPem = await readFile(join(dir, 'board.crt'), 'utf8');
      for (const device of sim.devices) {
        expect(device.servedFingerprint()).toBe(fingerprint(boardPem));
        expect(device.state().saved.parameters.AUPDVerifyCertificates).toBe('1');
      }
    });

    it('Ctrl-C stops the endpoint and removes the credentials file; the shell sees SIGINT', async () => {
      const child = spawn(
        process.execPath,
        [
          bin,
          'device',
          'provision',
          '--cert',
          'board.crt',
          '--key',
          'board.key',
          '--passphrase-file',
          'pass.txt',
          '--root',
          'lab-ca/root.crt',
          '--serve',
          '--inventory',
          'devices.csv',
          '--listen',
          '127.0.0.1:0',
          '--tls-cert',
          'prov.crt',
          '--tls-key',
          'prov.key',
          '--tls-key-passphrase-file',
          'pass.txt',
          '--credentials-out',
          'prov-credentials-sigint.yaml',
        ],
        { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      const credentialsPath = join(dir, 'prov-credentials-sigint.yaml');
      // The file is written once the endpoint listens.
      while (!(await stat(credentialsPath).catch(() => undefined))) {
        if (child.exitCode !== null) throw new Error(`provision exited early: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const { port } = new URL(
        (parseYaml(await readFile(credentialsPath, 'utf8')) as { devices: Record<string, { IniFileURL: string }> })
          .devices[sim.devices[0]?.name as string]?.IniFileURL as string,
      );
      child.kill('SIGINT');
      expect(await exited, stderr).toBe('SIGINT');
      await expect(stat(credentialsPath)).rejects.toMatchObject({ code: 'ENOENT' });
      // And nothing listens any more.
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.once('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    });

    it('stops at the timeout and exits 4 when no device fetched its files', async () => {
      const io = memoryIo(dir);
      const code = await deviceProvision(
        {
          ...base,
          inventory: 'devices.csv',
          serve: true,
          listen: '127.0.0.1:0',
          tlsCert: 'prov.crt',
          tlsKey: 'prov.key',
          credentialsOut: 'prov-credentials-2.yaml',
          timeout: 1,
          json: true,
        },
        io,
      );
      expect(code).toBe(4);
      const result = JSON.parse(io.out());
      expect(result.outcome).toBe('timeout');
      expect(result.devices.every((device: { complete: boolean }) => !device.complete)).toBe(true);
    });
  });
});
