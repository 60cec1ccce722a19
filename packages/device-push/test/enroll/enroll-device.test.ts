import { createHash, X509Certificate } from 'node:crypto';
import { keyMatchesCertificate, type LabCa, readPrivateKey } from '@certwright/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeviceClient } from '../../src/client/device-client.js';
import { deviceNames } from '../../src/enroll/device-names.js';
import { type EnrollMode, enrollDevice } from '../../src/enroll/enroll-device.js';
import { signDeviceCsr } from '../../src/enroll/sign-device-csr.js';
import { startSimulator } from '../../../device-sim/src/start.js';
import type {
  FirmwareName,
  OpenItemSettings,
  SimulatedDevice,
  SimulatorHandle,
} from '../../../device-sim/src/types.js';
import { labCa } from '../mp1xx/fixtures.js';

function fingerprint(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
}

/** Every Mediant firmware the simulator models, and two open items across each other on the default one. */
const SETTINGS: { firmware: FirmwareName; openItems: Partial<OpenItemSettings> }[] = [
  { firmware: 'mediant-7.4', openItems: { tlsFilesOnReset: 'revert-unless-saved', certificateKeyMismatch: 'refuse' } },
  { firmware: 'mediant-7.4', openItems: { tlsFilesOnReset: 'persist-at-once', certificateKeyMismatch: 'accept' } },
  { firmware: 'mediant-7.4-other', openItems: {} },
  { firmware: 'mediant-7.4-reset', openItems: {} },
];

describe.each(SETTINGS)('device enrolment against the simulator ($firmware $openItems)', ({ firmware, openItems }) => {
  let ca: LabCa;
  let sim: SimulatorHandle | undefined;
  beforeAll(async () => {
    ca = await labCa();
  });
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  async function device(): Promise<SimulatedDevice> {
    sim = await startSimulator({ devices: 1, firmware, openItems, faults: { resetDowntimeMs: 50 } });
    return sim.devices[0] as SimulatedDevice;
  }

  function client(target: SimulatedDevice): DeviceClient {
    return new DeviceClient({
      name: target.name,
      host: target.host,
      port: target.port,
      username: 'Admin',
      password: 'Admin',
      trust: { caPem: sim?.factoryCaPem },
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
  }

  const targetOf = (d: SimulatedDevice) => ({ name: d.name, host: d.host, port: d.port, profile: 'mediant' });
  const signMode: () => EnrollMode = () => ({
    kind: 'sign',
    sign: (csrPem, target) =>
      signDeviceCsr({
        csrPem,
        addNames: deviceNames(target.host),
        issuerCertificatePem: ca.root.certificatePem,
        issuerKey: ca.root.key,
      }),
  });

  it('signs the device-made CSR with its address added, installs, verifies, saves; the key stays on the device', async () => {
    const d = await device();
    const before = d.servedFingerprint();
    const report = await enrollDevice({
      client: client(d),
      target: targetOf(d),
      mode: signMode(),
      tlsContext: 0,
      keySize: 2048,
      allowReset: true,
      rootPems: [ca.root.certificatePem],
    });
    expect(report.errors).toEqual([]);
    expect(report.state).toBe('updated');
    // The served check comes before the save on firmware that serves at once, after it (or after a reset) otherwise.
    expect([...report.verified].sort()).toEqual(
      [
        'certificate-read-back',
        'private-key-valid',
        'trusted-roots',
        'ini-values',
        'served-certificate',
        'saved',
      ].sort(),
    );
    const state = d.state();
    const context = state.saved.tlsContexts[0];
    const certificatePem = context?.certificatePem ?? '';
    // The real state: the saved certificate is the one reported, new, served, and matches the device's own key.
    expect(fingerprint(certificatePem)).toBe(report.certificateFingerprint);
    expect(report.servedBefore).toBe(before);
    expect(d.servedFingerprint()).toBe(report.certificateFingerprint);
    expect(report.servedAfter).toBe(report.certificateFingerprint);
    const { key } = await readPrivateKey(context?.privateKeyPem ?? '');
    expect(await keyMatchesCertificate(key, certificatePem)).toBe(true);
    expect(new X509Certificate(certificatePem).subjectAltName).toBe('IP Address:127.0.0.1');
    expect(context?.trustedRootsPem.map(fingerprint)).toContain(fingerprint(ca.root.certificatePem));
    expect(state.saved.parameters.AUPDVerifyCertificates).toBe('1');
    expect(state.saveNeeded).toBe(false);
    expect(JSON.stringify(report)).not.toContain('PRIVATE KEY');
  });

  it('without allowReset, a device that serves a new certificate only after a reset is pending-reset, all saved', async () => {
    const d = await device();
    const report = await enrollDevice({
      client: client(d),
      target: targetOf(d),
      mode: signMode(),
      tlsContext: 0,
      keySize: 2048,
      rootPems: [ca.root.certificatePem],
    });
    const afterReset = firmware === 'mediant-7.4-reset';
    expect(report.state).toBe(afterReset ? 'pending-reset' : 'updated');
    expect(d.state().saveNeeded).toBe(false);
    expect(fingerprint(d.state().saved.tlsContexts[0]?.certificatePem ?? '')).toBe(report.certificateFingerprint);
    expect(d.servedFingerprint() === report.certificateFingerprint).toBe(!afterReset);
    expect(report.command).toBeUndefined();
  });

  it('writes the CSR out, then uploads the enterprise CA certificate from --cert-dir after checking the key', async () => {
    const d = await device();
    const first = await enrollDevice({
      client: client(d),
      target: targetOf(d),
      mode: { kind: 'csr-out' },
      tlsContext: 0,
      keySize: 2048,
      allowReset: true,
      rootPems: [ca.root.certificatePem],
    });
    expect(first.state).toBe('csr-written');
    expect(first.csrPem).toContain('BEGIN CERTIFICATE REQUEST');
    // Nothing is saved and the device still serves its previous pair until the certificate arrives.
    expect(d.state().saveNeeded).toBe(true);
    expect(d.servedFingerprint()).toBe(first.servedBefore);
    const issued = await signDeviceCsr({
      csrPem: first.csrPem as string,
      addNames: deviceNames(d.host),
      issuerCertificatePem: ca.root.certificatePem,
      issuerKey: ca.root.key,
    });
    const second = await enrollDevice({
      client: client(d),
      target: targetOf(d),
      mode: { kind: 'cert-dir', certificatePem: issued.pem, source: 'certs' },
      tlsContext: 0,
      keySize: 2048,
      allowReset: true,
      rootPems: [ca.root.certificatePem],
    });
    expect(second.errors).toEqual([]);
    expect(second.state).toBe('updated');
    expect(d.servedFingerprint()).toBe(fingerprint(issued.pem));
    expect(fingerprint(d.state().saved.tlsContexts[0]?.certificatePem ?? '')).toBe(fingerprint(issued.pem));
  });

  it('refuses a --cert-dir certificate for another key and leaves the device untouched', async () => {
    const d = await device();
    const { csrPem } = await enrollDevice({
      client: client(d),
      target: targetOf(d),
      mode: { kind: 'csr-out' },
      tlsContext: 0,
      keySize: 2048,
      allowReset: true,
      rootPems: [ca.root.certificatePem],
    });
    const issued = await signDeviceCsr({
      csrPem: csrPem as string,
      addNames: deviceNames(d.host),
      issuerCertificatePem: ca.root.certificatePem,
      issuerKey: ca.root.key,
    });
    // The device makes yet another key (e.g. someone enrolled it again): the certificate no longer fits.
    await client(d).generatePrivateKey(0, 2048);
    const running = JSON.stringify(d.state().running);
    const report = await enrollDevice({
      client: client(d),
      target: targetOf(d),
      mode: { kind: 'cert-dir', certificatePem: issued.pem, source: 'certs' },
      tlsContext: 0,
      keySize: 2048,
      allowReset: true,
      rootPems: [ca.root.certificatePem],
    });
    expect(report.state).toBe('failed');
    expect(report.errors.map((error) => error.code)).toEqual(['ERR_DEVICE_ENROLL_KEY_MISMATCH']);
    expect(report.changes).toEqual([]);
    expect(JSON.stringify(d.state().running)).toBe(running);
  });

  it('reports needs-attention, with the command that completes it, when signing fails after the device made its key', async () => {
    const d = await device();
    const factoryKey = d.state().running.tlsContexts[0]?.privateKeyPem;
    const report = await enrollDevice({
      client: client(d),
      target: targetOf(d),
      mode: {
        kind: 'sign',
        sign: async () => {
          throw Object.assign(new Error('the CA is offline'), { code: 'ERR_CA_INVALID' });
        },
      },
      tlsContext: 0,
      keySize: 2048,
      allowReset: true,
      rootPems: [ca.root.certificatePem],
      rerunCommand: 'certwright device enroll --device device-0 …',
    });
    expect(report.state).toBe('needs-attention');
    expect(report.command).toBe('certwright device enroll --device device-0 …');
    expect(report.changes).toEqual(['POST /api/v1/files/tls/0/privateKey/generate']);
    // The truth on the device: a new key (the factory one is gone), the old certificate still served, no save.
    const state = d.state();
    expect(state.saveNeeded).toBe(true);
    expect(state.running.tlsContexts[0]?.privateKeyPem).not.toBe(factoryKey);
    expect(d.servedFingerprint()).toBe(report.servedBefore);
  });

  it('rides out HA synchronisation answers (409) with retries and still enrols', async () => {
    sim = await startSimulator({
      devices: 1,
      firmware,
      openItems,
      faults: { conflictRate: 0.3, resetDowntimeMs: 50 },
      seed: 7,
    });
    const d = sim.devices[0] as SimulatedDevice;
    let retries = 0;
    const retrying = new DeviceClient({
      name: d.name,
      host: d.host,
      port: d.port,
      username: 'Admin',
      password: 'Admin',
      trust: { caPem: sim.factoryCaPem },
      retry: { attempts: 12, baseDelayMs: 1, maxDelayMs: 5 },
      onRetry: () => {
        retries++;
      },
    });
    const report = await enrollDevice({
      client: retrying,
      target: targetOf(d),
      mode: signMode(),
      tlsContext: 0,
      keySize: 2048,
      allowReset: true,
      rootPems: [ca.root.certificatePem],
      retries: () => retries,
    });
    retrying.close();
    expect(report.errors).toEqual([]);
    expect(report.state).toBe('updated');
    expect(report.retries).toBeGreaterThan(0);
    expect(d.state().saveNeeded).toBe(false);
    expect(d.servedFingerprint()).toBe(report.certificateFingerprint);
  });

  it('leaves a device untouched when its user may not reach /files (monitor level)', async () => {
    sim = await startSimulator({
      devices: 1,
      firmware,
      openItems,
      users: [{ name: 'watcher', password: 'pw', level: 'monitor' }],
    });
    const d = sim.devices[0] as SimulatedDevice;
    const monitor = new DeviceClient({
      name: d.name,
      host: d.host,
      port: d.port,
      username: 'watcher',
      password: 'pw',
      trust: { caPem: sim.factoryCaPem },
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const before = JSON.stringify(d.state().running);
    const report = await enrollDevice({
      client: monitor,
      target: targetOf(d),
      mode: signMode(),
      tlsContext: 0,
      keySize: 2048,
      allowReset: true,
      rootPems: [ca.root.certificatePem],
    });
    monitor.close();
    expect(report.state).toBe('failed');
    expect(report.errors.map((error) => error.code)).toEqual(['ERR_DEVICE_FORBIDDEN']);
    expect(report.changes).toEqual([]);
    expect(JSON.stringify(d.state().running)).toBe(before);
  });

  it('reports a device with no certificate in --cert-dir as failed, untouched', async () => {
    const d = await device();
    const report = await enrollDevice({
      client: client(d),
      target: targetOf(d),
      mode: { kind: 'cert-dir', certificatePem: undefined, source: 'certs' },
      tlsContext: 0,
      keySize: 2048,
      allowReset: true,
      rootPems: [ca.root.certificatePem],
    });
    expect(report.state).toBe('failed');
    expect(report.errors.map((error) => error.code)).toEqual(['ERR_DEVICE_ENROLL_NO_CERTIFICATE']);
    expect(d.state().saveNeeded).toBe(false);
  });
});
