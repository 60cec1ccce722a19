// The README's tour, run as written: its ```sh blocks, in order, in a fresh folder beside links to
// examples/ and node_modules/ (as in a clone), with bash stopping at the first command that fails. Lines ending in
// "# needs an OVOC server" are left out, and the test lists them.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { repoRoot } from '../packaging/published-packages.js';

const NEEDS_OVOC = /#\s*needs an OVOC server\s*$/;

/** The commands of the README's "A short tour" section: continuation lines joined, one command a line. */
function tourCommands(readme: string): { run: string[]; skipped: string[] } {
  const start = readme.indexOf('## A short tour');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  const lines = blocks
    .join('\n')
    .replace(/\\\n\s*/g, '')
    .split('\n');
  const commands = lines.map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  return {
    run: commands.filter((line) => !NEEDS_OVOC.test(line)),
    skipped: commands.filter((line) => NEEDS_OVOC.test(line)),
  };
}

let base: string | undefined;
afterAll(async () => {
  if (base) await rm(base, { recursive: true, force: true });
});

test('the README tour runs as written, every command exiting 0', { timeout: 900_000 }, async () => {
  const { run, skipped } = tourCommands(await readFile(join(repoRoot, 'README.md'), 'utf8'));
  expect(run.length).toBeGreaterThan(30);
  // Said, not hidden: these need a real OVOC server and are not run here.
  expect(skipped.map((line) => line.replace(NEEDS_OVOC, '').trim())).toEqual([
    expect.stringMatching(/^npx certwright install .*--target \/home\/acems\/server_certs/),
    expect.stringMatching(/^npx certwright rotate --plan ha\.yaml --passphrase-file/),
    expect.stringMatching(/^npx certwright workflow run --config workflow\.yaml$/),
  ]);
  process.stderr.write(
    `README tour: ${run.length} commands run; skipped (need an OVOC server):\n  ${skipped.join('\n  ')}\n`,
  );

  // Inside the clone, as a reader would be: npx finds the workspace's commands, ../examples exists.
  await mkdir(join(repoRoot, '.vitest-temp'), { recursive: true });
  base = await mkdtemp(join(repoRoot, '.vitest-temp', 'tour-'));
  await symlink(join(repoRoot, 'examples'), join(base, 'examples'));
  await symlink(join(repoRoot, 'node_modules'), join(base, 'node_modules'));
  const script = join(base, 'tour.sh');
  await writeFile(script, `${run.join('\n')}\n`);

  const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn('bash', ['-e', '-x', script], {
      cwd: base,
      detached: true,
      env: { ...process.env, PS4: '+ tour: ', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // On exit, not close: a process the tour left running (a simulator whose npx wrapper was killed,
    // or everything after a failed step) would hold the pipes open. It goes with bash's group.
    child.on('exit', (code) => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // Nothing left.
      }
      resolve({ code, output });
    });
  });
  const traced = result.output.split('\n').filter((line) => line.startsWith('+ tour: '));
  expect(result.code, `the tour stopped at: ${traced.at(-1)}\n${result.output.slice(-4000)}`).toBe(0);
});
