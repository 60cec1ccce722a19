// x509-limbo conformance run: `npm run conformance` (after `npm run build`).
// Each case runs in a worker thread with a 5 s watchdog; prints a table by family and the totals.
// Options: --failures (list failing ids and problems), --filter <substring>, --json.
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { familyOf, limboPath, loadLimbo, scoreCase } from './limbo-case.mjs';

const CASE_LIMIT_MS = 5000;

if (!isMainThread) {
  const { validateChain } = await import('../packages/core/dist/index.js');
  const cases = loadLimbo();
  parentPort.on('message', (index) => {
    const started = performance.now();
    const { outcome, detail } = scoreCase(cases[index], validateChain);
    parentPort.postMessage({ index, outcome, detail, ms: performance.now() - started });
  });
  parentPort.postMessage('ready');
} else {
  await main();
}

async function main() {
  const args = process.argv.slice(2);
  const filter = args.includes('--filter') ? args[args.indexOf('--filter') + 1] : undefined;
  const cases = loadLimbo();
  if (cases === undefined) {
    console.error(`conformance: suite not found at ${limboPath()} (set CERTWRIGHT_LIMBO)`);
    process.exit(2);
  }
  const selected = cases
    .map((testcase, index) => ({ testcase, index }))
    .filter(({ testcase }) => !filter || testcase.id.includes(filter));
  const started = performance.now();
  const results = await runAll(selected);
  const elapsed = (performance.now() - started) / 1000;
  if (args.includes('--json')) {
    console.log(JSON.stringify({ elapsed, results }, null, 1));
    return;
  }
  if (args.includes('--failures')) {
    for (const result of results) {
      if (result.outcome !== 'pass') console.log(`${result.outcome}\t${result.id}\t${result.detail.slice(0, 400)}`);
    }
  }
  printTable(results, elapsed);
}

function runAll(selected) {
  return new Promise((resolveAll) => {
    const results = [];
    let next = 0;
    let worker;
    let timer;
    const start = () => {
      worker = new Worker(new URL(import.meta.url));
      worker.on('message', (message) => {
        if (message !== 'ready') {
          clearTimeout(timer);
          const { testcase } = selected[next];
          results.push({ id: testcase.id, family: familyOf(testcase.id), ...message });
          next++;
        }
        dispatch();
      });
      worker.on('error', (error) => {
        clearTimeout(timer);
        const { testcase } = selected[next];
        results.push({
          id: testcase.id,
          family: familyOf(testcase.id),
          outcome: 'error',
          detail: String(error),
          ms: 0,
        });
        next++;
        start();
      });
    };
    const dispatch = () => {
      if (next >= selected.length) {
        worker.terminate();
        resolveAll(results);
        return;
      }
      const { testcase, index } = selected[next];
      timer = setTimeout(() => {
        results.push({
          id: testcase.id,
          family: familyOf(testcase.id),
          outcome: 'timeout',
          detail: '',
          ms: CASE_LIMIT_MS,
        });
        next++;
        worker.removeAllListeners();
        worker.terminate();
        start();
      }, CASE_LIMIT_MS);
      worker.postMessage(index);
    };
    start();
  });
}

function printTable(results, elapsed) {
  const families = new Map();
  const add = (key, result) => {
    const row = families.get(key) ?? {
      cases: 0,
      pass: 0,
      'false-reject': 0,
      'false-accept': 0,
      timeout: 0,
      error: 0,
      ms: 0,
    };
    row.cases++;
    row[result.outcome]++;
    row.ms += result.ms;
    families.set(key, row);
  };
  for (const result of results) add(result.family, result);
  const rows = [...families.entries()].sort(([a], [b]) => a.localeCompare(b));
  const total = { cases: 0, pass: 0, 'false-reject': 0, 'false-accept': 0, timeout: 0, error: 0, ms: 0 };
  for (const [, row] of rows) for (const key of Object.keys(total)) total[key] += row[key];
  const line = (name, row) =>
    `| ${name.padEnd(28)} | ${String(row.cases).padStart(5)} | ${String(row.pass).padStart(5)} | ${String(row['false-reject']).padStart(6)} | ${String(row['false-accept']).padStart(6)} | ${String(row.timeout).padStart(7)} | ${String(row.error).padStart(5)} | ${(row.ms / 1000).toFixed(2).padStart(7)} |`;
  console.log('| family                       | cases |  pass | f.rej. | f.acc. | timeout | error | time s  |');
  console.log('| ---------------------------- | ----: | ----: | -----: | -----: | ------: | ----: | ------: |');
  for (const [name, row] of rows) console.log(line(name, row));
  console.log(line('total', total));
  console.log(`wall time ${elapsed.toFixed(1)} s`);
}
