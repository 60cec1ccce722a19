// npm run bench [-- --markdown]: our figures next to reference figures measured in the same run.
// BENCH_RUNS=N overrides the number of alternating process runs (41 and 21) for quick checks;
// BENCH_ONLY=text runs only the rows whose name contains the text.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './machine.mjs';
import { markdownTable, textTable } from './table.mjs';
import { alternate } from './timing.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'packages/cli/bin/certwright.js');
const CSR_SECONDS = 3;

const CHAIN_COUNT = 160;
let fixturesMade;
let rootsMade;
let devicePushMade;
let scanMade;

const markdown = process.argv.includes('--markdown');
const runs = runCount(process.env.BENCH_RUNS);
const work = await mkdtemp(join(tmpdir(), 'certwright-bench-'));

const BENCHMARKS = [
  {
    name: 'RSA-3072 key generation, whole process: `certwright key create` vs `openssl genpkey`',
    target: { compare: 'ratio', atMost: 1.3 },
    async measure() {
      const out = join(work, 'key.pem');
      const ours = [
        'node',
        CLI,
        'key',
        'create',
        '--type',
        'rsa',
        '--bits',
        '3072',
        '--no-encrypt',
        '--out',
        out,
        '--force',
      ];
      const theirs = ['openssl', 'genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072', '-out', out];
      // RSA prime search takes a random time (one run varies 3×): 81 runs keep the median's ratio
      // steady to about ±0.1 where 41 swung between 0.8 and 1.4.
      return milliseconds(await alternate(runs(81), ours, theirs));
    },
  },
  {
    name: 'P-256 CSR creation, in-process: `createCsr` vs node:crypto `sign` of the same bytes',
    target: { compare: 'ours', atLeast: 500, unit: '/s' },
    async measure() {
      // Imported here so that a missing core build fails this row only.
      const { measureCsrRate } = await import('./csr-rate.mjs');
      const { ours, reference } = await measureCsrRate(CSR_SECONDS);
      return { ours, reference, ratio: ours / reference, unit: '/s' };
    },
  },
  {
    name: 'Chain validation, 4-certificate RSA-2048 chains sharing their intermediates: `validateChain` vs one `openssl verify`',
    target: { compare: 'ratio', atLeast: 1 },
    async measure() {
      const { measureChainRate } = await import('./chain-rate.mjs');
      const fixtures = await chainFixtures();
      return measureChainRate(fixtures.dir, fixtures.shared, 'shared');
    },
  },
  {
    name: 'Chain validation, 4-certificate RSA-2048 chains, every certificate distinct: `validateChain` vs one `openssl verify`',
    target: { compare: 'ratio', atLeast: 1 },
    async measure() {
      const { measureChainRate } = await import('./chain-rate.mjs');
      const fixtures = await chainFixtures();
      return measureChainRate(fixtures.dir, fixtures.distinct, 'distinct');
    },
  },
  {
    name: "Chain validation with CRLs, 4-certificate RSA-2048 chains, a CRL per issuer (the leaf issuer's lists 10,000 serials): `validateChain` vs one `openssl verify -crl_check_all`",
    target: { compare: 'ratio', atLeast: 1 },
    async measure() {
      const { makeCrlFixtures, measureCrlChainRate } = await import('./chain-crl-rate.mjs');
      const fixtures = await chainFixtures();
      return measureCrlChainRate(fixtures, await makeCrlFixtures(fixtures));
    },
  },
  {
    name: '150-root JKS trust store, whole process: `certwright truststore create --format jks` vs `keytool -importcert` per root',
    target: { compare: 'report' },
    async measure() {
      const { measureJksStore } = await import('./store-rate.mjs');
      return measureJksStore(CLI, await rootFixtures());
    },
  },
  {
    name: '150-root PKCS#12 trust store, whole process: `certwright truststore create --format p12` vs `openssl pkcs12 -export -nokeys`',
    target: { compare: 'report' },
    async measure() {
      const { measurePkcs12Store } = await import('./store-rate.mjs');
      return measurePkcs12Store(CLI, await rootFixtures());
    },
  },
  {
    name: 'Describing a 150-certificate PEM bundle, whole process: `certwright inspect --json` vs `openssl storeutl -noout -text -certs`',
    target: { compare: 'report' },
    async measure() {
      const roots = await rootFixtures();
      const ours = ['node', CLI, 'inspect', roots.bundle, '--json'];
      const theirs = ['openssl', 'storeutl', '-noout', '-text', '-certs', roots.bundle];
      return milliseconds(await alternate(runs(11), ours, theirs));
    },
  },
  {
    name: 'Device push, 1,000 simulated devices (simulator in its own process), key + certificate + root + ini + verify + save: `device push --concurrency 64` vs one device at a time (measured on 50 other devices, extrapolated)',
    target: { compare: 'ours', atLeast: 50, unit: '/s' },
    async measure() {
      return (await devicePush()).rate;
    },
  },
  {
    name: 'Device push client peak memory (RSS): 10,000-row inventory vs the 1,000-row run',
    target: { compare: 'ours', atMost: 300, unit: 'MB' },
    async measure() {
      return (await devicePush()).memory;
    },
  },
  {
    name: 'Scan, 1,000 simulated endpoints (simulator in its own process), every TLS version probed and the chain checked: `certwright scan --inventory` at the default concurrency vs an `openssl s_client` loop, once per version per endpoint (measured on 50, extrapolated)',
    target: { compare: 'ours', atMost: 30, unit: 's' },
    async measure() {
      return (await scanBench()).rate;
    },
  },
  {
    name: 'Scan peak memory (RSS): 10,000-row inventory vs the 1,000-row run',
    target: { compare: 'ours', atMost: 300, unit: 'MB' },
    async measure() {
      return (await scanBench()).memory;
    },
  },
  {
    name: 'CLI start-up: `certwright --version` vs `node -e 0`',
    target: { compare: 'ratio', atMost: 1.5 },
    async measure() {
      return milliseconds(await alternate(runs(21), ['node', CLI, '--version'], ['node', '-e', '0']));
    },
  },
];

try {
  const rows = [];
  // BENCH_ONLY=text runs only the rows whose name contains the text (case-insensitive).
  const only = (process.env.BENCH_ONLY ?? '').toLowerCase();
  const selected = BENCHMARKS.filter((benchmark) => benchmark.name.toLowerCase().includes(only));
  for (const [index, benchmark] of selected.entries()) {
    process.stderr.write(`measuring ${index + 1}/${selected.length}: ${benchmark.name}\n`);
    rows.push(await measureRow(benchmark));
  }
  process.stdout.write(`${report(describeMachine(), rows)}\n`);
  if (rows.some((row) => row.result === 'ERROR')) process.exitCode = 1;
} finally {
  await rm(work, { recursive: true, force: true });
}

/** The device-push runs, made once for both device rows. */
function devicePush() {
  devicePushMade ??= import('./device-push.mjs').then(({ measureDevicePush }) => measureDevicePush(work));
  return devicePushMade;
}

/** The scan runs, made once for both scan rows. */
function scanBench() {
  scanMade ??= import('./scan.mjs').then(({ measureScan }) => measureScan(work));
  return scanMade;
}

/** The chain fixtures, made once with openssl for both chain rows. */
function chainFixtures() {
  fixturesMade ??= import('./chain-fixtures.mjs').then(({ makeChainFixtures }) => makeChainFixtures(work, CHAIN_COUNT));
  return fixturesMade;
}

/** The 150 roots, made once with openssl for both trust-store rows. */
function rootFixtures() {
  rootsMade ??= import('./store-fixtures.mjs').then(({ makeRoots }) => makeRoots(work, 150));
  return rootsMade;
}

async function measureRow(benchmark) {
  try {
    const figures = await benchmark.measure();
    return {
      name: benchmark.name,
      ...formatFigures(figures),
      target: targetText(benchmark.target),
      result: verdict(benchmark.target, figures),
    };
  } catch (error) {
    process.stderr.write(`  failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return {
      name: benchmark.name,
      ours: '-',
      reference: '-',
      ratio: '-',
      target: targetText(benchmark.target),
      result: 'ERROR',
    };
  }
}

function milliseconds({ ours, theirs }) {
  return { ours, reference: theirs, ratio: ours / theirs, unit: 'ms' };
}

function formatFigures({ ours, reference, ratio, unit }) {
  const number = (value) => `${Math.round(value).toLocaleString('en-US')} ${unit}`;
  return {
    ours: number(ours),
    reference: number(reference),
    ratio: ratio < 0.1 ? ratio.toPrecision(2) : ratio.toFixed(2),
  };
}

function targetText(target) {
  if (target.compare === 'report') return 'report the ratio';
  if (target.compare === 'ratio' && target.atLeast !== undefined) return `ratio ≥ ${target.atLeast}`;
  if (target.compare === 'ratio') return `ratio ≤ ${target.atMost}`;
  if (target.atMost !== undefined) return `≤ ${target.atMost} ${target.unit}`;
  return `≥ ${target.atLeast} ${target.unit}`;
}

function verdict(target, { ours, ratio }) {
  if (target.compare === 'report') return '-';
  if (target.compare === 'ratio' && target.atLeast !== undefined) return ratio >= target.atLeast ? 'PASS' : 'MISS';
  if (target.compare === 'ours' && target.atMost !== undefined) return ours <= target.atMost ? 'PASS' : 'MISS';
  const met = target.compare === 'ratio' ? ratio <= target.atMost : ours >= target.atLeast;
  return met ? 'PASS' : 'MISS';
}

function report(machine, rows) {
  const machineLine = `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.openssl}`;
  const method = `Process rows: medians of ${runs(81)} (key generation) and ${runs(21)} (start-up) alternating runs each, after one untimed run. CSR row: back-to-back for ${CSR_SECONDS} s after a warm-up. Chain rows: ${CHAIN_COUNT} chains made with openssl, the first 10 only to warm up; ours validates each of the rest once in-process (best of 3 groups), openssl verifies all their leaves in one process (best of 3 runs). Trust-store rows: 150 roots made with openssl; JKS: one run each (keytool once per root, as people do it); PKCS#12: medians of 5 alternating runs; describing: the same 150 roots in one PEM bundle, medians of ${runs(11)} alternating runs. Device rows: one run each, simulator and client in separate processes; the CPU seconds of each go to stderr, since on a shared machine wall time depends on the load. Scan rows: one run each against 1,000 simulated devices (TLS 1.0–1.3, factory certificates), the scanner's CPU and the simulator's to stderr; the s_client loop is timed on 50 devices and scaled to 1,000. Ratio = ours / reference.`;
  if (markdown) return `Machine: ${machineLine}\n\n${markdownTable(rows)}\n\n${method}`;
  return `Machine: ${machineLine}\n\n${textTable(rows.map(plainName))}\n\n${method}`;
}

/** Backticks are for Markdown; the terminal shows the names without them. */
function plainName(row) {
  return { ...row, name: row.name.replaceAll('`', '') };
}

function runCount(override) {
  if (override === undefined || override === '') return (fallback) => fallback;
  const count = Number(override);
  if (!Number.isInteger(count) || count < 1) {
    process.stderr.write(`BENCH_RUNS must be a positive whole number, not "${override}"\n`);
    process.exit(2);
  }
  return () => count;
}
