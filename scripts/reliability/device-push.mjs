// Crash safety of `certwright device push`: each trial starts a simulator process (its own devices,
// their real state written to a state directory), starts the built CLI pushing to them (the node
// process itself, in its own process group) and SIGKILLs the group at a random moment, then reruns
// the same push, as the docs tell an operator to. The rerun must exit 0, and every device must then
// really hold the pushed certificate with a key that matches it, in its running and its saved
// configuration, with nothing left unsaved.
import { execFile, spawn } from 'node:child_process';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'packages/cli/bin/certwright.js');
const simulator = join(root, 'packages/device-push/dist/simulator-main.js');
const TRIALS = Number(process.env.RELIABILITY_TRIALS ?? 50) / 2;
const CONCURRENCY = 2;
const DEVICES = 6;
// Long enough that the kill lands anywhere from start-up to the last device's save.
const LATENCY_MS = 15;

const started = Date.now();
const work = await mkdtemp(join(tmpdir(), 'certwright-push-reliability-'));
const simulators = new Set();
let killWindowMs = 0;
try {
  const board = await makeBoardFiles(join(work, 'board'));
  // A push on its own fleet says how long one takes here: the kills land anywhere within that time
  // (CLI start-up included), and about a fifth of the trials let it finish.
  killWindowMs = (await timedPush(board)) * 1.25;
  const outcomes = { killedMidRun: 0, finishedFirst: 0, caughtMidPush: 0 };
  const failures = [];
  let next = 0;
  const worker = async () => {
    while (next < TRIALS) {
      const trial = next++;
      try {
        const { killed, caught } = await runTrial(trial, board);
        outcomes[killed ? 'killedMidRun' : 'finishedFirst']++;
        outcomes.caughtMidPush += caught;
      } catch (error) {
        failures.push(`trial ${trial}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `device push: kills within ${Math.round(killWindowMs)} ms; ${TRIALS} trials of ${DEVICES} devices (${outcomes.killedMidRun} killed mid-run, ${outcomes.finishedFirst} finished first; ${outcomes.caughtMidPush} devices caught with unsaved changes), ${failures.length} failed, ${seconds} s\n`,
  );
  for (const failure of failures) process.stdout.write(`  ${failure}\n`);
  process.exitCode = failures.length === 0 ? 0 : 1;
} finally {
  for (const child of simulators) child.kill('SIGTERM');
  await rm(work, { recursive: true, force: true });
}

/** How long one whole push takes on a fresh fleet, in ms (the CLI's start-up included). */
async function timedPush(board) {
  const dir = join(work, 'calibration');
  await mkdir(dir, { recursive: true });
  const sim = await startSimulator(join(dir, 'state'));
  try {
    const argv = await prepareFleet(dir, sim, board);
    const begin = Date.now();
    const result = await runCli(dir, argv, undefined);
    if (result.code !== 0) throw new Error(`the calibration push exited ${result.code}: ${result.stderr.trim()}`);
    return Date.now() - begin;
  } finally {
    stopSimulator(sim);
  }
}

/** Writes the fleet's inventory; returns the push command line. */
async function prepareFleet(dir, sim, board) {
  const rows = sim.devices.map((device) => `${device.name},127.0.0.1,${device.port},Admin`);
  await writeFile(join(dir, 'devices.csv'), `name,host,port,username\n${rows.join('\n')}\n`);
  const argv = ['device', 'push', '--inventory', 'devices.csv', '--cert', board.cert, '--key', board.key];
  argv.push('--root', board.root, '--ca-file', sim.factoryCaFile, '--password-env', 'DEVICE_PW');
  return [...argv, '--concurrency', '3', '--force'];
}

function stopSimulator(sim) {
  sim.child.kill('SIGTERM');
  simulators.delete(sim.child);
}

/** One trial: a fresh fleet, a push killed at a random moment, a rerun, then the devices' real state. */
async function runTrial(trial, board) {
  const dir = join(work, `trial-${trial}`);
  await mkdir(dir, { recursive: true });
  const sim = await startSimulator(join(dir, 'state'));
  try {
    const argv = await prepareFleet(dir, sim, board);
    const first = await runCli(dir, argv, Math.random() * killWindowMs);
    const states = await Promise.all(sim.devices.map((device) => readState(dir, device)));
    const caught = states.filter((state) => state.saveNeeded).length;
    const second = await runCli(dir, argv, undefined);
    if (second.code !== 0) {
      throw new Error(`the rerun exited ${second.code}: ${second.stdout.trim()} ${second.stderr.trim()}`);
    }
    for (const device of sim.devices) checkDevice(await readState(dir, device), board);
    return { killed: first.killed, caught };
  } finally {
    stopSimulator(sim);
  }
}

async function readState(dir, device) {
  return JSON.parse(await readFile(join(dir, 'state', device.name, 'state.json'), 'utf8'));
}

/** The device's real state (written by the simulator): the pushed pair, matching, saved, nothing unsaved. */
function checkDevice(state, board) {
  const boardFingerprint = new X509Certificate(board.certPem).fingerprint256;
  for (const [label, configuration] of [
    ['running', state.running],
    ['saved', state.saved],
  ]) {
    const context = configuration.tlsContexts['0'];
    const certificate = new X509Certificate(context.certificatePem);
    if (certificate.fingerprint256 !== boardFingerprint) {
      throw new Error(`${state.name}: the ${label} certificate is not the pushed one`);
    }
    const keySpki = createPublicKey(context.privateKeyPem).export({ type: 'spki', format: 'der' });
    if (!keySpki.equals(certificate.publicKey.export({ type: 'spki', format: 'der' }))) {
      throw new Error(`${state.name}: the ${label} key does not match its certificate`);
    }
    if (configuration.parameters.AUPDVerifyCertificates !== '1') {
      throw new Error(`${state.name}: ${label} AUPDVerifyCertificates is not 1`);
    }
  }
  if (state.saveNeeded) throw new Error(`${state.name}: changes left unsaved`);
}

function runCli(cwd, argv, killAfterMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...argv], {
      cwd,
      detached: true,
      env: { ...process.env, DEVICE_PW: 'Admin' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer =
      killAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            if (child.exitCode !== null) return;
            killed = true;
            try {
              process.kill(-child.pid, 'SIGKILL');
            } catch {}
          }, killAfterMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, killed, stdout, stderr });
    });
  });
}

/** A simulator process with its devices' real state in `stateDir`; resolves once it says it is ready. */
function startSimulator(stateDir) {
  const argv = [simulator, '--devices', String(DEVICES), '--state-dir', stateDir, '--latency', String(LATENCY_MS)];
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  simulators.add(child);
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => reject(new Error(`the simulator exited ${code}: ${stderr.trim()}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      const ready = JSON.parse(line);
      resolve({ child, devices: ready.devices, factoryCaFile: ready.factoryCaFile });
    });
  });
}

/** The board files every trial pushes: an EC key, a lab root, a certificate for 127.0.0.1. */
async function makeBoardFiles(dir) {
  const certwright = (args) => run(process.execPath, [cli, ...args], { cwd: dir });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'ca-pass.txt'), 'reliability-ca-pass\n');
  await certwright(
    ['ca', 'init', '--out-dir', 'lab-ca', '--intermediates', '0', '--type', 'ec'].concat([
      '--passphrase-file',
      'ca-pass.txt',
    ]),
  );
  await certwright(['key', 'create', '--out', 'board.key', '--type', 'ec', '--no-encrypt']);
  await certwright([
    'csr',
    'create',
    '--key',
    'board.key',
    '--out',
    'board.csr',
    '--cn',
    'board',
    '--san',
    'ip:127.0.0.1',
  ]);
  await certwright(
    ['ca', 'sign', '--ca-dir', 'lab-ca', '--csr', 'board.csr', '--out', 'board.crt'].concat([
      '--passphrase-file',
      'ca-pass.txt',
    ]),
  );
  return {
    cert: join(dir, 'board.crt'),
    key: join(dir, 'board.key'),
    root: join(dir, 'lab-ca', 'root.crt'),
    certPem: await readFile(join(dir, 'board.crt'), 'utf8'),
  };
}
