// Crash safety of `certwright device push`: each trial starts a simulator process (its own devices,
// their real state written to a state directory), starts the built CLI pushing to them (the node
// process itself, in its own process group) and SIGKILLs the group at a random moment, then reruns
// the same push, as the docs tell an operator to. The rerun must exit 0, and every device must then
// really hold the pushed certificate with a key that matches it, in its running and its saved
// configuration, with nothing left unsaved.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
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
import { runCli } from './support/cli-process.mjs';

const TRIALS = Number(process.env.RELIABILITY_TRIALS ?? 50) / 2;
const CONCURRENCY = 2;
const DEVICES = 6;
// Long enough that a kill can land anywhere from start-up to the last device's save.
const LATENCY_MS = 15;

const started = Date.now();
const work = await mkdtemp(join(tmpdir(), 'certwright-push-reliability-'));
let killWindowMs = 0;
try {
  const board = await makeBoardFiles(join(work, 'board'));
  // A push on its own fleet says how long one takes here: the kills land anywhere within that time
  // (CLI start-up included), a little past it so that some trials let the push finish.
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
  await stopAllSimulators();
  await rm(work, { recursive: true, force: true });
}

/** How long one whole push takes on a fresh fleet, in ms (the CLI's start-up included). */
async function timedPush(board) {
  const dir = join(work, 'calibration');
  await mkdir(dir, { recursive: true });
  const sim = await startSimulator(join(dir, 'state'), { devices: DEVICES, latencyMs: LATENCY_MS });
  try {
    const argv = await prepareFleet(dir, sim, board);
    const begin = Date.now();
    const result = await runCli(argv, { cwd: dir, env: DEVICE_ENV });
    if (result.code !== 0) throw new Error(`the calibration push exited ${result.code}: ${result.stderr.trim()}`);
    return Date.now() - begin;
  } finally {
    await stopSimulator(sim);
  }
}

/** Writes the fleet's inventory; returns the push command line. */
async function prepareFleet(dir, sim, board) {
  await writeInventory(join(dir, 'devices.csv'), sim);
  const argv = ['device', 'push', '--inventory', 'devices.csv', '--cert', board.cert, '--key', board.key];
  return [...argv, '--root', board.root, '--ca-file', sim.factoryCaFile, '--concurrency', '3', '--force'];
}

/** One trial: a fresh fleet, a push killed at a random moment, a rerun, then the devices' real state. */
async function runTrial(trial, board) {
  const dir = join(work, `trial-${trial}`);
  await mkdir(dir, { recursive: true });
  const sim = await startSimulator(join(dir, 'state'), { devices: DEVICES, latencyMs: LATENCY_MS });
  try {
    const argv = await prepareFleet(dir, sim, board);
    const first = await runCli(argv, { cwd: dir, env: DEVICE_ENV, killAfterMs: Math.random() * killWindowMs });
    const states = await Promise.all(sim.devices.map((device) => readDeviceState(sim, device)));
    const caught = states.filter((state) => state.saveNeeded).length;
    const second = await runCli(argv, { cwd: dir, env: DEVICE_ENV });
    if (second.code !== 0) {
      throw new Error(`the rerun exited ${second.code}: ${second.stdout.trim()} ${second.stderr.trim()}`);
    }
    for (const device of sim.devices) checkDeviceHolds(await readDeviceState(sim, device), board.certPem);
    return { killed: first.killed, caught };
  } finally {
    await stopSimulator(sim);
  }
}
