// startSimulator: N devices, each a real HTTPS server on loopback, issued by one factory CA.
import { join } from 'node:path';
import { DEFAULT_LOCKOUT_AFTER, DEFAULT_USERS, UserStore } from './auth.js';
import { factoryConfiguration } from './configuration.js';
import { Device } from './device.js';
import { DeviceModel } from './device-model.js';
import { type FactoryCa, issueFactoryPair, openFactoryCa } from './factory-ca.js';
import { selfSignedFactoryPair } from './factory-certificate.js';
import { FaultPlan } from './faults.js';
import { DeviceStateStore } from './state-store.js';
import { serialDigits } from './serial-number.js';
import { defaultFirmware, FIRMWARE_NAMES, FIRMWARES } from './firmware.js';
import type { DeviceProfile, FirmwareName, SimulatorHandle, SimulatorOptions } from './types.js';

/** A documentation address (RFC 5737): the devices look NTP-configured unless told otherwise. */
const DEFAULT_NTP_SERVER = '192.0.2.123';
const DEFAULT_HA_SYNC_MS = 1000;

/**
 * Starts simulated AudioCodes devices on loopback. Device i listens on `port + i` (each on a free port when
 * `port` is 0) and presents a factory certificate issued by `factoryCaPem` until TLS context 0 is replaced.
 *
 * @example
 * const sim = await startSimulator({ devices: 3, openItems: { tlsFilesOnReset: 'persist-at-once' } });
 * // … push to sim.devices[0].url, verify with sim.factoryCaPem, inspect sim.devices[0].state() …
 * await sim.close();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const count = options.devices ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new RangeError('devices must be a positive integer');
  const port = options.port ?? 0;
  const { profile, firmware } = familyAndFirmware(options);
  const openItems = { ...FIRMWARES[firmware].openItems, ...options.openItems };
  const site = {
    ntpServer: options.ntpServer ?? DEFAULT_NTP_SERVER,
    qoeOwnContext: openItems.qoeTlsContext === 'own',
  };
  const ca = await openFactoryCa(options.stateDir);
  const devices: Device[] = [];
  const close = async () => {
    await Promise.all(devices.map((device) => device.close()));
  };
  try {
    for (let index = 0; index < count; index++) {
      const name = `${options.namePrefix ?? 'device-'}${index}`;
      const store = options.stateDir === undefined ? undefined : new DeviceStateStore(join(options.stateDir, name));
      const factoryPair = await factoryPairFor(options, ca, name, index);
      const saved = (await store?.open()) ?? factoryConfiguration(profile, factoryPair, options.tlsContexts ?? 2, site);
      const unit = () => new DeviceModel(name, profile, saved, { ...openItems }, () => factoryPair);
      const device = new Device({
        index,
        host: options.host ?? '127.0.0.1',
        // Both units of an HA pair start from the same saved configuration, as a synchronised pair does.
        units: options.haPair ? [unit(), unit()] : [unit()],
        haSyncMs: options.haSyncMs ?? DEFAULT_HA_SYNC_MS,
        firmware,
        versionId: FIRMWARES[firmware].versionId,
        clockOffsetMs: options.clockOffsetMs ?? 0,
        users: new UserStore(options.users ?? DEFAULT_USERS, options.lockoutAfter ?? DEFAULT_LOCKOUT_AFTER),
        // Each device draws from its own sequence, so the interleaving of devices does not change any device's faults.
        faults: new FaultPlan(options.faults ?? {}, ((options.seed ?? 1) * 1_000_003 + index) >>> 0),
        haSynchronizing: options.haSynchronizing ?? false,
        tlsVersions: options.tlsVersions,
        store,
      });
      devices.push(device);
      await device.start(port === 0 ? 0 : port + index);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { devices, factoryCaPem: ca.certificatePem, close };
}

/** The family and the firmware, each from the other when only one is given; they must agree. */
function familyAndFirmware(options: SimulatorOptions): { profile: DeviceProfile; firmware: FirmwareName } {
  if (options.firmware !== undefined && !(options.firmware in FIRMWARES)) {
    throw new RangeError(`unknown firmware ${options.firmware}; known: ${FIRMWARE_NAMES.join(', ')}`);
  }
  const profile = options.profile ?? (options.firmware ? FIRMWARES[options.firmware].family : 'mediant');
  const firmware = options.firmware ?? defaultFirmware(profile);
  if (FIRMWARES[firmware].family !== profile) {
    throw new RangeError(`firmware ${firmware} is for ${FIRMWARES[firmware].family} devices, not ${profile}`);
  }
  return { profile, firmware };
}

/** A device's factory pair: issued by the simulator's factory CA, or self-signed as AudioCodes ship it. */
function factoryPairFor(options: SimulatorOptions, ca: FactoryCa, name: string, index: number) {
  if (options.factoryCertificate) return selfSignedFactoryPair(serialDigits(index));
  const { certificatePem, privateKeyPem } = issueFactoryPair(ca, name);
  return Promise.resolve({ certificatePem, privateKeyPem });
}
