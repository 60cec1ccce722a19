#!/usr/bin/env node
// The certwright command with crash points, for the crash checks and the tests that kill it at an
// exact step. Never shipped: the released executable (packages/cli/bin) gives handlers no
// checkpoint hook, so this file is the only place that reads CERTWRIGHT_TEST_PAUSE_AT.
//
// CERTWRIGHT_TEST_PAUSE_AT=N pauses at the Nth checkpoint, any other text at the first checkpoint
// whose label contains it: it says `certwright-test: paused at checkpoint N (label)` on stderr and
// waits there to be killed. At exit it says `certwright-test: N checkpoints` (for calibration).
import { processIo, runCli } from '../../../packages/cli/dist/index.js';

const PAUSE_VARIABLE = 'CERTWRIGHT_TEST_PAUSE_AT';
const pauseAt = process.env[PAUSE_VARIABLE] ?? '';
let count = 0;

function pausesHere(label) {
  return /^\d+$/.test(pauseAt) ? count === Number(pauseAt) : label.includes(pauseAt);
}

async function checkpoint(label) {
  count++;
  if (pauseAt === '' || !pausesHere(label)) return;
  process.stderr.write(`certwright-test: paused at checkpoint ${count} (${label})\n`);
  // Keep the event loop alive until the test kills the process.
  await new Promise(() => setInterval(() => undefined, 60_000));
}

process.exitCode = await runCli(process.argv.slice(2), { ...processIo(), checkpoint });
if (pauseAt !== '') process.stderr.write(`certwright-test: ${count} checkpoints\n`);
