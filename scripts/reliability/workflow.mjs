// Crash safety of `certwright workflow run`: each trial starts the built CLI (the node process
// itself, detached in its own process group) on a fresh directory, SIGKILLs the group at a random
// moment of the run, checks the state file is still readable, then reruns the workflow and checks
// that it finishes and that the state file and the files agree: every step done, each recorded
// hash matching the file on disk, the installed set complete with the right modes, no temp files,
// and the killed run's lock taken over and released.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'packages/cli/bin/certwright.js');
const TRIALS = Number(process.env.RELIABILITY_TRIALS ?? 50);
// Much of a run is spent waiting for fsync, not on the CPU.
const CONCURRENCY = 6;

// EC keys without encryption and one intermediate keep a trial short; the crash points are the same.
const CONFIG = `
key: { type: ec, encrypt: false }
csr:
  subject: { cn: ovoc.reliability.example, o: Reliability, c: US }
  sans: ["dns:ovoc.reliability.example", "ip:192.0.2.20"]
ca: { lab: { dir: lab-ca, intermediates: 1, encrypt: false } }
install: { target: installed, backup_dir: backups, reload: "true" }
verify: { host: ovoc.reliability.example }
`;
const INSTALLED = ['ca1.crt', 'root.crt', 'server.crt', 'server.key'];
const DONE = ['1', '2', '3', '4', '5', '6'];

function runWorkflow(cwd, killAfterMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'workflow', 'run', '--config', 'workflow.yaml', '--json'], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer =
      killAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            if (child.exitCode !== null) return;
            killed = true;
            try {
              process.kill(-child.pid, 'SIGKILL');
            } catch {}
          }, killAfterMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, killed: killed && signal === 'SIGKILL', stdout, stderr });
    });
  });
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** Every temp file of an atomic write, anywhere under dir. */
async function tempFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && /^\..+\.tmp$/.test(entry.name)).map((entry) => entry.name);
}

async function checkConsistent(dir) {
  const state = JSON.parse(await readFile(join(dir, 'workflow.state.json'), 'utf8'));
  const done = Object.entries(state.steps)
    .filter(([, record]) => record.status === 'done')
    .map(([id]) => id);
  if (done.join() !== DONE.join()) throw new Error(`state: steps done [${done}], expected [${DONE}]`);
  for (const [id, record] of Object.entries(state.steps)) {
    for (const [path, hash] of Object.entries({ ...record.inputs, ...record.outputs })) {
      const actual = existsSync(join(dir, path)) ? sha256(await readFile(join(dir, path))) : 'missing';
      if (actual !== hash)
        throw new Error(`state: step ${id} recorded ${path} as ${hash.slice(0, 12)}, disk has ${actual.slice(0, 12)}`);
    }
  }
  const installed = (await readdir(join(dir, 'installed'))).sort();
  if (installed.join() !== INSTALLED.join()) throw new Error(`installed/ holds [${installed}]`);
  for (const name of INSTALLED) {
    const mode = (await stat(join(dir, 'installed', name))).mode & 0o777;
    if (mode !== (name === 'server.key' ? 0o600 : 0o644))
      throw new Error(`installed/${name} has mode ${mode.toString(8)}`);
  }
  for (const [a, b] of [
    ['installed/server.crt', 'server_certs/server.crt'],
    ['installed/server.key', 'server.key'],
    ['server_certs/server.crt', 'server.crt'],
  ]) {
    if (!(await readFile(join(dir, a))).equals(await readFile(join(dir, b)))) throw new Error(`${a} differs from ${b}`);
  }
  if (((await stat(join(dir, 'server.key'))).mode & 0o777) !== 0o600) throw new Error('server.key is not 0600');
  if (existsSync(join(dir, 'workflow.state.json.lock'))) throw new Error('the lock file was left behind');
  const temps = await tempFiles(dir);
  if (temps.length > 0) throw new Error(`temp files left: ${temps.join(', ')}`);
}

async function trial(index, fullRunMs) {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-reliability-workflow-'));
  const killAfterMs = Math.floor(Math.random() * fullRunMs);
  const plan = `trial ${index}: kill after ${killAfterMs} ms`;
  try {
    await writeFile(join(dir, 'workflow.yaml'), CONFIG);
    const first = await runWorkflow(dir, killAfterMs);
    if (!first.killed && first.code !== 0)
      throw new Error(`the first run exited ${first.code}: ${first.stderr.trim()}`);
    // Atomic state writes: whatever moment the kill came, the state file is absent or whole.
    if (existsSync(join(dir, 'workflow.state.json')))
      JSON.parse(await readFile(join(dir, 'workflow.state.json'), 'utf8'));
    const second = await runWorkflow(dir);
    if (second.code !== 0)
      throw new Error(`the rerun exited ${second.code}: ${second.stderr.trim().split('\n').pop()}`);
    const summary = JSON.parse(second.stdout);
    if (summary.status !== 'finished') throw new Error(`the rerun ended ${summary.status}`);
    await checkConsistent(dir);
    return { killed: first.killed };
  } catch (error) {
    throw new Error(`${plan}: ${error.message} (kept ${dir})`);
  } finally {
    if (process.env.RELIABILITY_KEEP !== '1') await rm(dir, { recursive: true, force: true });
  }
}

if (!existsSync(cli)) {
  process.stderr.write(`${cli} is missing: run npm run build first\n`);
  process.exit(1);
}
const started = Date.now();
// One uninterrupted run sets the window the kills are spread over (under the same load as the trials).
const probe = await mkdtemp(join(tmpdir(), 'certwright-reliability-workflow-'));
await writeFile(join(probe, 'workflow.yaml'), CONFIG);
const probeStart = Date.now();
const probeRun = await runWorkflow(probe);
const fullRunMs = Date.now() - probeStart;
if (probeRun.code !== 0) {
  process.stderr.write(`workflow: the uninterrupted run failed: ${probeRun.stderr}\n`);
  process.exit(1);
}
await checkConsistent(probe);
await rm(probe, { recursive: true, force: true });

const failures = [];
let killed = 0;
let next = 0;
async function worker() {
  while (next < TRIALS) {
    const index = next++;
    try {
      if ((await trial(index, fullRunMs * 1.5)).killed) killed++;
    } catch (error) {
      failures.push(error.message);
    }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const seconds = ((Date.now() - started) / 1000).toFixed(1);
process.stdout.write(
  `workflow: ${TRIALS} trials (${killed} killed mid-run, ${TRIALS - killed} finished first), ${failures.length} failed, ${seconds} s\n`,
);
for (const failure of failures) process.stderr.write(`  ${failure}\n`);
process.exit(failures.length === 0 ? 0 : 1);
