// Runs one target's inputs in worker processes and turns what happens into findings: an untyped
// exception or an unwieldy message (reported by the worker), a process that dies (abort, out of
// memory, an uncaught error: the input is read back from the input file), a process that stops
// making progress (killed; a hang), and an input slower than the limit in two fresh processes.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInputFile } from './input-file.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Enough for any legitimate input; a memory bomb shows up as an abort instead of swapping. */
const WORKER_HEAP_MB = 1024;
/** Outliers re-timed per target, slowest first. */
const MAX_RETIMED = 8;

/**
 * @param {object} options
 * @param {string} options.target
 * @param {number} options.inputs      inputs to run
 * @param {number} options.deadline    epoch ms after which no new input starts
 * @param {string} options.seed
 * @param {number} options.limitMs     slower than this (twice, in fresh processes) is a finding
 * @param {number} options.hangMs      no progress for this long: the worker is killed
 * @param {number} options.kdfExcuse   inputs with a KDF iteration count at least this are slow by design
 * @param {(line: string) => void} options.log
 */
export async function superviseTarget(options) {
  const scratch = mkdtempSync(join(tmpdir(), 'certwright-fuzz-'));
  const result = {
    target: options.target,
    stats: { inputs: 0, typed: 0, ok: 0, excused: 0, slowestMs: 0 },
    findings: [],
    outliers: [],
    /** Bugs in the fuzzer itself (a generator that threw): reported, never counted as findings. */
    harnessErrors: [],
    restarts: 0,
    seconds: 0,
  };
  const started = Date.now();
  try {
    let next = 0;
    while (next < options.inputs && Date.now() < options.deadline) {
      const run = await runWorker(options, next, join(scratch, 'input'), result);
      if (run.completed) break;
      result.restarts++;
      if (run.last?.generating) {
        result.harnessErrors.push(`input ${run.last.index}: the generator ${run.hung ? 'hung' : `died (${run.how})`}`);
        next = run.last.index + 1;
        continue;
      }
      if (run.last === undefined) {
        result.findings.push({
          kind: 'abort',
          signature: `worker died before its first input: ${run.how}`,
          detail: run.stderr,
        });
        break;
      }
      const kind = run.hung ? 'hang' : 'abort';
      result.findings.push({
        kind,
        signature: `${kind}: ${run.how}`,
        detail: run.stderr,
        input: run.last.input,
        index: run.last.index,
      });
      result.stats.inputs++;
      next = run.last.index + 1;
    }
    result.findings.push(...retimeOutliers(options, result.outliers, scratch));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

function runWorker(options, start, inputPath, result) {
  return new Promise((resolve) => {
    writeFileSync(inputPath, '');
    const args = [
      options.target,
      String(start),
      String(options.inputs),
      options.seed,
      inputPath,
      String(options.deadline),
      String(options.limitMs),
      String(options.kdfExcuse),
    ];
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${WORKER_HEAP_MB}`, join(here, 'worker.mjs'), ...args],
      {
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    let completed = false;
    let base = { ...result.stats };
    child.on('message', (message) => {
      if (message.type === 'finding') result.findings.push({ ...message, input: decode(message.input) });
      else if (message.type === 'outlier')
        result.outliers.push({ index: message.index, ms: message.ms, input: decode(message.input) });
      else if (message.type === 'harness') result.harnessErrors.push(`input ${message.index}: ${message.detail}`);
      else if (message.type === 'progress' || message.type === 'done') {
        mergeStats(result.stats, base, message.stats);
        if (message.type === 'done') {
          completed = true;
          base = { ...result.stats };
        }
      }
    });
    // A hang: the input index in the file does not move for hangMs.
    let lastIndex = -1;
    let lastMove = Date.now();
    let hung = false;
    const watchdog = setInterval(() => {
      const index = readInputFile(inputPath)?.index ?? -1;
      if (index !== lastIndex) {
        lastIndex = index;
        lastMove = Date.now();
      } else if (Date.now() - lastMove > options.hangMs) {
        hung = true;
        child.kill('SIGKILL');
      }
    }, 250);
    // 'close', not 'exit': the worker's last messages are delivered before it.
    child.on('close', (code, signal) => {
      clearInterval(watchdog);
      const how = hung
        ? `no progress for ${options.hangMs / 1000} s`
        : signal !== null
          ? `signal ${signal}`
          : `exit code ${code}`;
      if (!completed && !hung) options.log(`  worker ended by ${how}`);
      resolve({
        completed: completed && code === 0,
        hung,
        how,
        stderr: stderr.trim().split('\n').slice(0, 12).join('\n'),
        last: readInputFile(inputPath),
      });
    });
  });
}

/** Progress reports carry the worker's running totals; add them to what earlier workers did. */
function mergeStats(total, base, worker) {
  for (const key of ['inputs', 'typed', 'ok', 'excused']) total[key] = base[key] + worker[key];
  total.slowestMs = Math.max(base.slowestMs, worker.slowestMs);
}

const decode = (input) => ({ variant: input.variant, bytes: Buffer.from(input.bytes, 'base64') });

/** Each outlier timed again in two fresh processes (after a warm-up): a GC pause or a busy machine is not a finding. */
function retimeOutliers(options, outliers, scratch) {
  const findings = [];
  const slowest = [...outliers].sort((a, b) => b.ms - a.ms).slice(0, MAX_RETIMED);
  for (const [position, outlier] of slowest.entries()) {
    const file = join(scratch, `outlier-${position}`);
    writeFileSync(file, outlier.input.bytes);
    const times = [0, 1].map(() => timeInFreshProcess(options.target, outlier.input.variant, file));
    const ms = Math.min(...times);
    outlier.retimedMs = ms;
    if (ms > options.limitMs) {
      findings.push({
        kind: 'slow',
        signature: `slow input: ${Math.round(ms)} ms (first run ${Math.round(outlier.ms)} ms)`,
        input: outlier.input,
        index: outlier.index,
      });
    }
  }
  return findings;
}

function timeInFreshProcess(target, variant, file) {
  const run = spawnSync(process.execPath, [join(here, 'replay.mjs'), '--time', target, variant || '-', file], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const line = run.stdout.trim().split('\n').pop();
  try {
    return JSON.parse(line).ms;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
