// Conformance run: `npm run conformance` (after `npm run build`) scores validateChain on x509-limbo
// and NIST PKITS, and runs `openssl verify` on PKITS as the reference, in the same invocation.
// Each case runs in a worker thread with a 5 s watchdog; one table per suite, by family.
// Options: --suite limbo|pkits (default both), --failures (list every case that did not pass),
// --filter <substring> (cases whose id contains it), --no-openssl (skip the reference run), --json.
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import * as limbo from './limbo-case.mjs';
import * as pkits from './pkits-case.mjs';
import { opensslVersion, runOpenssl } from './pkits-openssl.mjs';

const CASE_LIMIT_MS = 5000;

/** Each suite: how to load it, where it lives, and how to tabulate and score a case. */
const SUITES = {
  limbo: {
    title: 'x509-limbo',
    path: () => limbo.limboPath(),
    load: () => limbo.loadLimbo(),
    familyOf: (testcase) => limbo.familyOf(testcase.id),
    scoreCase: limbo.scoreCase,
  },
  pkits: {
    title: 'NIST PKITS',
    path: () => pkits.pkitsPath(),
    load: () => pkits.loadPkits(),
    familyOf: pkits.familyOf,
    scoreCase: pkits.scoreCase,
  },
};

const OUTCOMES = ['pass', 'false-reject', 'false-accept', 'wrong-policy', 'timeout', 'error'];

if (!isMainThread) {
  const { validateChain } = await import('../packages/core/dist/index.js');
  const loaded = new Map();
  parentPort.on('message', ({ suite, index }) => {
    if (!loaded.has(suite)) loaded.set(suite, SUITES[suite].load());
    const started = performance.now();
    const { outcome, detail } = SUITES[suite].scoreCase(loaded.get(suite)[index], validateChain);
    parentPort.postMessage({ index, outcome, detail, ms: performance.now() - started });
  });
  parentPort.postMessage('ready');
} else {
  await main();
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const filter = option('--filter');
  const only = option('--suite');
  if (only !== undefined && !(only in SUITES)) {
    console.error(`conformance: --suite must be one of ${Object.keys(SUITES).join(', ')}`);
    process.exit(2);
  }
  const report = {};
  for (const name of only === undefined ? Object.keys(SUITES) : [only]) {
    const suite = SUITES[name];
    const cases = suite.load();
    if (cases === undefined) {
      console.error(`conformance: ${suite.title} not found at ${suite.path()}`);
      process.exit(2);
    }
    const selected = cases
      .map((testcase, index) => ({ testcase, index }))
      .filter(({ testcase }) => !filter || testcase.id.includes(filter));
    const started = performance.now();
    const results = await runAll(name, selected);
    const elapsed = (performance.now() - started) / 1000;
    let reference;
    if (name === 'pkits' && !args.includes('--no-openssl')) {
      reference = await referenceRun(selected.map(({ testcase }) => testcase));
    }
    report[name] = { elapsed, results, reference };
    if (args.includes('--json')) continue;
    console.log(`\n## ${suite.title}\n`);
    if (args.includes('--failures')) printFailures(results, reference);
    printTable(results, elapsed, reference);
  }
  if (args.includes('--json')) console.log(JSON.stringify(report, null, 1));
}

async function referenceRun(testcases) {
  const version = await opensslVersion();
  if (version === undefined) {
    console.error('conformance: no openssl on the PATH; PKITS reference run skipped');
    return undefined;
  }
  const started = performance.now();
  const results = await runOpenssl(testcases);
  return { version, elapsed: (performance.now() - started) / 1000, results };
}

function printFailures(results, reference) {
  for (const result of results) {
    if (result.outcome !== 'pass') console.log(`${result.outcome}\t${result.id}\t${result.detail.slice(0, 400)}`);
  }
  for (const result of reference?.results ?? []) {
    if (result.outcome !== 'pass')
      console.log(`openssl ${result.outcome}\t${result.id}\t${result.detail.slice(0, 200)}`);
  }
}

function runAll(suite, selected) {
  const familyOf = SUITES[suite].familyOf;
  return new Promise((resolveAll) => {
    const results = [];
    let next = 0;
    let worker;
    let timer;
    const record = (fields) => {
      const { testcase } = selected[next];
      results.push({ id: testcase.id, family: familyOf(testcase), ...fields });
      next++;
    };
    const start = () => {
      worker = new Worker(new URL(import.meta.url));
      worker.on('message', (message) => {
        if (message !== 'ready') {
          clearTimeout(timer);
          record(message);
        }
        dispatch();
      });
      worker.on('error', (error) => {
        clearTimeout(timer);
        record({ outcome: 'error', detail: String(error), ms: 0 });
        start();
      });
    };
    const dispatch = () => {
      if (next >= selected.length) {
        worker.terminate();
        resolveAll(results);
        return;
      }
      timer = setTimeout(() => {
        record({ outcome: 'timeout', detail: '', ms: CASE_LIMIT_MS });
        worker.removeAllListeners();
        worker.terminate();
        start();
      }, CASE_LIMIT_MS);
      worker.postMessage({ suite, index: selected[next].index });
    };
    start();
  });
}

function emptyRow() {
  return Object.fromEntries([['cases', 0], ...OUTCOMES.map((outcome) => [outcome, 0]), ['ms', 0]]);
}

function printTable(results, elapsed, reference) {
  const families = new Map();
  const referenceById = new Map((reference?.results ?? []).map((result) => [result.id, result]));
  const total = { ...emptyRow(), refPass: 0, refFalseAccept: 0 };
  for (const result of results) {
    const row = families.get(result.family) ?? { ...emptyRow(), refPass: 0, refFalseAccept: 0 };
    for (const target of [row, total]) {
      target.cases++;
      target[result.outcome]++;
      target.ms += result.ms;
      const theirs = referenceById.get(result.id);
      if (theirs?.outcome === 'pass') target.refPass++;
      if (theirs?.outcome === 'false-accept') target.refFalseAccept++;
    }
    families.set(result.family, row);
  }
  const withReference = reference !== undefined;
  const head = ['family', 'cases', 'pass', 'f.rej.', 'f.acc.', 'policy', 'timeout', 'error', 'time s'];
  if (withReference) head.push('openssl pass', 'openssl f.acc.');
  const cells = (name, row) => {
    const values = [name, row.cases, row.pass, row['false-reject'], row['false-accept'], row['wrong-policy']];
    values.push(row.timeout, row.error, (row.ms / 1000).toFixed(2));
    if (withReference) values.push(row.refPass, row.refFalseAccept);
    return `| ${values.map(String).join(' | ')} |`;
  };
  console.log(`| ${head.join(' | ')} |`);
  console.log(
    `| --- | ${head
      .slice(1)
      .map(() => '---:')
      .join(' | ')} |`,
  );
  const sorted = [...families.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  for (const [name, row] of sorted) console.log(cells(name, row));
  console.log(cells('**total**', total));
  console.log(`\nwall time ${elapsed.toFixed(1)} s`);
  if (withReference) console.log(`reference: ${reference.version}, ${reference.elapsed.toFixed(1)} s`);
}
