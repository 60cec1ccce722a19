import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../device-sim/src/types.js';
import { startSimulator } from '../../device-sim/src/start.js';
import { cli, tempDir } from './helpers.js';

// Step 8 against simulated devices: real HTTPS servers on loopback that check what they are sent.
const CONFIG = `
key: { type: ec, encrypt: false }
csr:
  subject: { cn: ovoc.devices.example, o: Workflow Test, c: US }
  sans: ["dns:ovoc.devices.example"]
ca: { lab: { dir: lab-ca, intermediates: 1, encrypt: false } }
devices:
  inventory: devices.csv
  board_dir: board
  ca_file: factory-ca.pem
  report: device-report.json
`;

let dir: string;
let cleanup: () => Promise<void>;
let sim: SimulatorHandle;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  sim = await startSimulator({ devices: 2 });
  await writeFile(join(dir, 'factory-ca.pem'), sim.factoryCaPem);
  await writeFile(join(dir, 'workflow.yaml'), CONFIG);
});
afterEach(async () => {
  await sim.close();
  await cleanup();
});

async function inventory(passwordEnvs: string[]): Promise<void> {
  const rows = sim.devices.map(
    (device, index) => `${device.name},${device.host},${device.port},Admin,${passwordEnvs[index]}`,
  );
  await writeFile(join(dir, 'devices.csv'), `name,host,port,username,password_env\n${rows.join('\n')}\n`);
}

/** board_cert.pem (with its intermediate), board_pkey.pem and root.pem from the workflow's lab CA. */
async function boardFiles(): Promise<void> {
  await mkdir(join(dir, 'board'));
  const steps = [
    ['key', 'create', '--type', 'rsa', '--bits', '2048', '--no-encrypt', '--out', 'board/board_pkey.pem'],
    [
      'csr',
      'create',
      '--key',
      'board/board_pkey.pem',
      '--out',
      'board/board.csr',
      '--cn',
      'localhost',
      '--san',
      'ip:127.0.0.1',
    ],
    ['ca', 'sign', '--ca-dir', 'lab-ca', '--csr', 'board/board.csr', '--out', 'board/board.crt'],
  ];
  for (const args of steps) expect((await cli(dir, args)).code).toBe(0);
  const read = (file: string) => readFile(join(dir, file), 'utf8');
  await writeFile(join(dir, 'board/board_cert.pem'), (await read('board/board.crt')) + (await read('lab-ca/ca1.crt')));
  await writeFile(join(dir, 'board/root.pem'), await read('lab-ca/root.crt'));
}

async function run(env: Record<string, string>) {
  const result = await cli(dir, ['workflow', 'run', '--config', 'workflow.yaml', '--json'], env);
  return { ...result, summary: JSON.parse(result.stdout) };
}

describe('workflow step 8', () => {
  it('pushes to every device, which then serves the board certificate with verification on', async () => {
    await inventory(['DEVICE_PW', 'DEVICE_PW']);
    expect((await cli(dir, ['workflow', 'run', '--config', 'workflow.yaml', '--to-step', '7'])).code).toBe(0);
    await boardFiles();
    const { code, summary, stderr } = await run({ DEVICE_PW: 'Admin' });
    expect(code).toBe(0);
    expect(stderr).toContain('Step 8 — load the certificates onto the devices');
    expect(summary.steps.find((step: { step: string }) => step.step === '8')).toMatchObject({ status: 'done' });
    const fingerprint = new X509Certificate(await readFile(join(dir, 'board/board.crt'))).fingerprint256
      .replaceAll(':', '')
      .toLowerCase();
    for (const device of sim.devices) {
      expect(device.servedFingerprint()).toBe(fingerprint);
      expect(device.state().saved.parameters.AUPDVerifyCertificates).toBe('1');
    }
    expect(JSON.parse(await readFile(join(dir, 'device-report.json'), 'utf8')).devices).toHaveLength(2);
  });

  it('reports a partial fleet with exit 5, and a rerun finishes the devices left', async () => {
    await inventory(['DEVICE_PW', 'OTHER_PW']);
    expect((await cli(dir, ['workflow', 'run', '--config', 'workflow.yaml', '--to-step', '7'])).code).toBe(0);
    await boardFiles();
    const partial = await run({ DEVICE_PW: 'Admin', OTHER_PW: 'wrong' });
    expect(partial.code).toBe(5);
    expect(partial.summary.status).toBe('failed');
    expect(partial.summary.manual.join('\n')).toContain('certwright device push');
    const second = await run({ DEVICE_PW: 'Admin', OTHER_PW: 'Admin' });
    expect(second.code).toBe(0);
    expect(second.summary.steps.find((step: { step: string }) => step.step === '8')).toMatchObject({ status: 'done' });
    for (const device of sim.devices) expect(device.state().saved.parameters.AUPDVerifyCertificates).toBe('1');
  });
});
