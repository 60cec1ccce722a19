// Crash safety of `certwright rotate`: one pair of real OpenSSH servers on loopback serves every
// trial. Each trial gives both nodes a fresh target holding an old set, starts the built CLI (the
// node process itself, in its own process group) and SIGKILLs the group at a random moment — after
// a random delay, or at a random checkpoint through the test-only pause hook — then runs
// `rotate --resume` until it finishes. Right after the kill every target must hold the complete old
// or new set with the right modes, unless its swap journal is there (the next run finishes that
// swap); at the end it must hold exactly the new set, no temporary files, every backup the complete
// old set, and the node must serve the new certificate. Some trials make node 2's first reload
// fail, so rollbacks get killed too.
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createSecureContext } from 'node:tls';
import { makeServerSet, placeSet, planYaml, startSshPair } from '../../packages/cli/test/rotate-support/ssh-pair.mjs';
import { PAUSE_VARIABLE, PAUSED, runCli } from './support/cli-process.mjs';

const TRIALS = Number(process.env.RELIABILITY_TRIALS ?? 50);
const CONCURRENCY = 3;
/** Pause at the Nth checkpoint (see support/certwright-with-checkpoints.mjs). */
const PAUSE_ENV = PAUSE_VARIABLE;
const SET_NAMES = ['ca1.crt', 'root.crt', 'server.crt', 'server.key'];

const started = Date.now();
const work = await mkdtemp(join(tmpdir(), 'certwright-rotate-reliability-'));
const pair = await startSshPair(join(work, 'pair'));
const servers = [];
try {
  const oldSet = await makeServerSet(join(work, 'old'), 'old.reliability.test');
  const newSet = await makeServerSet(join(work, 'new'), 'new.reliability.test');
  const oldFiles = new Map();
  const newFiles = new Map();
  for (const name of SET_NAMES) {
    oldFiles.set(name, await readFile(join(oldSet.dir, name)));
    newFiles.set(name, await readFile(join(newSet.dir, name)));
  }

  // Calibration: how many checkpoints and how long a whole run with a failing reload takes.
  const calibration = await prepareTrial('calibration', { failReload: true });
  const calibrationStart = Date.now();
  const full = await runCli(['rotate', '--plan', calibration.plan], { env: { [PAUSE_ENV]: '999999' } });
  const fullMs = Date.now() - calibrationStart;
  const checkpoints = Number(/certwright-test: (\d+) checkpoints/.exec(full.stderr)?.[1]);
  if (!(checkpoints > 10)) throw new Error(`calibration run found no checkpoints: ${full.stderr}`);

  const outcomes = { killedAtCheckpoint: 0, killedAfterDelay: 0, finishedFirst: 0, caughtMidSwap: 0, resumes: 0 };
  const failures = [];
  let next = 0;
  const worker = async () => {
    while (next < TRIALS) {
      const index = next++;
      try {
        await trial(index);
      } catch (error) {
        failures.push(`trial ${index}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  process.stdout.write(
    `rotate reliability: ${TRIALS} trials, ${TRIALS - failures.length} ok; killed at a checkpoint ${outcomes.killedAtCheckpoint}, ` +
      `after a random delay ${outcomes.killedAfterDelay}, finished before the kill ${outcomes.finishedFirst}; ` +
      `${outcomes.caughtMidSwap} targets caught mid-swap; ${outcomes.resumes} resume runs; ${checkpoints} checkpoints per run; ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
  for (const failure of failures) process.stdout.write(`  FAILED ${failure}\n`);
  process.exitCode = failures.length === 0 ? 0 : 1;

  async function trial(index) {
    const failReload = index % 5 === 4;
    const setup = await prepareTrial(`trial-${index}`, { failReload });
    const byCheckpoint = index % 3 !== 2;
    const env = byCheckpoint ? { [PAUSE_ENV]: String(1 + Math.floor(Math.random() * checkpoints)) } : {};
    const first = await runCli(['rotate', '--plan', setup.plan], {
      env,
      ...(byCheckpoint ? { killWhenStderrIncludes: PAUSED } : { killAfterMs: Math.random() * fullMs }),
    });
    if (first.killed) outcomes[byCheckpoint ? 'killedAtCheckpoint' : 'killedAfterDelay']++;
    else outcomes.finishedFirst++;
    // Right after the kill, a target holds the old or the new set, unless its swap journal says a swap is under way.
    for (const node of setup.nodes) {
      const holds = await describeTarget(node.target, { allowStrays: true });
      if (holds === 'swapping') outcomes.caughtMidSwap++;
      else if (holds !== 'old' && holds !== 'new') throw new Error(`${node.target}: after the kill it holds ${holds}`);
    }
    // Finish the job: --resume while a journal is left (a one-shot reload failure may need a
    // second one), a plain run when the kill came before the first step wrote a journal.
    let last = first;
    for (let attempt = 0; existsSync(`${setup.plan}.journal`) || !(await holdNewSets(setup)); attempt++) {
      if (attempt === 4) throw new Error(`unfinished after 4 reruns: ${last.stderr.slice(-400)}`);
      const resume = existsSync(`${setup.plan}.journal`);
      if (resume) outcomes.resumes++;
      last = await runCli(['rotate', '--plan', setup.plan, ...(resume ? ['--resume'] : [])]);
    }
    if (last !== first && last.code !== 0)
      throw new Error(`the last rerun exited ${last.code}: ${last.stderr.slice(-400)}`);
    for (const node of setup.nodes) {
      const holds = await describeTarget(node.target);
      if (holds !== 'new') throw new Error(`${node.target}: after the reruns it holds ${holds}`);
      await expectOldBackups(node.target);
      const served = await servedFingerprint(node.httpsPort);
      if (served !== setup.newFingerprint) throw new Error(`${node.target}: serves ${served}, not the new set`);
    }
    await rm(setup.dir, { recursive: true, force: true });
  }

  /** A trial's own targets and HTTPS servers on the shared SSH pair; node 2's reload may fail once. */
  async function prepareTrial(name, { failReload }) {
    const dir = join(work, name);
    const nodes = [];
    for (const node of pair.nodes) {
      const target = join(dir, node.name, 'server_certs');
      await placeSet(oldSet, target);
      const httpsPort = await serveTarget(target);
      const marker = join(dir, node.name, 'fail-next-reload');
      // The HTTPS server reads the target on every handshake, so the reload only has to succeed.
      const reload = `if [ -e '${marker}' ]; then rm -f '${marker}'; echo 'reload refused' >&2; exit 3; fi`;
      nodes.push({ ...node, target, httpsPort, reload });
    }
    if (failReload) await writeFile(join(dir, 'node2', 'fail-next-reload'), '');
    const plan = join(dir, 'ha.yaml');
    await writeFile(plan, planYaml({ ...pair, nodes }, newSet, { probeTimeout: 30 }));
    const newFingerprint = fingerprintOf(newFiles.get('server.crt'));
    return { dir, plan, nodes, newFingerprint };
  }

  async function holdNewSets(setup) {
    for (const node of setup.nodes) {
      if ((await describeTarget(node.target)) !== 'new') return false;
    }
    return true;
  }

  /**
   * What a target holds: 'old' or 'new' (exactly that set, right modes, no temporary files),
   * 'swapping' (an install journal is there: the next run finishes the swap), or what is wrong.
   */
  async function describeTarget(target, { allowStrays = false } = {}) {
    const all = (await readdir(target)).sort();
    if (all.includes('.certwright-install.journal')) return 'swapping';
    // Files staged before the swap's journal existed: the next run removes them.
    const names = allowStrays ? all.filter((name) => !name.startsWith('.certwright-install.')) : all;
    if (names.join() !== SET_NAMES.join()) return `holding ${names.join(', ')}`;
    const matches = { old: true, new: true };
    for (const name of SET_NAMES) {
      const data = await readFile(join(target, name));
      if (!data.equals(oldFiles.get(name))) matches.old = false;
      if (!data.equals(newFiles.get(name))) matches.new = false;
      const mode = (await stat(join(target, name))).mode & 0o777;
      if (mode !== (name === 'server.key' ? 0o600 : 0o644)) return `${name} with mode ${mode.toString(8)}`;
    }
    return matches.new ? 'new' : matches.old ? 'old' : 'a mix of the old and new sets';
  }

  /** Every backup the swaps made holds the complete old set. */
  async function expectOldBackups(target) {
    for (const backup of await readdir(`${target}.backups`).catch(() => [])) {
      const dir = join(`${target}.backups`, backup);
      if ((await readdir(dir)).sort().join() !== SET_NAMES.join()) throw new Error(`${dir} is not a complete backup`);
      for (const name of SET_NAMES) {
        if (!(await readFile(join(dir, name))).equals(oldFiles.get(name)))
          throw new Error(`${dir}/${name} is not the old file`);
      }
    }
  }
} finally {
  for (const server of servers) server.close();
  await pair.stop();
  await rm(work, { recursive: true, force: true });
}

/** An HTTPS server (in this process) that serves whatever the target holds at each handshake. */
async function serveTarget(target) {
  const server = createServer({
    SNICallback: (_name, done) => {
      Promise.all(['server.key', 'server.crt', 'ca1.crt'].map((name) => readFile(join(target, name), 'utf8')))
        .then(([key, cert, ca1]) => done(null, createSecureContext({ key, cert: cert + ca1 })))
        .catch((error) => done(error));
    },
  });
  servers.push(server);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server.address().port;
}

function servedFingerprint(port) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', rejectUnauthorized: false });
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      resolve(socket.getPeerX509Certificate()?.fingerprint256);
      socket.destroy();
    });
  });
}

function fingerprintOf(pem) {
  return new X509Certificate(pem).fingerprint256;
}
