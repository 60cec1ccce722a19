// Crash safety of `certwright install`: each trial starts the built CLI (the node process itself,
// in its own process group) on a target holding an old set, SIGKILLs the group at a random
// moment — after a random delay, or at a random step through the test-only pause hook — then
// reruns install or --resume (a quarter of those reruns are killed too, then rerun again) and
// checks the target holds exactly the complete old or new set with the right modes, no temporary
// files and no journal, and that every backup is complete.
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, PAUSE_VARIABLE, PAUSED, runCli } from './support/cli-process.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TRIALS = Number(process.env.RELIABILITY_TRIALS ?? 50);
const CONCURRENCY = 4;
const AT = '2030-06-01T00:00:00Z';
/** Pause forever at this step of the swap (each step is a checkpoint: support/certwright-with-checkpoints.mjs). */
const PAUSE_ENV = PAUSE_VARIABLE;
const INSTALL_PAUSED = PAUSED;
/** An install with a failed reload and its rollback take about this many steps. */
const MAX_STEPS = 34;

const OLD = setSpec('rsa-one-intermediate', 'test-rsa-2048.key');
const NEW = setSpec('ec-p256-two-intermediates', 'test-ec-p256.key');

function setSpec(chain, key) {
  const dir = join(root, 'test-vectors/chains', chain);
  const names = ['root.crt', 'ca1.crt', 'ca2.crt', 'server.crt'].filter((name) => existsSync(join(dir, name)));
  return { dir, key: join(root, 'test-vectors/keys', key), names: [...names, 'server.key'].sort() };
}

async function contents(spec) {
  const files = new Map();
  for (const name of spec.names)
    files.set(name, await readFile(name === 'server.key' ? spec.key : join(spec.dir, name)));
  return files;
}

const modeOf = (name) => (name === 'server.key' ? 0o600 : 0o644);

async function writeOldSet(target) {
  await mkdir(target, { recursive: true });
  for (const name of OLD.names) {
    await copyFile(name === 'server.key' ? OLD.key : join(OLD.dir, name), join(target, name));
    await chmod(join(target, name), modeOf(name));
  }
}

/** Which complete set `dir` holds ('old' or 'new'), or throws saying what is wrong. */
async function whichSet(dir, sets, what) {
  const names = (await readdir(dir)).sort();
  for (const [label, files] of sets) {
    if (names.join() !== [...files.keys()].sort().join()) continue;
    for (const [name, data] of files) {
      const path = join(dir, name);
      if (!(await readFile(path)).equals(data)) throw new Error(`${what}: ${name} is neither wholly old nor new`);
      const mode = (await stat(path)).mode & 0o777;
      if (mode !== modeOf(name)) throw new Error(`${what}: ${name} has mode ${mode.toString(8)}`);
    }
    return label;
  }
  throw new Error(`${what} holds [${names.join(', ')}]: not a complete old or new set`);
}

async function trial(index, sets) {
  const base = await mkdtemp(join(tmpdir(), 'certwright-reliability-install-'));
  const target = join(base, 'server_certs');
  const failReload = Math.random() < 0.35;
  const byStep = Math.random() < 0.6;
  const kill = byStep ? { killWhenStderrIncludes: INSTALL_PAUSED } : { killAfterMs: Math.floor(Math.random() * 700) };
  const step = 1 + Math.floor(Math.random() * MAX_STEPS);
  const rerun = Math.random() < 0.5 ? 'resume' : 'install';
  // Sometimes the recovering run is killed too, at a random step of its own.
  const secondKillStep = Math.random() < 0.25 ? 1 + Math.floor(Math.random() * 12) : undefined;
  const plan = `trial ${index}: ${byStep ? `pause at step ${step}` : `kill after ${kill.killAfterMs} ms`}, reload ${failReload ? 'fails' : 'succeeds'}, rerun ${rerun}${secondKillStep ? ` killed at its step ${secondKillStep} then rerun again` : ''}`;
  try {
    await writeOldSet(target);
    const install = ['install', '--dir', NEW.dir, '--key', NEW.key, '--target', target, '--at', AT];
    const reloadCmd = failReload ? 'echo reload refused >&2; exit 1' : 'true';
    const first = await runCli([...install, '--reload-cmd', reloadCmd], {
      env: byStep ? { [PAUSE_ENV]: String(step) } : {},
      ...kill,
    });
    const rerunArgs =
      rerun === 'resume'
        ? ['install', '--target', target, '--resume', '--reload-cmd', 'true']
        : [...install, '--reload-cmd', 'true'];
    if (secondKillStep !== undefined)
      await runCli(rerunArgs, { env: { [PAUSE_ENV]: String(secondKillStep) }, killWhenStderrIncludes: INSTALL_PAUSED });
    const second = await runCli(rerunArgs);
    if (second.code !== 0) throw new Error(`the rerun exited ${second.code}: ${second.stderr.trim()}`);
    const final = await whichSet(target, sets, 'target');
    if (rerun === 'install' && final !== 'new') throw new Error('a completed rerun of install left the old set');
    const backups = join(base, 'server_certs.backups');
    for (const name of existsSync(backups) ? await readdir(backups) : [])
      await whichSet(join(backups, name), sets, `backup ${name}`);
    return { killed: first.killed, final };
  } catch (error) {
    throw new Error(`${plan}: ${error.message}`);
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

if (!existsSync(cli)) {
  process.stderr.write(`${cli} is missing: run npm run build first\n`);
  process.exit(1);
}
const started = Date.now();
const sets = new Map([
  ['old', await contents(OLD)],
  ['new', await contents(NEW)],
]);
const outcomes = { killed: 0, finishedFirst: 0, old: 0, new: 0 };
const failures = [];
let next = 0;
async function worker() {
  while (next < TRIALS) {
    const index = next++;
    try {
      const result = await trial(index, sets);
      outcomes[result.killed ? 'killed' : 'finishedFirst']++;
      outcomes[result.final]++;
    } catch (error) {
      failures.push(error.message);
    }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const seconds = ((Date.now() - started) / 1000).toFixed(1);
for (const failure of failures) process.stderr.write(`FAIL ${failure}\n`);
process.stdout.write(
  `install crash safety: ${TRIALS} trials, ${outcomes.killed} killed mid-run, ${outcomes.finishedFirst} finished before the kill; final sets: ${outcomes.old} old, ${outcomes.new} new; ${failures.length} failed (${seconds} s)\n`,
);
process.exit(failures.length === 0 ? 0 : 1);
