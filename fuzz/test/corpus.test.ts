// Every reproducer in fuzz/corpus/corpus.json, replayed through its fuzz target in a child process
// (one per target), so that an input that aborts Node fails this test instead of ending the run:
// no untyped exception, no abort, a one-line message, and the outcome the corpus expects.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface CorpusEntry {
  target: string;
  variant: string;
  file: string;
  from: string;
  expect: string;
}
interface Outcome {
  file: string;
  kind: 'ok' | 'typed' | 'untyped' | 'message';
  code?: string;
  signature?: string;
}

const fuzz = fileURLToPath(new URL('..', import.meta.url));
const corpus = JSON.parse(readFileSync(`${fuzz}corpus/corpus.json`, 'utf8')) as { entries: CorpusEntry[] };
const targets = [...new Set(corpus.entries.map((entry) => entry.target))];

describe.each(targets)('fuzz corpus: %s', (target) => {
  const entries = corpus.entries.filter((entry) => entry.target === target);
  // The built packages, as the fuzzer uses them: `npm test` builds first.
  const run = spawnSync(
    process.execPath,
    [`${fuzz}replay.mjs`, target, ...entries.flatMap((entry) => [entry.variant, `${fuzz}corpus/${entry.file}`])],
    { encoding: 'utf8', timeout: 120_000 },
  );
  const outcomes = new Map(
    run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Outcome)
      .map((outcome) => [outcome.file.slice(`${fuzz}corpus/`.length), outcome]),
  );

  it('the replay process ends normally (no abort, no crash)', () => {
    expect({ signal: run.signal, status: run.status, stderr: run.stderr.slice(0, 2000) }).toEqual({
      signal: null,
      status: 0,
      stderr: '',
    });
  });

  it.each(entries.map((entry) => [entry.file, entry] as const))('%s', (_file, entry) => {
    const outcome = outcomes.get(entry.file);
    expect(outcome, `no outcome (${entry.from})`).toBeDefined();
    expect(outcome?.kind === 'typed' ? outcome.code : outcome?.kind, entry.from).toBe(entry.expect);
  });
});
