// `npm run fuzz`: mutates structure-aware seeds for every parser Certwright exposes and runs them
// through the built packages' public API, each target in its own worker process. Settings:
//   FUZZ_INPUTS=N       inputs per target (default 2,000)
//   FUZZ_SECONDS=S      at most S seconds of inputs per target (default: no limit)
//   FUZZ_TARGETS=a,b    only these targets (default: all; `node fuzz/run.mjs --list` names them)
//   FUZZ_SEED=text      another input stream (default: certwright)
//   FUZZ_LIMIT_MS=100   slower than this, twice in fresh processes, is a finding
//   FUZZ_OUT=dir        where findings are written (default: fuzz/findings)
// Exits 1 when anything was found: an untyped exception, a message that is not one short line, a
// process abort or crash, a hang, or a slow input. See docs/security.md.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { superviseTarget } from './supervise.mjs';
import { TARGET_NAMES } from './targets/index.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

if (process.argv.includes('--list')) {
  process.stdout.write(`${TARGET_NAMES.join('\n')}\n`);
  process.exit(0);
}

const settings = {
  inputs: positiveInteger('FUZZ_INPUTS', 2000),
  seconds: positiveInteger('FUZZ_SECONDS', 0),
  seed: process.env.FUZZ_SEED || 'certwright',
  limitMs: positiveInteger('FUZZ_LIMIT_MS', 100),
  out: process.env.FUZZ_OUT || join(root, 'fuzz', 'findings'),
  targets: (process.env.FUZZ_TARGETS || TARGET_NAMES.join(',')).split(',').filter(Boolean),
};
for (const target of settings.targets) {
  if (!TARGET_NAMES.includes(target))
    fail(`FUZZ_TARGETS: unknown target '${target}' (known: ${TARGET_NAMES.join(', ')})`);
}

/**
 * Iteration counts from which a key derivation may take longer than the limit by design: the
 * PKCS#12 KDF costs about 10 µs an iteration here (OpenSSL writes 2,048, Java 10,000).
 */
const KDF_EXCUSE = 10_000;
/** Long enough for the slowest allowed derivation (10,000,000 PBKDF2 iterations) on a busy machine. */
const HANG_MS = 60_000;

const known = JSON.parse(readFileSync(join(root, 'fuzz', 'known-findings.json'), 'utf8')).entries;
/** The known-findings entry a finding matches (digits in its signature read as N), if any. */
const knownEntry = (target, finding) =>
  known.find(
    (entry) =>
      entry.target === target &&
      entry.kind === finding.kind &&
      new RegExp(entry.signature).test(finding.signature.replace(/\d+/g, 'N')),
  );

const log = (line) => process.stdout.write(`${line}\n`);
log(
  `fuzz: ${settings.targets.length} target(s), ${settings.inputs} input(s) each${settings.seconds ? `, at most ${settings.seconds} s each` : ''}, seed '${settings.seed}', limit ${settings.limitMs} ms`,
);
const started = Date.now();
const results = [];
for (const target of settings.targets) {
  const result = await superviseTarget({
    target,
    inputs: settings.inputs,
    deadline: settings.seconds ? Date.now() + settings.seconds * 1000 : Number.POSITIVE_INFINITY,
    seed: settings.seed,
    limitMs: settings.limitMs,
    hangMs: HANG_MS,
    kdfExcuse: KDF_EXCUSE,
    log,
  });
  result.known = result.findings.filter((finding) => knownEntry(target, finding) !== undefined);
  result.findings = result.findings.filter((finding) => knownEntry(target, finding) === undefined);
  results.push(result);
  log(summaryLine(result));
  for (const finding of groupFindings(result.known)) {
    log(
      `  known, not failing (${knownEntry(target, finding).owner}): ${finding.kind}: ${finding.signature} (×${finding.count})`,
    );
  }
  for (const error of result.harnessErrors.slice(0, 5)) log(`  fuzzer bug (not a finding): ${error}`);
  for (const finding of groupFindings(result.findings))
    log(
      `  ${finding.kind}: ${finding.signature} (×${finding.count})${finding.file ? ` → ${relative(root, finding.file)}` : ''}`,
    );
}
const findings = results.reduce((sum, result) => sum + result.findings.length, 0);
const harnessErrors = results.reduce((sum, result) => sum + result.harnessErrors.length, 0);
const knownCount = results.reduce((sum, result) => sum + result.known.length, 0);
log(
  `fuzz: ${results.reduce((sum, r) => sum + r.stats.inputs, 0)} inputs in ${Math.round((Date.now() - started) / 1000)} s; ${findings === 0 ? 'no new findings' : `${findings} finding(s), written under ${relative(root, settings.out) || '.'}`}${knownCount ? `; ${knownCount} known open finding(s) (fuzz/known-findings.json)` : ''}`,
);
if (harnessErrors > 0) log(`fuzz: ${harnessErrors} input(s) not generated: the fuzzer has a bug`);
process.exit(findings === 0 && harnessErrors === 0 ? 0 : 1);

function summaryLine({ target, stats, findings, outliers, restarts, seconds }) {
  const retimed = outliers.filter((outlier) => outlier.retimedMs !== undefined);
  const slowest = Math.max(stats.slowestMs, ...retimed.map((outlier) => Math.min(outlier.retimedMs, outlier.ms)));
  return [
    `${target.padEnd(12)} ${String(stats.inputs).padStart(7)} inputs in ${seconds.toFixed(1).padStart(6)} s`,
    `${String(stats.typed).padStart(7)} typed errors, ${String(stats.ok).padStart(6)} accepted`,
    `slowest ${slowest.toFixed(1)} ms`,
    `${outliers.length} outlier(s) over the limit once, ${retimed.length} re-timed`,
    `${stats.excused} slow-by-design KDF input(s)`,
    `${findings.length} finding(s)${restarts ? `, ${restarts} worker restart(s)` : ''}`,
  ].join(', ');
}

/** One line per distinct bug; the first three inputs of each written to the findings directory. */
function groupFindings(list) {
  const groups = new Map();
  for (const finding of list) {
    const group = groups.get(finding.signature) ?? {
      kind: finding.kind,
      signature: finding.signature,
      count: 0,
      file: undefined,
    };
    group.count++;
    if (finding.input !== undefined && group.count <= 3) group.file = saveFinding(finding);
    groups.set(finding.signature, group);
  }
  return [...groups.values()];
}

function saveFinding(finding) {
  const target = results[results.length - 1].target;
  const dir = join(settings.out, target);
  mkdirSync(dir, { recursive: true });
  const hash = createHash('sha256').update(finding.input.bytes).digest('hex').slice(0, 12);
  const file = join(dir, `${finding.kind}-${hash}.bin`);
  writeFileSync(file, finding.input.bytes);
  writeFileSync(
    `${file}.txt`,
    `target: ${target}\nvariant: ${finding.input.variant || '-'}\nkind: ${finding.kind}\ninput: ${finding.index ?? '?'} (seed '${settings.seed}')\n${finding.signature}\n\n${finding.detail ?? ''}\n\nreplay: node fuzz/replay.mjs ${target} ${finding.input.variant || '-'} ${relative(root, file)}\n`,
  );
  return file;
}

function positiveInteger(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) fail(`${name}: '${raw}' is not a whole number`);
  return Number(raw);
}

function fail(message) {
  process.stderr.write(`fuzz: ${message}\n`);
  process.exit(2);
}
