import { X509Certificate } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSimArgs } from '../src/cli-options.js';
import { startSimulator } from '../src/start.js';
import type { SimulatorHandle } from '../src/types.js';
import { deviceAt, send, servedFingerprint } from './helpers.js';

const running: SimulatorHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

describe('--factory-certificate', () => {
  it('is a start option', () => {
    expect(parseSimArgs(['--factory-certificate']).simulator.factoryCertificate).toBe(true);
    expect(parseSimArgs([]).simulator.factoryCertificate).toBeUndefined();
  });

  it('serves a self-signed RSA-1024 / SHA-1 certificate for ACL_<serial>, held with its key in context 0', async () => {
    const sim = await startSimulator({ devices: 2, factoryCertificate: true });
    running.push(sim);
    for (const [index, device] of sim.devices.entries()) {
      const context = device.state().running.tlsContexts[0];
      const certificate = new X509Certificate(context?.certificatePem ?? '');
      const digits = String(index).padStart(7, '0');
      expect(certificate.subject).toBe(`CN=ACL_${digits}`);
      expect(certificate.issuer).toBe(certificate.subject);
      expect(certificate.verify(certificate.publicKey)).toBe(true);
      expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(1024);
      expect(certificate.subjectAltName).toBeUndefined();
      expect(
        certificate.checkPrivateKey((await import('node:crypto')).createPrivateKey(context?.privateKeyPem ?? '')),
      ).toBe(true);
      // What a client sees on the wire, read by OpenSSL: the signature algorithm is SHA-1 with RSA.
      const text = execFileSync('openssl', ['x509', '-noout', '-text'], {
        input: context?.certificatePem ?? '',
      }).toString();
      expect(text).toMatch(/Signature Algorithm: sha1WithRSAEncryption/);
      expect(await servedFingerprint(device)).toBe(device.servedFingerprint());
      expect(certificate.fingerprint256.replaceAll(':', '').toLowerCase()).toBe(device.servedFingerprint());
      const status = await send(device, { path: '/api/v1/status' });
      expect(status.json().serialNumber).toBe(`SIM${digits}`);
      // Not issued by the simulator's factory CA.
      expect(certificate.checkIssued(new X509Certificate(sim.factoryCaPem))).toBe(false);
    }
    expect(deviceAt(sim, 0).servedFingerprint()).not.toBe(deviceAt(sim, 1).servedFingerprint());
  });

  it('prints each device fingerprint in the ready line, so a client can pin it', async () => {
    const bin = new URL('../bin/certwright-device-sim.js', import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, '--factory-certificate', '--tls-versions', '1.2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const ready = JSON.parse(line) as { devices: { port: number; fingerprint: string }[] };
      const [device] = ready.devices;
      expect(device?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(await servedFingerprint({ host: '127.0.0.1', port: device?.port ?? 0 })).toBe(device?.fingerprint);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
