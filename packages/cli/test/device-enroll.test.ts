import { createHash, X509Certificate } from 'node:crypto';
import { appendFile, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:tls';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceEnrollHandler as deviceEnroll, type DeviceEnrollOptions } from '../src/actions/device/enroll.js';
import { deviceEnrollSpec } from '../src/commands/device/enroll.js';
import { optionsOf } from '../src/spec/defaults.js';
import { startSimulator } from '../../device-sim/src/start.js';
import type { SimulatorHandle } from '../../device-sim/src/types.js';
import { cli, memoryIo, openssl, tempDir } from './helpers.js';

function fingerprint(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
}

/** A fresh TLS handshake to a device that trusts only `ca` and checks the address: does it verify? */
function handshakeVerifies(port: number, ca: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca, rejectUnauthorized: false }, () => {
      resolve(socket.authorized);
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

describe('certwright device enroll against simulated devices', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let sim: SimulatorHandle;
  const env = { DEVICE_PASSWORD: 'Admin' };
  let base: DeviceEnrollOptions;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    sim = await startSimulator({ devices: 4 });
    await writeFile(join(dir, 'pass.txt'), 'ca passphrase\n');
    await writeFile(join(dir, 'factory-ca.pem'), sim.factoryCaPem);
    const init = await cli(dir, [
      'ca',
      'init',
      '--out-dir',
      'lab-ca',
      '--intermediates',
      '1',
      '--type',
      'ec',
      '--passphrase-file',
      'pass.txt',
    ]);
    expect(init.code, init.stderr).toBe(0);
    const rows = sim.devices.map((device) => `${device.name},127.0.0.1,${device.port},Admin,DEVICE_PASSWORD`);
    await writeFile(join(dir, 'devices.csv'), `name,host,port,username,password_env\n${rows.join('\n')}\n`);
    base = optionsOf(deviceEnrollSpec, {
      inventory: 'devices.csv',
      devices: [],
      caPassphrase: { file: 'pass.txt' },
      root: 'lab-ca/root.crt',
      keySize: 2048,
      days: 397,
      caFile: 'factory-ca.pem',
      insecureSkipTlsVerify: false,
      allowHttp: false,
      allowPlaintextPasswords: false,
      password: {},
      concurrency: 4,
      timeoutSeconds: 15,
      force: false,
      json: false,
    });
  });
  afterAll(async () => {
    await sim.close();
    await cleanup();
  });

  it('--ca-dir: each device makes its key, the lab CA signs its CSR with its address added, verified and saved', async () => {
    const io = memoryIo(dir, env);
    const code = await deviceEnroll(
      { ...base, devices: ['device-0', 'device-1'], caDir: 'lab-ca', report: 'enroll.json' },
      io,
    );
    expect(code, io.err()).toBe(0);
    expect(io.out()).toContain('2 updated');
    const report = JSON.parse(await readFile(join(dir, 'enroll.json'), 'utf8'));
    for (const [index, device] of sim.devices.slice(0, 2).entries()) {
      const saved = device.state().saved.tlsContexts[0];
      const pem = saved?.certificatePem as string;
      expect(device.servedFingerprint()).toBe(fingerprint(pem));
      expect(report.devices[index].certificateFingerprint).toBe(fingerprint(pem));
      await writeFile(join(dir, `served-${index}.pem`), pem);
      expect(await openssl(dir, ['x509', '-in', `served-${index}.pem`, '-noout', '-ext', 'subjectAltName'])).toContain(
        'IP Address:127.0.0.1',
      );
      expect(
        await openssl(dir, [
          'verify',
          '-CAfile',
          'lab-ca/root.crt',
          '-untrusted',
          'lab-ca/ca1.crt',
          `served-${index}.pem`,
        ]),
      ).toContain('OK');
      // The device presents the intermediate with its certificate: a client holding only the root verifies it.
      expect(await handshakeVerifies(device.port, await readFile(join(dir, 'lab-ca', 'root.crt'), 'utf8'))).toBe(true);
    }
    // The other devices were not touched.
    expect(sim.devices[2]?.state().saveNeeded).toBe(false);
    expect(io.out() + io.err() + JSON.stringify(report)).not.toMatch(/Admin|PRIVATE KEY/);
  });

  // Issue 16: `x/y` and `x_y` both became `x_y.csr`; before, both devices made new keys and one CSR was lost.
  it('refuses device names that collide as file names, before any device is touched', async () => {
    const rows = sim.devices
      .slice(0, 2)
      .map((device, index) => `${index === 0 ? 'edge/1' : 'edge_1'},127.0.0.1,${device.port},Admin,DEVICE_PASSWORD`);
    await writeFile(join(dir, 'colliding.csv'), `name,host,port,username,password_env\n${rows.join('\n')}\n`);
    const before = sim.devices.slice(0, 2).map((device) => JSON.stringify(device.state().running));
    for (const mode of [{ csrOut: 'colliding-csrs' }, { certDir: 'colliding-certs' }]) {
      const io = memoryIo(dir, env);
      await expect(deviceEnroll({ ...base, inventory: 'colliding.csv', ...mode }, io)).rejects.toMatchObject({
        code: 'ERR_USAGE',
        message: expect.stringContaining('"edge/1" and "edge_1" both become the file name edge_1'),
      });
    }
    expect(sim.devices.slice(0, 2).map((device) => JSON.stringify(device.state().running))).toEqual(before);
  });

  it('--csr-out then --cert-dir: CSRs for the enterprise CA, certificates uploaded once checked', async () => {
    const only = ['device-2', 'device-3'];
    const first = memoryIo(dir, env);
    expect(await deviceEnroll({ ...base, devices: only, csrOut: 'csrs' }, first), first.err()).toBe(0);
    expect(first.out()).toContain('2 csr-written');
    await mkdir(join(dir, 'signed'));
    for (const name of only) {
      expect(await openssl(dir, ['req', '-in', `csrs/${name}.csr`, '-noout', '-verify'])).toMatch(/verify OK/i);
      // The enterprise CA's stand-in: `ca sign` keeps the CSR as it is.
      const signed = await cli(dir, [
        'ca',
        'sign',
        '--ca-dir',
        'lab-ca',
        '--csr',
        `csrs/${name}.csr`,
        '--out',
        `signed/${name}.crt`,
        '--passphrase-file',
        'pass.txt',
      ]);
      expect(signed.code, signed.stderr).toBe(0);
      // As an enterprise CA does, send the certificate back with its intermediate.
      await appendFile(join(dir, 'signed', `${name}.crt`), await readFile(join(dir, 'lab-ca', 'ca1.crt')));
    }
    // device-3's certificate has not come back yet: a partial run, device-3 untouched.
    const pending = await readFile(join(dir, 'signed', 'device-3.crt'), 'utf8');
    await unlink(join(dir, 'signed', 'device-3.crt'));
    const second = memoryIo(dir, env);
    expect(await deviceEnroll({ ...base, devices: only, certDir: 'signed', json: true }, second), second.err()).toBe(5);
    const states = JSON.parse(second.out()).devices.map((device: { name: string; state: string }) => [
      device.name,
      device.state,
    ]);
    expect(states).toEqual([
      ['device-2', 'updated'],
      ['device-3', 'failed'],
    ]);
    expect(sim.devices[2]?.servedFingerprint()).toBe(
      fingerprint(await readFile(join(dir, 'signed', 'device-2.crt'), 'utf8')),
    );
    await writeFile(join(dir, 'signed', 'device-3.crt'), pending);
    const third = memoryIo(dir, env);
    expect(await deviceEnroll({ ...base, devices: ['device-3'], certDir: 'signed' }, third), third.err()).toBe(0);
    expect(sim.devices[3]?.servedFingerprint()).toBe(fingerprint(pending));
    expect(sim.devices[3]?.state().saveNeeded).toBe(false);
  });
});
