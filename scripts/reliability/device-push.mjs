// Crash safety of `certwright device push`: each trial starts a simulator process (its own devices,
// their real state written to a state directory), starts the built CLI pushing to them (the node
// process itself, in its own process group) and SIGKILLs the group at a random moment, then reruns
// the same push, as the docs tell an operator to. The rerun must exit 0, and every device must then
// really hold the pushed certificate with a key that matches it, in its running and its saved
// configuration, with nothing left unsaved, and serve it on a new connection. The trials run on two
// firmware profiles: the default (a new certificate served at once) and mediant-7.4-reset (served only
// after a reset), where the push runs with --allow-reset.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkDeviceHolds,
  DEVICE_ENV,
  makeBoardFiles,
  readDeviceState,
  servedFingerprint,
  startSimulator,
  stopAllSimulators,
  stopSimulator,
  writeInventory,
} from './support/simulated-fleet.mjs';
import { X509Certificate } from 'node:crypto';
import { runCli } from './support/cli-process.mjs';

/** Each profile's trials, and what its push needs. */
const PROFILES = [
  { firmware: 'mediant-7.4', flags: [] },
  { firmware: 'mediant-7.4-reset', flags: ['--allow-reset'] },
];

const TRIALS = Number(process.env.RELIABILITY_TRIALS ?? 50) / 2;
const CONCURRENCY = 2;
const DEVICES = 6;
// Long enough that a kill can land anywhere from start-up to the last device's save.
const LATENCY_MS = 15;

const work = await mkdtemp(join(tmpdir(), 'certwright-push-reliability-'));
let failed = false;
try {
  const board = await makeBoardFiles(join(work, 'board'));
  for (const profile of PROFILES) failed = !(await runProfile(profile, board)) || failed;
  process.exitCode = failed ? 1 : 0;
} finally {
  await stopAllSimulators();
  await rm(work, { recursive: true, force: true });
}

/** The trials of one firmware profile; prints their line and returns whether all passed. */
async function runProfile(profile, board) {
  const begin = Date.now();
  // A push on its own fleet says how long one takes here: the kills land anywhere within that time
  // (CLI start-up included), a little past it so that some trials let the push finish.
  const killWindowMs = (await timedPush(board, profile)) * 1.25;
  const outcomes = { killedMidRun: 0, finishedFirst: 0, caughtMidPush: 0 };
  const failures = [];
  let next = 0;
  const worker = async () => {
    while (next < TRIALS) {
      const trial = next++;
      try {
        const { killed, caught } = await runTrial(trial, board, profile, killWindowMs);
        outcomes[killed ? 'killedMidRun' : 'finishedFirst']++;
        outcomes.caughtMidPush += caught;
      } catch (error) {
        failures.push(`trial ${trial}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = ((Date.now() - begin) / 1000).toFixed(1);
  process.stdout.write(
    `device push (${profile.firmware}${profile.flags.length ? ` ${profile.flags.join(' ')}` : ''}): kills within ${Math.round(killWindowMs)} ms; ${TRIALS} trials of ${DEVICES} devices (${outcomes.killedMidRun} killed mid-run, ${outcomes.finishedFirst} finished first; ${outcomes.caughtMidPush} devices caught with unsaved changes), ${failures.length} failed, ${seconds} s\n`,
  );
  for (const failure of failures) process.stdout.write(`  ${failure}\n`);
  return failures.length === 0;
}

/** How long one whole push takes on a fresh fleet, in ms (the CLI's start-up included). */
async function timedPush(board, profile) {
  const dir = join(work, `calibration-${profile.firmware}`);
  await mkdir(dir, { recursive: true });
  const sim = await startSimulator(join(dir, 'state'), {
    devices: DEVICES,
    latencyMs: LATENCY_MS,
    firmware: profile.firmware,
  });
  try {
    const argv = await prepareFleet(dir, sim, board, profile);
    const begin = Date.now();
    const result = await runCli(argv, { cwd: dir, env: DEVICE_ENV });
    if (result.code !== 0) throw new Error(`the calibration push exited ${result.code}: ${result.stderr.trim()}`);
    return Date.now() - begin;
  } finally {
    await stopSimulator(sim);
  }
}

/** Writes the fleet's inventory; returns the push command line. */
async function prepareFleet(dir, sim, board, profile) {
  await writeInventory(join(dir, 'devices.csv'), sim);
  const argv = ['device', 'push', '--inventory', 'devices.csv', '--cert', board.cert, '--key', board.key];
  return [
    ...argv,
    '--root',
    board.root,
    '--ca-file',
    sim.factoryCaFile,
    '--concurrency',
    '3',
    '--force',
    ...profile.flags,
  ];
}

/** One trial: a fresh fleet, a push killed at a random moment, a rerun, then the devices' real state. */
async function runTrial(trial, board, profile, killWindowMs) {
  const dir = join(work, `trial-${profile.firmware}-${trial}`);
  await mkdir(dir, { recursive: true });
  const sim = await startSimulator(join(dir, 'state'), {
    devices: DEVICES,
    latencyMs: LATENCY_MS,
    firmware: profile.firmware,
  });
  try {
    const argv = await prepareFleet(dir, sim, board, profile);
    const first = await runCli(argv, { cwd: dir, env: DEVICE_ENV, killAfterMs: Math.random() * killWindowMs });
    const states = await Promise.all(sim.devices.map((device) => readDeviceState(sim, device)));
    const caught = states.filter((state) => state.saveNeeded).length;
    const second = await runCli(argv, { cwd: dir, env: DEVICE_ENV });
    if (second.code !== 0) {
      throw new Error(`the rerun exited ${second.code}: ${second.stdout.trim()} ${second.stderr.trim()}`);
    }
    const pushed = new X509Certificate(board.certPem).fingerprint256;
    for (const device of sim.devices) {
      checkDeviceHolds(await readDeviceState(sim, device), board.certPem);
      const served = await servedFingerprint(device);
      if (served !== pushed)
        throw new Error(`${device.name}: a new connection gets ${served}, not the pushed certificate`);
    }
    return { killed: first.killed, caught };
  } finally {
    await stopSimulator(sim);
  }
}
