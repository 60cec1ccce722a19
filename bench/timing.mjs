import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** Wall-clock milliseconds of one whole process, from spawn to exit. Fails on a non-zero exit. */
export function timeProcess([command, ...args]) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = performance.now() - started;
      if (code === 0) resolve(elapsed);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
    });
  });
}

/**
 * Runs two commands in turn (ours, theirs, ours, …) so that drift in machine load hits both
 * equally; one untimed run of each first, to warm the file cache.
 */
export async function alternate(runs, ours, theirs) {
  await timeProcess(ours);
  await timeProcess(theirs);
  const times = { ours: [], theirs: [] };
  for (let i = 0; i < runs; i++) {
    times.ours.push(await timeProcess(ours));
    times.theirs.push(await timeProcess(theirs));
  }
  return { ours: median(times.ours), theirs: median(times.theirs) };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** How many times `operation` completes per second, run back to back for `seconds`. */
export async function ratePerSecond(operation, seconds) {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let count = 0;
  while (performance.now() < deadline) {
    await operation();
    count++;
  }
  return count / ((performance.now() - started) / 1000);
}
