// The child process that fuzzes one target: builds the target's seeds, then generates and runs
// inputs [start, end) until done or past the deadline, telling the supervisor (its parent) about
// findings, outliers and progress over IPC. It runs in its own process so that an input that
// aborts Node (SIGABRT from a native assertion, V8 out of memory) ends only this process.
import { performance } from 'node:perf_hooks';
import { InputFile } from './input-file.mjs';
import { classify } from './outcome.mjs';
import { Random } from './random.mjs';
import { loadTarget } from './targets/index.mjs';

/** Inputs past this test only the library's 16 MiB check, and would clog the IPC channel: a generator bug. */
const MAX_INPUT_BYTES = 8 * 1024 * 1024;

const [targetName, startArg, endArg, seed, inputPath, deadlineArg, limitArg, excuseArg] = process.argv.slice(2);
const target = await loadTarget(targetName);
const state = await target.setup();
const inputFile = new InputFile(inputPath);
const limitMs = Number(limitArg);
const deadline = Number(deadlineArg);
const kdfExcuse = Number(excuseArg);

const stats = { inputs: 0, typed: 0, ok: 0, excused: 0, slowestMs: 0 };
let lastProgress = Date.now();
const end = Number(endArg);
for (let index = Number(startArg); index < end && Date.now() < deadline; index++) {
  let input;
  inputFile.generating(index);
  try {
    input = target.generate(state, new Random(`${seed}:${target.name}:${index}`));
    if (input.bytes.length > MAX_INPUT_BYTES) throw new Error(`generated ${input.bytes.length} bytes`);
  } catch (error) {
    send({
      type: 'harness',
      index,
      detail: String(error?.stack ?? error)
        .split('\n')
        .slice(0, 4)
        .join(' | '),
    });
    continue;
  }
  inputFile.write(index, input);
  const { ms, error } = await timed(() => target.run(state, input));
  stats.inputs++;
  const outcome = classify(error);
  if (outcome.kind === 'ok' || outcome.kind === 'typed') stats[outcome.kind]++;
  else
    send({ type: 'finding', index, kind: outcome.kind, signature: outcome.signature, detail: outcome.detail, input });
  if (ms > limitMs) {
    // Key derivations with a huge (but allowed) iteration count are slow by design.
    if ((target.kdfIterations?.(input) ?? 0) >= kdfExcuse) stats.excused++;
    else send({ type: 'outlier', index, ms, input });
  } else if (ms > stats.slowestMs) {
    stats.slowestMs = ms;
  }
  if (Date.now() - lastProgress > 1000) {
    send({ type: 'progress', index, stats });
    lastProgress = Date.now();
  }
}
inputFile.close();
await target.teardown?.(state);
// Disconnect only once the last message is on its way (a disconnect right after send can drop it).
process.send?.({ type: 'done', stats }, () => process.disconnect());

async function timed(run) {
  const started = performance.now();
  try {
    await run();
    return { ms: performance.now() - started, error: undefined };
  } catch (error) {
    return { ms: performance.now() - started, error: error ?? new Error('undefined was thrown') };
  }
}

function send(message) {
  if (message.input !== undefined)
    message.input = { variant: message.input.variant, bytes: Buffer.from(message.input.bytes).toString('base64') };
  process.send?.(message);
}
