import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FirmwareName,
  type SimulatedDevice,
  type SimulatorHandle,
  startSimulator,
} from '../../../device-sim/src/index.js';
import { DeviceClient, type DeviceClientOptions, DeviceError, readFlag, sha256Hex } from '../../src/index.js';
import { type BoardFiles, makeBoardFiles } from './fixtures.js';

const FAST = { attempts: 3, baseDelayMs: 10, maxDelayMs: 40 };
let sim: SimulatorHandle;
let files: BoardFiles;
beforeAll(() => {
  files = makeBoardFiles();
});

/** The client must be right on every firmware the simulator models. */
const MEDIANT_FIRMWARES: FirmwareName[] = ['mediant-7.4', 'mediant-7.4-other', 'mediant-7.4-reset'];

function client(device: SimulatedDevice, extra: Partial<DeviceClientOptions> = {}): DeviceClient {
  return new DeviceClient({
    name: device.name,
    host: device.host,
    port: device.port,
    username: 'Admin',
    password: 'Admin',
    trust: { caPem: sim.factoryCaPem },
    retry: FAST,
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<DeviceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DeviceError);
  return error as DeviceError;
}

describe.each(MEDIANT_FIRMWARES)('DeviceClient against the simulator over HTTPS (%s)', (firmware) => {
  beforeAll(async () => {
    sim = await startSimulator({
      devices: 6,
      firmware,
      users: [
        { name: 'Admin', password: 'Admin', level: 'security-admin' },
        { name: 'watcher', password: 'watch', level: 'monitor' },
      ],
    });
  });
  afterAll(async () => sim?.close());

  it('reads status, certificate and key info, trusting the factory CA', async () => {
    const device = sim.devices[0] as SimulatedDevice;
    const api = client(device);
    const status = await api.status();
    // "false" on 7.4 (its Status page), false on firmware that writes booleans: both read the same.
    expect(readFlag(status.saveNeeded)).toBe(false);
    // The connection remembers what it was served: pre-flight needs no extra handshake for it.
    expect(api.lastConnection?.servedFingerprint).toBe(device.servedFingerprint());
    const pem = await api.getCertificate(0);
    expect(sha256Hex(new Uint8Array(new X509Certificate(pem).raw))).toBe(device.servedFingerprint());
    expect(await api.getPrivateKeyInfo(0)).toEqual({ size: expect.any(Number), valid: true });
    const served = await api.servedCertificate();
    expect(served).toMatchObject({ fingerprint: device.servedFingerprint(), trusted: true });
    api.close();
  });

  it('trusts a pinned fingerprint without a CA, and refuses an unpinned certificate before sending credentials', async () => {
    const device = sim.devices[1] as SimulatedDevice;
    const pinned = client(device, { trust: { pinsSha256: [device.servedFingerprint()] } });
    expect(readFlag((await pinned.status()).saveNeeded)).toBe(false);
    pinned.close();
    // A wrong password behind a wrong pin: if credentials reached the device, 4 tries would lock the user out.
    const wrongPin = client(device, { password: 'wrong', trust: { pinsSha256: ['00'.repeat(32)] } });
    for (let attempt = 0; attempt < 4; attempt++) {
      const error = await failure(wrongPin.status());
      expect(error.code).toBe('ERR_DEVICE_TLS_UNTRUSTED');
    }
    expect(device.state().lockedUsers).toEqual([]);
    const wrongCa = client(device, { trust: { caPem: files.rootPem } });
    expect((await failure(wrongCa.status())).code).toBe('ERR_DEVICE_TLS_UNTRUSTED');
    expect(() => client(device, { trust: {} })).toThrow(/nothing to trust/);
  });

  it('after one 401 sends nothing more to the device (it locks out after a few), and never shows the password', async () => {
    const device = sim.devices[2] as SimulatedDevice;
    const wrong = client(device, { password: 'hunter2-wrong', retry: { attempts: 8, baseDelayMs: 1, maxDelayMs: 2 } });
    for (let attempt = 0; attempt < 4; attempt++) {
      const error = await failure(attempt % 2 === 0 ? wrong.status() : wrong.getIni());
      expect([error.code, error.status]).toEqual(['ERR_DEVICE_UNAUTHORIZED', 401]);
      expect(JSON.stringify(error.toJSON()) + error.message).not.toContain('hunter2');
    }
    expect(wrong.unauthorized).toBe(true);
    // Four calls, one login attempt: the device (locking after 3) locked nobody out.
    expect(device.state().lockedUsers).toEqual([]);
    const right = client(device);
    expect(readFlag((await right.status()).saveNeeded)).toBe(false);
    right.close();
  });

  it('refuses Basic credentials over plain HTTP unless allowHttp', () => {
    const device = sim.devices[0] as SimulatedDevice;
    const error = (() => {
      try {
        client(device, { protocol: 'http' });
      } catch (caught) {
        return caught as DeviceError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('ERR_DEVICE_INSECURE_TRANSPORT');
    expect(() => client(device, { protocol: 'http', allowHttp: true })).not.toThrow();
  });

  it.each([403, 405] as const)(
    'reports a user below Administrator as ERR_DEVICE_FORBIDDEN (device answers %i)',
    async (status) => {
      const device = sim.devices[3] as SimulatedDevice;
      device.setOpenItems({ forbiddenStatus: status });
      const monitor = client(device, { username: 'watcher', password: 'watch' });
      expect(readFlag((await monitor.status()).saveNeeded)).toBe(false);
      const error = await failure(monitor.getCertificate(0));
      expect([error.code, error.status]).toEqual(['ERR_DEVICE_FORBIDDEN', status]);
    },
  );

  it.each(['query', 'form-field'] as const)(
    'uploads an encrypted key with its password where the device reads it (%s)',
    async (place) => {
      const device = sim.devices[4] as SimulatedDevice;
      // Encrypted PKCS#8 is not a form every firmware takes; this test is about where the password goes.
      device.setOpenItems({ privateKeyPassword: place, privateKeyFormat: 'any', certificateEffective: 'immediately' });
      // The second case finds the board certificate from the first in place: trust it too.
      const board = sha256Hex(new Uint8Array(new X509Certificate(files.certificatePem).raw));
      const api = client(device, { trust: { caPem: sim.factoryCaPem, pinsSha256: [board] } });
      await api.putPrivateKey(0, files.encryptedKeyPem, files.keyPassword);
      await api.putCertificate(0, files.certificatePem);
      expect((await api.getPrivateKeyInfo(0)).valid).toBe(true);
      expect((await api.servedCertificate()).fingerprint).toBe(device.servedFingerprint());
      const wrong = await failure(api.putPrivateKey(0, files.encryptedKeyPem, 'not the password'));
      expect([wrong.code, wrong.status]).toEqual(['ERR_DEVICE_BAD_REQUEST', 400]);
      api.close();
    },
  );

  it('adds and replaces trusted roots, generates a key and returns the CSR', async () => {
    const device = sim.devices[5] as SimulatedDevice;
    const api = client(device);
    // An empty store answers 400 on some firmware and 200 empty on others: both read as no roots.
    const before = await api.getTrustedRoots(0);
    expect(before).toEqual([]);
    await api.addTrustedRoot(0, files.rootPem);
    expect(await api.getTrustedRoots(0)).toHaveLength(before.length + 1);
    await api.putTrustedRoots(0, [files.rootPem]);
    expect((await api.getTrustedRoots(0)).map((pem) => pem.trim())).toEqual([files.rootPem.trim()]);
    await api.generatePrivateKey(0, 2048);
    const csr = await api.requestCertificate(0, { subjectName: 'sbc.example.com', countryCode: 'US' });
    expect(csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    expect((await api.getIni()).length).toBeGreaterThan(0);
    await api.putIniIncremental('AUPDVerifyCertificates = 1');
    expect(readFlag((await api.status()).saveNeeded)).toBe(true);
    await api.saveConfiguration();
    expect(readFlag((await api.status()).saveNeeded)).toBe(false);
    api.close();
  });

  it('retries 409 (HA synchronisation) for its busy budget, not its attempts, then gives up with ERR_DEVICE_BUSY', async () => {
    const device = sim.devices[0] as SimulatedDevice;
    device.setHaSynchronizing(true);
    let retries = 0;
    // A clock that moves 100 ms per look: a 1,000 ms budget allows nine retries, three attempts or not.
    let clock = 0;
    const retry = { ...FAST, sleep: async () => undefined, now: () => (clock += 100) };
    const api = client(device, { retry, busyBudgetMs: 1000, onRetry: () => retries++ });
    const error = await failure(api.getCertificate(0));
    expect([error.code, error.status, retries]).toEqual(['ERR_DEVICE_BUSY', 409, 9]);
    device.setHaSynchronizing(false);
    expect(await api.getCertificate(0)).toContain('BEGIN CERTIFICATE');
    api.close();
  });

  it('never retries key generation, and gives it its own timeout', async () => {
    const device = sim.devices[1] as SimulatedDevice;
    device.setOpenItems({ keyGeneration: 'slow' });
    let retries = 0;
    const patient = client(device, { timeoutMs: 100, keyGenerationTimeoutMs: 30_000, onRetry: () => retries++ });
    await patient.generatePrivateKey(1, 2048);
    expect((await patient.getPrivateKeyInfo(1)).size).toBe(2048);
    const hasty = client(device, { keyGenerationTimeoutMs: 100, onRetry: () => retries++ });
    expect((await failure(hasty.generatePrivateKey(1, 1024))).code).toBe('ERR_DEVICE_TIMEOUT');
    expect(retries).toBe(0);
    device.setOpenItems({ keyGeneration: firmware === 'mediant-7.4-other' ? 'slow' : 'fast' });
    patient.close();
    hasty.close();
  });

  it('works over IPv6 loopback, the CA check matching the address', async () => {
    const six = await startSimulator({ devices: 1, host: '::1', firmware });
    try {
      const device = six.devices[0] as SimulatedDevice;
      const api = new DeviceClient({
        name: device.name,
        host: '::1',
        port: device.port,
        username: 'Admin',
        password: 'Admin',
        trust: { caPem: six.factoryCaPem },
        retry: FAST,
      });
      expect(readFlag((await api.status()).saveNeeded)).toBe(false);
      expect(await api.servedCertificate()).toMatchObject({ fingerprint: device.servedFingerprint(), trusted: true });
      api.close();
    } finally {
      await six.close();
    }
  });

  it('times out a slow answer per request', async () => {
    const device = sim.devices[1] as SimulatedDevice;
    device.setFaults({ latencyMs: 400 });
    const api = client(device, { timeoutMs: 100, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    expect((await failure(api.status())).code).toBe('ERR_DEVICE_TIMEOUT');
    device.setFaults({});
    api.close();
  });
});
