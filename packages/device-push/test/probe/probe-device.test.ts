import { afterEach, describe, expect, it } from 'vitest';
import { FIRMWARE_NAMES, FIRMWARES } from '../../../device-sim/src/firmware.js';
import { DEFAULT_OPEN_ITEMS } from '../../../device-sim/src/types.js';
import { type SimulatorHandle, startSimulator } from '../../../device-sim/src/index.js';
import { DeviceClient, FIRMWARE_SIGNATURES, probeDevice } from '../../src/index.js';
import { UNOBSERVABLE } from '../../src/probe/firmware-signatures.js';

let sim: SimulatorHandle | undefined;
afterEach(async () => sim?.close());

function client(handle: SimulatorHandle, username = 'Admin', password = 'Admin'): DeviceClient {
  const device = handle.devices[0];
  if (!device) throw new Error('no device');
  return new DeviceClient({ ...device, username, password, trust: { caPem: handle.factoryCaPem } });
}

const mediantFirmware = FIRMWARE_NAMES.filter((name) => FIRMWARES[name].family === 'mediant');

describe('the probe table mirrors the simulator', () => {
  it('has every Mediant firmware, with the simulator answers for each observable item', () => {
    expect(Object.keys(FIRMWARE_SIGNATURES).sort()).toEqual([...mediantFirmware].sort());
    for (const name of mediantFirmware) {
      const items = FIRMWARES[name].openItems;
      const signature = FIRMWARE_SIGNATURES[name]?.answers ?? {};
      for (const [item, value] of Object.entries(signature))
        expect([name, item, items[item as keyof typeof items]]).toEqual([name, item, value]);
    }
  });

  it('names every open item of the simulator: observed by the probe, or listed as unobservable', () => {
    // The Automatic Update items concern MP-1xx provisioning only, which the REST probe never meets.
    const automaticUpdateOnly = ['iniUnlisted', 'autoUpdateApply'];
    const observed = Object.keys(FIRMWARE_SIGNATURES['mediant-7.4']?.answers ?? {});
    const named = [...observed, ...UNOBSERVABLE, ...automaticUpdateOnly].sort();
    expect(named).toEqual(Object.keys(DEFAULT_OPEN_ITEMS).sort());
  });
});

describe.each(mediantFirmware)('device probe on %s', (firmware) => {
  it('reads what a push relies on, changes nothing, and names the firmware profiles that agree', async () => {
    sim = await startSimulator({
      firmware,
      clockOffsetMs: 90_000,
      users: [
        { name: 'Admin', password: 'Admin', level: 'security-admin' },
        { name: 'watch', password: 'watch', level: 'monitor' },
      ],
    });
    const device = sim.devices[0];
    const before = JSON.stringify(device?.state());
    const api = client(sim);
    const report = await probeDevice(api);
    api.close();
    expect(report.errors).toEqual([]);
    expect(report.matches).toContain(firmware);
    expect(report.status).toMatchObject({ versionID: '7.40A.500.000', ha: 'standalone' });
    expect(report.clock?.skewSeconds).toBeGreaterThan(60);
    expect(report.ntpServer).toBe('192.0.2.123');
    expect(report.privilege).toEqual({ level: 'administrator' });
    expect(report.served?.trusted).toBe(true);
    expect(report.tlsContexts?.map((context) => context.id)).toEqual([0, 1]);
    expect(report.unobservable).toContain('certificateEffective');
    // Read-only: the device holds exactly what it held.
    expect(JSON.stringify(device?.state())).toBe(before);
    // A monitor-level account shows the forbidden status this firmware uses.
    const monitor = client(sim, 'watch', 'watch');
    const limited = await probeDevice(monitor);
    monitor.close();
    expect(limited.privilege).toEqual({
      level: 'monitor',
      forbiddenStatus: FIRMWARES[firmware].openItems.forbiddenStatus,
    });
    expect(limited.matches).toContain(firmware);
  });
});

describe('device probe, HA and wrong credentials', () => {
  it('reports an HA pair, and stops after a 401', async () => {
    sim = await startSimulator({ haPair: true });
    const ha = await probeDevice(client(sim));
    expect(ha.status?.ha).toBe('pair');
    const wrong = client(sim, 'Admin', 'wrong');
    const refused = await probeDevice(wrong);
    expect(refused.errors.map((error) => error.code)).toEqual(['ERR_DEVICE_UNAUTHORIZED']);
    expect(sim.devices[0]?.state().lockedUsers).toEqual([]);
  });
});
