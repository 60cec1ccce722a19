// Device push benchmark: the simulator in its own process with 1,050 devices; the client (the real
// CLI, in another process) pushes board files to 1,000 of them at concurrency 64, and to the other 50
// one at a time (extrapolated to devices per second). Then a push over a 10,000-row inventory (ten
// rows per device; the devices already hold the push, so each row is pre-flight and `unchanged`)
// gives the client's peak memory, next to the 1,000-row run's.
import { execFileSync, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SIM = join(ROOT, 'packages/device-sim/bin/certwright-device-sim.js');
const CLIENT = fileURLToPath(new URL('./device-push-client.mjs', import.meta.url));
export const FLEET = 1000;
export const SEQUENTIAL = 50;
export const BIG_INVENTORY = 10_000;
export const CONCURRENCY = 64;

/** Everything both rows need, measured once. */
export async function measureDevicePush(work) {
  const dir = join(work, 'device-push');
  execFileSync('mkdir', ['-p', dir]);
  makeBoardFiles(dir);
  const sim = await startSimulator(FLEET + SEQUENTIAL);
  try {
    await writeFile(join(dir, 'factory-ca.pem'), await readFile(sim.factoryCaFile));
    const ports = sim.devices.map((device) => device.port);
    await writeInventory(join(dir, 'fleet.csv'), ports.slice(0, FLEET), 1);
    await writeInventory(join(dir, 'sequential.csv'), ports.slice(FLEET), 1);
    await writeInventory(join(dir, 'big.csv'), ports.slice(0, FLEET), BIG_INVENTORY / FLEET);
    const fleet = await push(dir, 'fleet.csv', CONCURRENCY, sim.pid);
    const sequential = await push(dir, 'sequential.csv', 1, sim.pid);
    const big = await push(dir, 'big.csv', CONCURRENCY, sim.pid, 'unchanged');
    return {
      rate: {
        ours: FLEET / fleet.seconds,
        reference: SEQUENTIAL / sequential.seconds,
        ratio: FLEET / fleet.seconds / (SEQUENTIAL / sequential.seconds),
        unit: '/s',
        seconds: fleet.seconds,
      },
      memory: { ours: big.maxRssMb, reference: fleet.maxRssMb, ratio: big.maxRssMb / fleet.maxRssMb, unit: 'MB' },
    };
  } finally {
    sim.stop();
  }
}

function makeBoardFiles(dir) {
  const run = (args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ext = join(dir, 'ext.cnf');
  execFileSync('sh', [
    '-c',
    `printf '[ca]\\nbasicConstraints=critical,CA:TRUE\\nkeyUsage=critical,keyCertSign,cRLSign\\n[leaf]\\nbasicConstraints=critical,CA:FALSE\\nkeyUsage=critical,digitalSignature,keyEncipherment\\nextendedKeyUsage=serverAuth,clientAuth\\n' > '${ext}'`,
  ]);
  run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'root.key']);
  run([
    'req',
    '-x509',
    '-new',
    '-key',
    'root.key',
    '-subj',
    '/CN=Bench Root',
    '-days',
    '3650',
    '-config',
    ext,
    '-extensions',
    'ca',
    '-out',
    'root.pem',
  ]);
  run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'board_pkey.pem']);
  run(['req', '-new', '-key', 'board_pkey.pem', '-subj', '/CN=board', '-out', 'board.csr']);
  run([
    'x509',
    '-req',
    '-in',
    'board.csr',
    '-CA',
    'root.pem',
    '-CAkey',
    'root.key',
    '-days',
    '825',
    '-extfile',
    ext,
    '-extensions',
    'leaf',
    '-out',
    'board_cert.pem',
  ]);
}

/** Starts `certwright-device-sim` and waits for its ready line. */
function startSimulator(devices) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SIM, '--devices', String(devices)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => reject(new Error(`simulator exited ${code}: ${stderr.trim()}`)));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const ready = JSON.parse(line);
      if (!ready.ready) return;
      child.removeAllListeners('exit');
      resolve({ ...ready, pid: child.pid, stop: () => child.kill('SIGTERM') });
    });
  });
}

/** `copies` rows per port, interleaved so concurrent rows reach different devices. */
async function writeInventory(path, ports, copies) {
  const rows = ['name,host,port,username,password_env'];
  for (let copy = 0; copy < copies; copy++) {
    for (const port of ports) rows.push(`d${port}-${copy},127.0.0.1,${port},Admin,BENCH_DEVICE_PW`);
  }
  await writeFile(path, `${rows.join('\n')}\n`);
}

/** CPU seconds a process has used so far (Linux /proc; undefined elsewhere). */
async function processCpuSeconds(pid) {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** One `certwright device push` in its own process; fails unless every row ends in `want`. */
async function push(dir, inventory, concurrency, simPid, want = 'updated') {
  // The machine may be shared: the load average at the start says how far the wall time can be trusted.
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
  const simCpuBefore = await processCpuSeconds(simPid);
  const report = join(dir, `${inventory}.report.json`);
  const argv = [
    'device',
    'push',
    '--inventory',
    inventory,
    '--cert',
    'board_cert.pem',
    '--key',
    'board_pkey.pem',
    '--root',
    'root.pem',
    '--ca-file',
    'factory-ca.pem',
    '--concurrency',
    String(concurrency),
    '--report',
    report,
    '--force',
  ];
  const output = execFileSync(process.execPath, [CLIENT, JSON.stringify(argv)], {
    cwd: dir,
    env: { ...process.env, BENCH_DEVICE_PW: 'Admin' },
    maxBuffer: 1 << 20,
  });
  const result = JSON.parse(output.toString());
  const simCpuAfter = await processCpuSeconds(simPid);
  const simCpu =
    simCpuBefore === undefined || simCpuAfter === undefined ? '?' : (simCpuAfter - simCpuBefore).toFixed(1);
  process.stderr.write(
    `  ${inventory} at concurrency ${concurrency}: ${result.seconds.toFixed(1)} s wall (load average ${load} at the start); CPU: client ${result.cpuSeconds.toFixed(1)} s, simulator ${simCpu} s; client peak RSS ${Math.round(result.maxRssMb)} MB\n`,
  );
  const { devices } = JSON.parse(await readFile(report, 'utf8'));
  const wrong = devices.filter((device) => device.state !== want);
  if (wrong.length > 0)
    throw new Error(`${inventory}: ${wrong.length} devices not ${want}, e.g. ${JSON.stringify(wrong[0])}`);
  return result;
}
