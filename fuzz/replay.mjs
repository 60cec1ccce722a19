// Runs saved inputs through a target, each in this one process, and prints one JSON line per input:
// what happened and how long it took. Used three ways:
//   node fuzz/replay.mjs <target> <variant> <file> [<variant> <file> ...]   (variant '-': the default)
//   --time: the supervisor re-timing an outlier in a fresh process (warm-up first, caches cold)
//   the corpus regression test, which runs every reproducer of fuzz/corpus/corpus.json
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { classify } from './outcome.mjs';
import { Random } from './random.mjs';
import { loadTarget } from './targets/index.mjs';

const WARM_UP_INPUTS = 30;

const args = process.argv.slice(2);
const timing = args[0] === '--time';
const [targetName, ...rest] = timing ? args.slice(1) : args;
const target = await loadTarget(targetName);
const state = await target.setup();
if (timing) {
  // Optimised code paths, as in the fuzzing run, but none of this input's results cached.
  for (let index = 0; index < WARM_UP_INPUTS; index++) {
    const input = target.generate(state, new Random(`warm-up:${target.name}:${index}`));
    await target.run(state, input).catch(() => {});
  }
}
const inputs = [];
for (let i = 0; i + 1 < rest.length; i += 2) {
  inputs.push({ variant: rest[i] === '-' ? (target.defaultVariant ?? '') : rest[i], file: rest[i + 1] });
}
for (const { file, variant } of inputs) {
  const input = { variant, bytes: readFileSync(file) };
  const started = performance.now();
  let error;
  try {
    await target.run(state, input);
  } catch (thrown) {
    error = thrown ?? new Error('undefined was thrown');
  }
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ file, ms: Math.round(ms * 10) / 10, ...classify(error) })}\n`);
}
await target.teardown?.(state);
