import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const vitestBin = join(root, 'node_modules/vitest/vitest.mjs');
const reporter = fileURLToPath(new URL('./plain-summary-reporter.ts', import.meta.url));

let project: string | undefined;
afterEach(async () => {
  if (project) await rm(project, { recursive: true, force: true });
  project = undefined;
});

/** Runs vitest with only our reporter on a throw-away project of `files`; returns its exit code and last line. */
async function runFixture(files: Record<string, string>): Promise<{ code: number; lastLine: string }> {
  project = await mkdtemp(join(tmpdir(), 'certwright-reporter-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(project, name), text);
  const args = [vitestBin, 'run', '--root', project, '--globals', `--reporter=${reporter}`];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: project, env: { ...process.env, CI: 'true' } }, (error, stdout) => {
      const lines = stdout.trimEnd().split('\n');
      resolve({ code: error ? Number(error.code) : 0, lastLine: lines.at(-1) ?? '' });
    });
  });
}

const PASSING = "test('adds', () => { expect(1 + 1).toBe(2); });\n";
// What the SSH rotation tests do on a machine without sshd: their beforeAll throws, their tests are skipped.
const NO_SSHD = [
  "describe('against a real sshd', () => {",
  "  beforeAll(() => { throw new Error('sshd not found: install openssh-server'); });",
  "  test('rotates', () => {});",
  "  test('rolls back', () => {});",
  '});',
  '',
].join('\n');

describe('the closing summary line', () => {
  test('a run where everything passes says so, with the file count', async () => {
    const { code, lastLine } = await runFixture({ 'a.test.js': PASSING, 'b.test.js': PASSING });
    expect(code).toBe(0);
    expect(lastLine).toBe('2 passed, 0 failed, 0 skipped; 0 of 2 test files failed');
  });

  test('a failing beforeAll (sshd missing) makes the line say FAILED and name the file, though no test failed', async () => {
    const { code, lastLine } = await runFixture({ 'passing.test.js': PASSING, 'ssh.test.js': NO_SSHD });
    expect(code).toBe(1);
    expect(lastLine).toBe(
      'FAILED: 1 passed, 0 failed, 2 skipped; 1 of 2 test files failed (ssh.test.js); 1 suite or hook failed outside any test',
    );
  });

  test('a file that throws while loading counts as a failed file', async () => {
    const { code, lastLine } = await runFixture({
      'passing.test.js': PASSING,
      'broken.test.js': "throw new Error('cannot even load');\n",
    });
    expect(code).toBe(1);
    expect(lastLine).toMatch(/^FAILED: 1 passed, 0 failed, 0 skipped; 1 of 2 test files failed \(broken\.test\.js\)/);
  });

  test('a failing test counts both as a failed test and a failed file', async () => {
    const { code, lastLine } = await runFixture({ 'red.test.js': "test('red', () => { expect(1).toBe(2); });\n" });
    expect(code).toBe(1);
    expect(lastLine).toBe('FAILED: 0 passed, 1 failed, 0 skipped; 1 of 1 test files failed (red.test.js)');
  });
});
