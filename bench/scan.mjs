// certwright scan benchmark: the simulator in its own process with 1,000 devices (TLS 1.0–1.3 on,
// factory certificates), scanned by the real CLI in another process at the default concurrency:
// every TLS version probed, the chain read and validated, per device. The reference is the loop
// people write: `openssl s_client` once per version per endpoint, on 50 of the devices, extrapolated.
// Then a 10,000-row inventory (ten rows per device) gives the scanner's peak memory.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SIM = join(ROOT, 'packages/device-sim/bin/certwright-device-sim.js');
const CLIENT = fileURLToPath(new URL('./device-push-client.mjs', import.meta.url));

export const ENDPOINTS = 1000;
export const REFERENCE_SAMPLE = 50;
export const BIG_INVENTORY = 10_000;
const VERSION_FLAGS = ['-tls1', '-tls1_1', '-tls1_2', '-tls1_3'];

/** Both rows' figures, measured once. */
export async function measureScan(work) {
  const dir = join(work, 'scan');
  mkdirSync(dir, { recursive: true });
  const sim = await startSimulator(ENDPOINTS);
  try {
    const ports = sim.devices.map((device) => device.port);
    writeInventory(join(dir, 'fleet.csv'), ports, 1);
    writeInventory(join(dir, 'big.csv'), ports, BIG_INVENTORY / ENDPOINTS);
    const simCpuBefore = processCpuSeconds(sim.pid);
    const fleet = scanWith(dir, 'fleet.csv');
    process.stderr.write(
      `  simulator CPU during the 1,000-endpoint scan: ${(processCpuSeconds(sim.pid) - simCpuBefore).toFixed(1)} s\n`,
    );
    const reference = await sClientLoop(ports.slice(0, REFERENCE_SAMPLE));
    const big = scanWith(dir, 'big.csv');
    const referenceSeconds = (reference.seconds * ENDPOINTS) / REFERENCE_SAMPLE;
    return {
      rate: { ours: fleet.seconds, reference: referenceSeconds, ratio: fleet.seconds / referenceSeconds, unit: 's' },
      memory: { ours: big.maxRssMb, reference: fleet.maxRssMb, ratio: big.maxRssMb / fleet.maxRssMb, unit: 'MB' },
    };
  } finally {
    sim.stop();
  }
}

function startSimulator(devices) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [SIM, '--devices', String(devices), '--factory-certificate', '--tls-versions', '1.0,1.1,1.2,1.3'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => reject(new Error(`simulator exited ${code}: ${stderr.trim()}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const ready = JSON.parse(line);
      if (!ready.ready) return;
      child.removeAllListeners('exit');
      resolve({ ...ready, pid: child.pid, stop: () => child.kill('SIGTERM') });
    });
  });
}

/** CPU seconds a process has used so far (Linux /proc). */
function processCpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function writeInventory(path, ports, copies) {
  const rows = ['name,host,port,username'];
  for (let copy = 0; copy < copies; copy++)
    for (const port of ports) rows.push(`d${port}-${copy},127.0.0.1,${port},Admin`);
  writeFileSync(path, `${rows.join('\n')}\n`);
}

/** One `certwright scan --inventory … --json` in its own process (default concurrency and timeout). */
function scanWith(dir, inventory) {
  const argv = ['scan', '--inventory', inventory, '--fail-on', 'expired'];
  const output = execFileSync(process.execPath, [CLIENT, JSON.stringify(argv)], { cwd: dir, maxBuffer: 1 << 20 });
  const result = JSON.parse(output.toString());
  if (result.code !== 0) throw new Error(`certwright scan --inventory ${inventory} exited ${result.code}`);
  process.stderr.write(
    `  scan ${inventory}: ${result.seconds.toFixed(1)} s wall, ${result.cpuSeconds.toFixed(1)} s CPU, peak RSS ${Math.round(result.maxRssMb)} MB\n`,
  );
  return result;
}

/** One handshake; stdin is /dev/null, so s_client ends as soon as the handshake does. */
function sClient(port, flag) {
  return new Promise((resolve) => {
    const child = spawn(
      'openssl',
      ['s_client', '-connect', `127.0.0.1:${port}`, flag, '-cipher', 'ALL:@SECLEVEL=0', '-showcerts'],
      {
        stdio: ['ignore', 'ignore', 'ignore'],
      },
    );
    child.on('exit', resolve);
    child.on('error', resolve);
  });
}

/** `openssl s_client` once per TLS version per endpoint, one after another, as a shell loop would. */
async function sClientLoop(ports) {
  const started = performance.now();
  for (const port of ports) {
    for (const flag of VERSION_FLAGS) {
      await sClient(port, flag);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(
    `  openssl s_client loop over ${ports.length} endpoints × 4 versions: ${seconds.toFixed(1)} s\n`,
  );
  return { seconds };
}
