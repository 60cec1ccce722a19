import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../device-sim/src/start.js';
import type { SimulatorHandle } from '../../device-sim/src/types.js';
import { cli, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let sim: SimulatorHandle;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  sim = await startSimulator({ devices: 2, firmware: 'mediant-7.4-other' });
  writeFileSync(join(dir, 'factory-ca.pem'), sim.factoryCaPem);
  const rows = sim.devices.map((device) => `${device.name},127.0.0.1,${device.port},Admin,DEVICE_PW`);
  writeFileSync(join(dir, 'devices.csv'), `name,host,port,username,password_env\n${rows.join('\n')}\n`);
});
afterAll(async () => {
  await sim?.close();
  await cleanup?.();
});

describe('certwright device probe', () => {
  const args = ['device', 'probe', '--inventory', 'devices.csv', '--ca-file', 'factory-ca.pem'];

  it('prints what the firmware answers and the matching simulator profile; changes nothing', async () => {
    const before = JSON.stringify(sim.devices[1]?.state());
    const run = await cli(dir, [...args, '--device', 'device-1'], { DEVICE_PW: 'Admin' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/status flags\s+boolean/);
    expect(run.stdout).toMatch(/matches\s+simulator firmware mediant-7.4-other/);
    expect(run.stdout).toMatch(/TLS context 1\s+QoE: QoE to OVOC/);
    expect(JSON.stringify(sim.devices[1]?.state())).toBe(before);
    const json = await cli(dir, [...args, '--device', 'device-1', '--json'], { DEVICE_PW: 'Admin' });
    const body = JSON.parse(json.stdout) as { device: { observed: Record<string, unknown>; matches: string[] } };
    expect(body.device.observed).toMatchObject({
      statusValues: 'booleans',
      emptyResource: 200,
      tlsContextList: 'not-found',
    });
    expect(body.device.matches).toEqual(['mediant-7.4-other']);
  });

  it('needs one device (usage error, exit 2) and exits 4 when the device refuses the credentials', async () => {
    const many = await cli(dir, args, { DEVICE_PW: 'Admin' });
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('--device');
    const refused = await cli(dir, [...args, '--device', 'device-0'], { DEVICE_PW: 'wrong' });
    expect(refused.code).toBe(4);
    expect(refused.stdout).toContain('ERR_DEVICE_UNAUTHORIZED');
  });
});
