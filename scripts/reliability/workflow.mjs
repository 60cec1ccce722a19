// Crash safety of `certwright workflow run`, all eight steps: each trial starts the built CLI (the
// node process itself, detached in its own process group) on a fresh directory with its own
// simulated devices, SIGKILLs the group at a random moment of the run, checks the state file is
// still readable, then reruns the workflow and checks that it finishes and that the state file and
// the files agree: every step done, each recorded hash matching the file on disk, the installed set
// complete with the right modes, no temp files, the killed run's lock taken over and released, and
// every device really holding the board certificate with its key, saved.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkDeviceHolds,
  DEVICE_ENV,
  makeBoardFiles,
  readDeviceState,
  startSimulator,
  stopAllSimulators,
  stopSimulator,
  writeInventory,
} from './support/simulated-fleet.mjs';
import { cli, runCli } from './support/cli-process.mjs';

const TRIALS = Number(process.env.RELIABILITY_TRIALS ?? 50);
// Much of a run is spent waiting for fsync, not on the CPU.
const CONCURRENCY = 6;

// EC keys without encryption and one intermediate keep a trial short; the crash points are the same.
const CONFIG = `
key: { type: ec, encrypt: false }
csr:
  subject: { cn: ovoc.reliability.example, o: Reliability, c: US }
  sans: ["dns:ovoc.reliability.example", "ip:192.0.2.20"]
ca: { lab: { dir: lab-ca, intermediates: 1, encrypt: false } }
install: { target: installed, backup_dir: backups, reload: "true" }
verify: { host: ovoc.reliability.example }
devices: { inventory: devices.csv, board_dir: board, ca_file: factory-ca.pem, concurrency: 3 }
`;
const INSTALLED = ['ca1.crt', 'root.crt', 'server.crt', 'server.key'];
const DONE = ['1', '2', '3', '4', '5', '6', '8'];
const DEVICES = 3;
const BOARD_FILES = ['board_cert.pem', 'board_pkey.pem', 'root.pem'];

function runWorkflow(cwd, killAfterMs) {
  return runCli(['workflow', 'run', '--config', 'workflow.yaml', '--json'], { cwd, env: DEVICE_ENV, killAfterMs });
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** Every temp file of an atomic write, anywhere under dir. */
async function tempFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && /^\..+\.tmp$/.test(entry.name)).map((entry) => entry.name);
}

async function checkConsistent(dir) {
  const state = JSON.parse(await readFile(join(dir, 'workflow.state.json'), 'utf8'));
  const done = Object.entries(state.steps)
    .filter(([, record]) => record.status === 'done')
    .map(([id]) => id);
  if (done.join() !== DONE.join()) throw new Error(`state: steps done [${done}], expected [${DONE}]`);
  for (const [id, record] of Object.entries(state.steps)) {
    for (const [path, hash] of Object.entries({ ...record.inputs, ...record.outputs })) {
      const actual = existsSync(join(dir, path)) ? sha256(await readFile(join(dir, path))) : 'missing';
      if (actual !== hash)
        throw new Error(`state: step ${id} recorded ${path} as ${hash.slice(0, 12)}, disk has ${actual.slice(0, 12)}`);
    }
  }
  const installed = (await readdir(join(dir, 'installed'))).sort();
  if (installed.join() !== INSTALLED.join()) throw new Error(`installed/ holds [${installed}]`);
  for (const name of INSTALLED) {
    const mode = (await stat(join(dir, 'installed', name))).mode & 0o777;
    if (mode !== (name === 'server.key' ? 0o600 : 0o644))
      throw new Error(`installed/${name} has mode ${mode.toString(8)}`);
  }
  for (const [a, b] of [
    ['installed/server.crt', 'server_certs/server.crt'],
    ['installed/server.key', 'server.key'],
    ['server_certs/server.crt', 'server.crt'],
  ]) {
    if (!(await readFile(join(dir, a))).equals(await readFile(join(dir, b)))) throw new Error(`${a} differs from ${b}`);
  }
  if (((await stat(join(dir, 'server.key'))).mode & 0o777) !== 0o600) throw new Error('server.key is not 0600');
  if (existsSync(join(dir, 'workflow.state.json.lock'))) throw new Error('the lock file was left behind');
  const temps = await tempFiles(dir);
  if (temps.length > 0) throw new Error(`temp files left: ${temps.join(', ')}`);
}

/** A trial directory: the config, the board files and an inventory of a fresh simulated fleet. */
async function prepare(dir, board) {
  await writeFile(join(dir, 'workflow.yaml'), CONFIG);
  await mkdir(join(dir, 'board'));
  for (const name of BOARD_FILES) await copyFile(join(board.dir, name), join(dir, 'board', name));
  // OVOC's certificate comes from the CA that issued the board files, so the devices can verify it.
  await cp(join(board.dir, 'lab-ca'), join(dir, 'lab-ca'), { recursive: true });
  const sim = await startSimulator(join(dir, 'devices-state'), { devices: DEVICES });
  await writeInventory(join(dir, 'devices.csv'), sim);
  await copyFile(sim.factoryCaFile, join(dir, 'factory-ca.pem'));
  return sim;
}

async function checkDevices(sim, board) {
  for (const device of sim.devices) checkDeviceHolds(await readDeviceState(sim, device), board.certPem);
}

async function trial(index, fullRunMs, board) {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-reliability-workflow-'));
  const killAfterMs = Math.floor(Math.random() * fullRunMs);
  const plan = `trial ${index}: kill after ${killAfterMs} ms`;
  let sim;
  try {
    sim = await prepare(dir, board);
    const first = await runWorkflow(dir, killAfterMs);
    if (!first.killed && first.code !== 0)
      throw new Error(`the first run exited ${first.code}: ${first.stderr.trim()}`);
    // Atomic state writes: whatever moment the kill came, the state file is absent or whole.
    let inStep8 = false;
    if (existsSync(join(dir, 'workflow.state.json'))) {
      const state = JSON.parse(await readFile(join(dir, 'workflow.state.json'), 'utf8'));
      inStep8 = first.killed && state.steps['6']?.status === 'done' && state.steps['8']?.status !== 'done';
    }
    const second = await runWorkflow(dir);
    if (second.code !== 0)
      throw new Error(`the rerun exited ${second.code}: ${second.stderr.trim().split('\n').pop()}`);
    const summary = JSON.parse(second.stdout);
    if (summary.status !== 'finished') throw new Error(`the rerun ended ${summary.status}`);
    await checkConsistent(dir);
    await checkDevices(sim, board);
    return { killed: first.killed, inStep8 };
  } catch (error) {
    throw new Error(`${plan}: ${error.message} (kept ${dir})`);
  } finally {
    if (sim) await stopSimulator(sim);
    if (process.env.RELIABILITY_KEEP !== '1') await rm(dir, { recursive: true, force: true });
  }
}

if (!existsSync(cli)) {
  process.stderr.write(`${cli} is missing: run npm run build first\n`);
  process.exit(1);
}
const started = Date.now();
const boardDir = await mkdtemp(join(tmpdir(), 'certwright-reliability-board-'));
const board = await makeBoardFiles(boardDir, { intermediates: 1, encryptCaKeys: false });
// Uninterrupted runs, as many at once as the trials run, set the window the kills are spread over:
// the trials then meet the same load, so the kills reach every step, step 8 included.
async function probeRun() {
  const probe = await mkdtemp(join(tmpdir(), 'certwright-reliability-workflow-'));
  const sim = await prepare(probe, board);
  const begin = Date.now();
  const result = await runWorkflow(probe);
  const elapsed = Date.now() - begin;
  await stopSimulator(sim);
  if (result.code !== 0) throw new Error(`the uninterrupted run failed: ${result.stderr}`);
  await checkConsistent(probe);
  await checkDevices(sim, board);
  await rm(probe, { recursive: true, force: true });
  return elapsed;
}
let fullRunMs;
try {
  fullRunMs = Math.max(...(await Promise.all(Array.from({ length: CONCURRENCY }, probeRun))));
} catch (error) {
  process.stderr.write(`workflow: ${error.message}\n`);
  await stopAllSimulators();
  process.exit(1);
}

const failures = [];
let killed = 0;
let killedInStep8 = 0;
let next = 0;
async function worker() {
  while (next < TRIALS) {
    const index = next++;
    try {
      const outcome = await trial(index, fullRunMs * 1.2, board);
      if (outcome.killed) killed++;
      if (outcome.inStep8) killedInStep8++;
    } catch (error) {
      failures.push(error.message);
    }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
await stopAllSimulators();
await rm(boardDir, { recursive: true, force: true });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
process.stdout.write(
  `workflow (steps 1-8, ${DEVICES} simulated devices a trial): ${TRIALS} trials (${killed} killed mid-run, ${killedInStep8} of them in step 8, ${TRIALS - killed} finished first), ${failures.length} failed, ${seconds} s\n`,
);
for (const failure of failures) process.stderr.write(`  ${failure}\n`);
process.exit(failures.length === 0 ? 0 : 1);
