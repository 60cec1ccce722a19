import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../device-sim/src/start.js';
import type { DeviceStateSnapshot, SimulatorHandle } from '../../device-sim/src/types.js';
import { type BoardFiles, makeBoardFiles } from '../../device-push/test/client/fixtures.js';
import { fingerprintOf, pairMatches } from '../../device-push/test/client/truth.js';
import { completePushCommand } from '../src/actions/device/push-command.js';
import { devicePushSpec } from '../src/commands/device/push.js';
import { optionsOf } from '../src/spec/defaults.js';
import { buildProgram, configureEveryCommand } from '../src/program.js';
import type { Runner } from '../src/runner.js';
import { cli, tempDir } from './helpers.js';

const bin = fileURLToPath(new URL('../bin/certwright.js', import.meta.url));
const PASSWORD = 's3cret-device-pw';
const env = { DEVICE_PW: PASSWORD };
let dir: string;
let cleanup: () => Promise<void>;
let files: BoardFiles;
const sims: SimulatorHandle[] = [];

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  files = makeBoardFiles();
  const contents: Record<string, string> = {
    'board_cert.pem': files.certificatePem,
    'board_pkey.pem': files.keyPem,
    'board_pkey.enc.pem': files.encryptedKeyPem,
    'root.pem': files.rootPem,
    'client.pem': files.clientCertificatePem,
    'client.key': files.clientKeyPem,
    'other.key': files.otherKeyPem,
  };
  for (const [name, text] of Object.entries(contents)) writeFileSync(join(dir, name), text);
});
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.close()));
});
afterAll(async () => cleanup?.());

/** A simulator, its factory CA in factory-ca.pem and an inventory in devices.csv (password from $DEVICE_PW). */
async function fleet(devices: number, inventory = 'devices.csv'): Promise<SimulatorHandle> {
  const sim = await startSimulator({
    devices,
    users: [{ name: 'Admin', password: PASSWORD, level: 'security-admin' }],
  });
  sims.push(sim);
  writeFileSync(join(dir, 'factory-ca.pem'), sim.factoryCaPem);
  const rows = sim.devices.map((device) => `${device.name},127.0.0.1,${device.port},Admin,DEVICE_PW`);
  writeFileSync(join(dir, inventory), `name,host,port,username,password_env\n${rows.join('\n')}\n`);
  return sim;
}

const pushArgs = [
  'device',
  'push',
  '--inventory',
  'devices.csv',
  '--cert',
  'board_cert.pem',
  '--key',
  'board_pkey.pem',
  '--root',
  'root.pem',
  '--ca-file',
  'factory-ca.pem',
];

function states(sim: SimulatorHandle): DeviceStateSnapshot[] {
  return sim.devices.map((device) => device.state());
}

describe('certwright device push', () => {
  it('pushes to every device, writes the report, and exits 0; status then shows the new state', async () => {
    const sim = await fleet(3);
    const run = await cli(dir, [...pushArgs, '--report', 'push.json', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as { ok: boolean; devices: { state: string; servedAfter: string }[] };
    expect(body.ok).toBe(true);
    const board = fingerprintOf(files.certificatePem);
    expect(body.devices.map((device) => [device.state, device.servedAfter])).toEqual(
      sim.devices.map(() => ['updated', board]),
    );
    for (const device of sim.devices) expect(device.servedFingerprint()).toBe(board);
    const report = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(dir, 'push.json'), 'utf8')));
    expect(report.devices).toHaveLength(3);
    expect(run.stdout + run.stderr + JSON.stringify(report)).not.toMatch(/PRIVATE KEY|s3cret/);
    const status = await cli(
      dir,
      ['device', 'status', '--inventory', 'devices.csv', '--cert', 'board_cert.pem', '--json'],
      env,
    );
    expect(status.code, status.stderr).toBe(0);
    const seen = JSON.parse(status.stdout) as {
      devices: {
        servedFingerprint: string;
        trusted: boolean;
        saveNeeded: boolean;
        parameters: Record<string, string>;
      }[];
    };
    for (const device of seen.devices) {
      expect(device).toMatchObject({
        servedFingerprint: board,
        trusted: true,
        saveNeeded: false,
        parameters: { AUPDVerifyCertificates: '1' },
      });
    }
    // A second run finds everything in place and changes nothing.
    const again = await cli(dir, [...pushArgs, '--report', 'push.json'], env);
    expect(again.code, again.stderr).toBe(2); // the report exists: refused without --force
    const forced = await cli(dir, [...pushArgs, '--report', 'push.json', '--force'], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('3 unchanged');
  });

  it('refuses a key that does not match in pre-flight (exit 1) and touches no device', async () => {
    const sim = await fleet(2);
    const before = states(sim);
    const run = await cli(
      dir,
      pushArgs.map((word) => (word === 'board_pkey.pem' ? 'other.key' : word)),
      env,
    );
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('does not match');
    expect(states(sim)).toEqual(before);
  });

  it('pushes an encrypted board key, its passphrase from a file', async () => {
    const sim = await fleet(1);
    writeFileSync(join(dir, 'board-pass.txt'), `${files.keyPassword}\n`);
    const args = pushArgs.map((word) => (word === 'board_pkey.pem' ? 'board_pkey.enc.pem' : word));
    const run = await cli(dir, [...args, '--passphrase-file', 'board-pass.txt'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(sim.devices[0]?.servedFingerprint()).toBe(fingerprintOf(files.certificatePem));
    const noPassphrase = await cli(dir, args, env);
    expect(noPassphrase.code).toBe(2);
    expect(noPassphrase.stderr).toContain('--passphrase-file');
  });

  it('exits 5 when some devices are updated and 4 when none is', async () => {
    const sim = await fleet(2);
    sim.devices[0]?.setHaSynchronizing(true);
    const some = await cli(dir, pushArgs, env);
    expect(some.code, some.stderr).toBe(5);
    expect(some.stdout).toMatch(/device-0\s+failed\s+pre-flight: ERR_DEVICE_HA_PAIR/);
    const sim2 = await fleet(2);
    for (const device of sim2.devices) device.setHaSynchronizing(true);
    const none = await cli(dir, pushArgs, env);
    expect(none.code, none.stderr).toBe(4);
  });

  it('Ctrl-C lets the devices in progress finish, touches no other, and reports them with a command', async () => {
    const sim = await fleet(12);
    // Slow devices, two at a time: the run is well under way, and far from done, when it is stopped.
    for (const device of sim.devices) device.setFaults({ latencyMs: 60 });
    const factory = states(sim).map((state) => fingerprintOf(state.running.tlsContexts[0]?.certificatePem as string));
    const child = spawn(process.execPath, [bin, ...pushArgs, '--concurrency', '2', '--report', 'interrupted.json'], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stopped = false;
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      // The first device is done: stop the run.
      if (!stopped && /: updated/.test(stderr)) {
        stopped = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    expect(stopped, stderr).toBe(true);
    expect(code, stderr).toBe(5);
    expect(stderr).toMatch(/stopping: the devices being pushed finish their sequence/);
    const report = JSON.parse(readFileSync(join(dir, 'interrupted.json'), 'utf8')) as {
      devices: { name: string; state: string; errors: { code: string }[]; command?: string }[];
    };
    const byState = (state: string) => report.devices.filter((device) => device.state === state);
    expect(byState('updated').length).toBeGreaterThanOrEqual(1);
    expect(byState('needs-attention')).toEqual([]);
    const untouched = byState('failed');
    expect(untouched.length).toBeGreaterThan(0);
    for (const device of untouched) {
      expect(device.errors.map((error) => error.code)).toEqual(['ERR_DEVICE_INTERRUPTED']);
      expect(device.command).toContain(`--device ${device.name}`);
    }
    // What the devices really hold: the updated ones the new pair, saved; the others the factory pair,
    // nothing unsaved; and every device a key that matches its certificate.
    const newFingerprint = fingerprintOf(files.certificatePem);
    sim.devices.forEach((device, index) => {
      const state = device.state();
      const entry = report.devices.find((reported) => reported.name === device.name);
      if (entry?.state === 'updated') {
        expect(device.servedFingerprint()).toBe(newFingerprint);
        expect(state.saveNeeded).toBe(false);
      } else {
        expect(device.servedFingerprint()).toBe(factory[index]);
        expect(state.saveNeeded).toBe(false);
      }
      expect(pairMatches(state.running.tlsContexts[0])).toBe(true);
    });
  });

  it("--dry-run prints each device's requests, needs no password and touches nothing", async () => {
    const sim = await fleet(2);
    const before = states(sim);
    const run = await cli(
      dir,
      [
        ...pushArgs,
        '--dry-run',
        '--mutual',
        '--client-cert',
        'client.pem',
        '--client-key',
        'client.key',
        '--allow-reset',
      ],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('device-1 (127.0.0.1:');
    expect(run.stdout).toContain('PUT /api/v1/files/tls/0/privateKey');
    expect(run.stdout).toContain('HTTPSRequireClientCertificate = 1');
    expect(run.stderr).toContain('nothing was sent');
    expect(states(sim)).toEqual(before);
  });

  it('switches on mutual TLS with --mutual --allow-reset', async () => {
    const sim = await fleet(1);
    const run = await cli(
      dir,
      [...pushArgs, '--mutual', '--client-cert', 'client.pem', '--client-key', 'client.key', '--allow-reset', '--json'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('devices may be reset');
    const body = JSON.parse(run.stdout) as { devices: { verified: string[] }[]; warnings: { code: string }[] };
    expect(body.devices[0]?.verified).toEqual(
      expect.arrayContaining(['mutual-tls-with-client-certificate', 'mutual-tls-enforced']),
    );
    expect(body.warnings.map((warning) => warning.code)).toContain('WARN_RESET_ALLOWED');
    expect(sim.devices[0]?.state().saved.parameters.HTTPSRequireClientCertificate).toBe('1');
    // Read-only status now needs the client pair too.
    const status = ['device', 'status', '--inventory', 'devices.csv', '--cert', 'board_cert.pem', '--json'];
    const refused = await cli(dir, status, env);
    expect(refused.code, refused.stderr).toBe(4);
    const answered = await cli(dir, [...status, '--client-cert', 'client.pem', '--client-key', 'client.key'], env);
    expect(answered.code, answered.stderr).toBe(0);
    expect(JSON.parse(answered.stdout).devices[0].parameters.HTTPSRequireClientCertificate).toBe('1');
  });

  it.each([
    [
      '--mutual without --allow-reset',
      [...pushArgs, '--mutual', '--client-cert', 'client.pem', '--client-key', 'client.key'],
      /--allow-reset/,
    ],
    ['--mutual without a client pair', [...pushArgs, '--mutual', '--allow-reset'], /--client-cert/],
    ['a device not in the inventory', [...pushArgs, '--device', 'nope'], /not in devices.csv/],
    ['a password variable that is not set', pushArgs, /DEVICE_PW is not set/],
  ])('refuses %s with exit 2 before contacting a device', async (_label, argv, pattern) => {
    const sim = await fleet(1);
    const before = states(sim);
    const run = await cli(dir, argv, _label.startsWith('a password variable') ? {} : env);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(pattern);
    expect(states(sim)).toEqual(before);
  });

  it('asks for one shared password for rows without their own source, and needs a source without a terminal', async () => {
    const sim = await fleet(2);
    const rows = sim.devices.map((device) => `${device.name},127.0.0.1,${device.port},Admin`);
    writeFileSync(join(dir, 'shared.csv'), `name,host,port,username\n${rows.join('\n')}\n`);
    const args = pushArgs.map((word) => (word === 'devices.csv' ? 'shared.csv' : word));
    const refused = await cli(dir, args, {});
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('no device password given and no terminal');
    const run = await cli(dir, [...args, '--password-env', 'DEVICE_PW'], env);
    expect(run.code, run.stderr).toBe(0);
  });

  it('accepts a password column only with --allow-plaintext-passwords, and warns', async () => {
    const sim = await fleet(1);
    const device = sim.devices[0] as { name: string; port: number };
    writeFileSync(
      join(dir, 'plain.csv'),
      `name,host,port,username,password\n${device.name},127.0.0.1,${device.port},Admin,${PASSWORD}\n`,
    );
    const args = pushArgs.map((word) => (word === 'devices.csv' ? 'plain.csv' : word));
    const refused = await cli(dir, args, {});
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--allow-plaintext-passwords');
    const run = await cli(dir, [...args, '--allow-plaintext-passwords'], {});
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('passwords in clear');
  });

  it('reports needs-attention with the command that completes the push, secrets only as their sources', async () => {
    const sim = await fleet(1);
    const device = sim.devices[0];
    // A full root store makes adding the root fail after the key went up; no reset allowed: cannot roll back.
    const { DeviceClient } = await import('../../device-push/src/client/device-client.js');
    const api = new DeviceClient({
      name: 'fill',
      host: '127.0.0.1',
      port: device?.port as number,
      username: 'Admin',
      password: PASSWORD,
      trust: { caPem: sim.factoryCaPem },
    });
    await api.putTrustedRoots(
      0,
      Array.from({ length: 150 }, () => sim.factoryCaPem),
    );
    await api.saveConfiguration();
    api.close();
    writeFileSync(join(dir, 'pass.txt'), 'unused\n');
    const run = await cli(dir, [...pushArgs, '--json', '--passphrase-file', 'pass.txt'], env);
    expect(run.code, run.stderr).toBe(4);
    const body = JSON.parse(run.stdout) as { devices: { state: string; command: string; servedAfter: string }[] };
    expect(body.devices[0]?.state).toBe('needs-attention');
    expect(body.devices[0]?.servedAfter).toBe(device?.servedFingerprint());
    expect(body.devices[0]?.command).toBe(
      `certwright device push --inventory devices.csv --device ${device?.name} --cert board_cert.pem --key board_pkey.pem --root root.pem --passphrase-file pass.txt --ca-file factory-ca.pem`,
    );
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  });
});

describe('the command that completes a push', () => {
  it('repeats the flags for one device, secrets only as sources, an fd as a placeholder, quoted for a shell', () => {
    const options = {
      ...optionsOf(devicePushSpec, {
        inventory: 'my devices.csv',
        cert: 'c.pem',
        key: 'k.pem',
        root: 'r.pem',
        roots: 'replace',
      }),
      mutual: true,
      clientCert: 'cl.pem',
      clientKey: 'cl.key',
      allowReset: true,
      allowHa: true,
      leafOnly: true,
      ovocUrl: 'https://ovoc.example',
      busyWaitSeconds: 600,
      tlsContext: 1,
      passphrase: { fd: 3 },
      password: { env: 'DEVICE_PW' },
    };
    const entry = {
      name: "sbc 'a'",
      host: 'h',
      port: 1,
      profile: 'mediant' as const,
      protocol: 'https' as const,
      tlsContext: 1,
      username: 'u',
    };
    expect(completePushCommand(options, entry)).toBe(
      `certwright device push --inventory 'my devices.csv' --device 'sbc '\\''a'\\''' --cert c.pem --key k.pem --root r.pem --passphrase-file '<file>' --tls-context 1 --roots replace --mutual --client-cert cl.pem --client-key cl.key --allow-reset --allow-ha --leaf-only --ovoc-url https://ovoc.example --busy-wait 600 --password-env DEVICE_PW`,
    );
  });

  it('--dry-run --json lists the requests per device', async () => {
    const sim = await fleet(1);
    const run = await cli(dir, [...pushArgs, '--dry-run', '--json'], {});
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as { dryRun: boolean; devices: { name: string; requests: string[] }[] };
    expect(body.dryRun).toBe(true);
    expect(body.devices[0]?.name).toBe(sim.devices[0]?.name);
    expect(
      body.devices[0]?.requests.some((request) => request.startsWith('POST /api/v1/actions/saveConfiguration')),
    ).toBe(true);
  });
});

describe('device push / status argv → options', () => {
  async function parse(argv: string[]): Promise<unknown> {
    let recorded: unknown;
    const runner: Runner = {
      async run(_command, options) {
        recorded = options;
      },
    };
    const program = buildProgram(runner, '0.0.0');
    configureEveryCommand(program, { writeErr: () => undefined, writeOut: () => undefined });
    await program.parseAsync(argv, { from: 'user' });
    return recorded;
  }

  it('maps every push flag', async () => {
    const options = await parse([
      ...pushArgs,
      '--device',
      'a',
      '--device',
      'b',
      '--tls-context',
      '2',
      '--roots',
      'replace',
      '--concurrency',
      '64',
      '--timeout',
      '5',
      '--dry-run',
      '--insecure-skip-tls-verify',
      '--allow-http',
      '--allow-plaintext-passwords',
      '--password-fd',
      '3',
    ]);
    expect(options).toMatchObject({
      inventory: 'devices.csv',
      devices: ['a', 'b'],
      tlsContext: 2,
      roots: 'replace',
      concurrency: 64,
      timeoutSeconds: 5,
      dryRun: true,
      mutual: false,
      insecureSkipTlsVerify: true,
      allowHttp: true,
      allowPlaintextPasswords: true,
      allowReset: false,
      password: { file: undefined, env: undefined, fd: 3 },
      caFile: 'factory-ca.pem',
    });
  });

  it('maps status flags with defaults', async () => {
    expect(await parse(['device', 'status', '--inventory', 'd.yaml'])).toEqual({
      inventory: 'd.yaml',
      devices: [],
      cert: undefined,
      caFile: undefined,
      clientCert: undefined,
      clientKey: undefined,
      clientKeyPassphrase: { file: undefined, env: undefined, fd: undefined },
      insecureSkipTlsVerify: false,
      allowHttp: false,
      allowPlaintextPasswords: false,
      concurrency: 32,
      timeoutSeconds: 15,
      password: { file: undefined, env: undefined, fd: undefined },
      json: false,
    });
  });
});
