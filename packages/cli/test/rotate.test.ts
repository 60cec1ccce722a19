import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { access, lstat, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';
import {
  makeServerSet,
  placeSet,
  planYaml,
  reloadLocally,
  startSshPair,
  type TestNode,
  type TestPair,
  type TestSet,
} from './rotate-support/ssh-pair.mjs';

/** The built CLI with crash points, which the shipped executable does not have. */
const binWithCheckpoints = fileURLToPath(
  new URL('../../../scripts/reliability/support/certwright-with-checkpoints.mjs', import.meta.url),
);

/**
 * `certwright rotate` against two real OpenSSH servers on loopback, each node with an HTTPS
 * server that its reload command restarts on whatever its target directory holds.
 */
// Each case runs the CLI up to three times against real servers on a shared, busy machine: the
// limit is against hangs only.
describe('certwright rotate over SSH', { timeout: 240_000 }, () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let pair: TestPair;
  let oldSet: TestSet;
  let newSet: TestSet;
  let plan: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    pair = await startSshPair(join(dir, 'pair'));
    oldSet = await makeServerSet(join(dir, 'old'), 'old.ovoc.test');
    newSet = await makeServerSet(join(dir, 'new'), 'new.ovoc.test');
    plan = join(dir, 'ha.yaml');
  });
  afterAll(async () => {
    await pair?.stop();
    await cleanup();
  });

  // Every test starts from both nodes holding and serving the old set, and no journal.
  beforeEach(async () => {
    for (const node of pair.nodes) {
      await rm(node.target, { recursive: true, force: true });
      await rm(`${node.target}.backups`, { recursive: true, force: true });
      await rm(join(node.nodeDir, 'fail-next-reload'), { force: true });
      await placeSet(oldSet, node.target);
      // Restart the node's HTTPS server only when it does not already serve the old set.
      if ((await served(node).catch(() => 'none')) !== fingerprint(oldSet.serverPem)) await reloadLocally(node);
    }
    await rm(`${plan}.journal`, { force: true });
  });

  const writePlan = (options: Parameters<typeof planYaml>[2] = {}) => writeFile(plan, planYaml(pair, newSet, options));
  const rotate = (...extra: string[]) => cli(dir, ['rotate', '--plan', plan, ...extra]);

  it('rotates both nodes: before, swap, reload, probe, after; every node serves the new certificate', async () => {
    await writePlan({
      before: [{ node: 'node1', run: `echo out-of-ha > ${join(dir, 'before-ran')}` }],
      after: [{ node: 'node2', run: `echo ha-again > ${join(dir, 'after-ran')}` }],
    });
    const result = await rotate('--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: true, complete: true, journal: null });
    expect(report.nodes.map((node: { state: string }) => node.state)).toEqual(['new', 'new']);
    expect(report.commands.map((command: { status: string }) => command.status)).toEqual(['done', 'done']);
    expect(report.manualSteps.join(' ')).toMatch(/Set Mutual Authentication/);
    for (const node of pair.nodes) {
      await expectTargetHolds(node, newSet);
      expect(await served(node)).toBe(fingerprint(newSet.serverPem));
      // The previous set is kept in a timestamped backup beside the target.
      const [backup] = await readdir(`${node.target}.backups`);
      expect(await readFile(join(`${node.target}.backups`, backup as string, 'server.crt'), 'utf8')).toBe(
        oldSet.serverPem,
      );
    }
    expect(await readFile(join(dir, 'before-ran'), 'utf8')).toBe('out-of-ha\n');
    expect(await readFile(join(dir, 'after-ran'), 'utf8')).toBe('ha-again\n');
    await expect(access(`${plan}.journal`)).rejects.toThrow();
  });

  it('a reload failure on node 2 rolls node 2 back, stops before after, and says node 1 is rotated', async () => {
    await writePlan({ after: [{ node: 'node1', run: `touch ${join(dir, 'after-ran-2')}` }] });
    await writeFile(join(pair.nodes[1]?.nodeDir as string, 'fail-next-reload'), '');
    const result = await rotate('--json');
    expect(result.code).toBe(5);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    expect(report.nodes[0]).toMatchObject({ name: 'node1', state: 'new' });
    expect(report.nodes[1]).toMatchObject({ name: 'node2', state: 'rolled-back', phase: 'rolled-back' });
    expect(report.nodes[1].detail).toMatch(/exited with 3/);
    expect(report.nodes[1].detail).toMatch(/serves its previous certificate again/);
    expect(report.commands[0]).toMatchObject({ list: 'after', status: 'not run' });
    expect(report.pairState).toMatch(/node1: NEW set, served; node2: previous set \(rolled back\)/);
    await expectTargetHolds(pair.nodes[0] as TestNode, newSet);
    await expectTargetHolds(pair.nodes[1] as TestNode, oldSet);
    expect(await served(pair.nodes[0] as TestNode)).toBe(fingerprint(newSet.serverPem));
    expect(await served(pair.nodes[1] as TestNode)).toBe(fingerprint(oldSet.serverPem));
    await expect(access(join(dir, 'after-ran-2'))).rejects.toThrow();

    // Without --resume a new run refuses to start over the unfinished journal.
    const refused = await rotate();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/did not finish; run again with --resume/);

    // The cause is gone (the failure was one-shot): --resume skips node 1 and finishes.
    const resumed = await rotate('--resume');
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/node1: already rotated/);
    await expectTargetHolds(pair.nodes[1] as TestNode, newSet);
    expect(await served(pair.nodes[1] as TestNode)).toBe(fingerprint(newSet.serverPem));
    await access(join(dir, 'after-ran-2'));
  });

  it('a probe that still sees the old certificate rolls the node back (reload that does not restart)', async () => {
    await writePlan({ reload: (_node, index) => (index === 0 ? 'true' : undefined), probeTimeout: 2 });
    const result = await rotate('--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.nodes.map((node: { state: string }) => node.state)).toEqual(['rolled-back', 'previous']);
    expect(report.nodes[0].detail).toMatch(/serves CN=old\.ovoc\.test .* not the new server\.crt/);
    for (const node of pair.nodes) await expectTargetHolds(node, oldSet);
  });

  it('refuses a host key that differs from known_hosts, and one it does not know, changing nothing', async () => {
    const wrong = join(dir, 'wrong_known_hosts');
    const [first, second] = pair.nodes as [TestNode, TestNode];
    // Each node's entry carries the other node's key: what a man in the middle would present.
    await writeFile(
      wrong,
      `[127.0.0.1]:${first.sshPort} ${second.hostKeyPublic}\n[127.0.0.1]:${second.sshPort} ${first.hostKeyPublic}\n`,
    );
    await writePlan({ knownHosts: wrong, before: [{ node: 'node1', run: `touch ${join(dir, 'never')}` }] });
    const mismatch = await rotate('--json');
    expect(mismatch.code).toBe(4);
    expect(JSON.parse(mismatch.stdout).error).toMatchObject({ code: 'ERR_SSH_HOST_KEY_MISMATCH' });
    expect(mismatch.stderr).toMatch(/man-in-the-middle/);

    await writeFile(wrong, '');
    const unknown = await rotate('--json');
    expect(unknown.code).toBe(4);
    expect(JSON.parse(unknown.stdout).error).toMatchObject({ code: 'ERR_SSH_HOST_KEY_UNKNOWN' });

    await expect(access(join(dir, 'never'))).rejects.toThrow();
    for (const node of pair.nodes) await expectTargetHolds(node, oldSet);
    // Nothing started, so no journal is left to block the next run.
    await expect(access(`${plan}.journal`)).rejects.toThrow();
  });

  it('a failing before command stops the run before any node changes (exit 1)', async () => {
    await writePlan({ before: [{ node: 'node2', run: 'echo not-leaving-ha; exit 9' }] });
    const result = await rotate('--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.error).toMatchObject({ code: 'ERR_ROTATE_COMMAND_FAILED' });
    expect(report.error.message).toMatch(/before\[0\] on node2 exited with 9: not-leaving-ha/);
    expect(report.commands[0]).toMatchObject({ status: 'failed' });
    expect(report.nodes.map((node: { state: string }) => node.state)).toEqual(['previous', 'previous']);
    for (const node of pair.nodes) await expectTargetHolds(node, oldSet);
  });

  it('--insecure-skip-host-key-check connects anyway, with a warning', async () => {
    await writePlan({ knownHosts: join(dir, 'no-such-known-hosts') });
    const result = await rotate('--insecure-skip-host-key-check');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: SSH host keys are NOT checked/);
    for (const node of pair.nodes) await expectTargetHolds(node, newSet);
  });

  it('resumes after the process group was killed in the middle of node 1’s swap', async () => {
    await writePlan();
    // Pause (test-only hook) after node 1's swap has renamed its first file in, then SIGKILL.
    const killed = await runUntilPaused(['rotate', '--plan', plan], 'node1: switch');
    expect(killed.paused).toBe(true);
    const node1 = pair.nodes[0] as TestNode;
    expect(await readdir(node1.target)).toContain('.certwright-install.journal');

    const refused = await rotate();
    expect(refused.code).toBe(2);
    const resumed = await rotate('--resume', '--json');
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/node1: finished an interrupted install swap/);
    for (const node of pair.nodes) {
      await expectTargetHolds(node, newSet);
      expect(await served(node)).toBe(fingerprint(newSet.serverPem));
    }
  });

  it('resumes a rollback that a kill interrupted, then retries the node', async () => {
    await writePlan();
    const node2 = pair.nodes[1] as TestNode;
    await writeFile(join(node2.nodeDir, 'fail-next-reload'), '');
    const killed = await runUntilPaused(['rotate', '--plan', plan], 'node2: rollback switch');
    expect(killed.paused).toBe(true);
    expect(await readdir(node2.target)).toContain('.certwright-install.journal');

    // The resumed run finishes the rollback, reloads the previous set and stops there.
    const finishing = await rotate('--resume', '--json');
    expect(finishing.code).toBe(5);
    const report = JSON.parse(finishing.stdout);
    expect(report.nodes[1]).toMatchObject({ state: 'rolled-back', failureCode: 'ERR_ROTATE_RELOAD_FAILED' });
    await expectTargetHolds(node2, oldSet);
    expect(await served(node2)).toBe(fingerprint(oldSet.serverPem));

    // The reload works now: the next --resume rotates node 2.
    expect((await rotate('--resume')).code).toBe(0);
    for (const node of pair.nodes) await expectTargetHolds(node, newSet);
  });

  it('--dry-run prints every action and touches nothing', async () => {
    await writePlan({ before: [{ node: 'node1', run: 'ha-stop' }] });
    const result = await rotate('--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/DRY RUN/);
    expect(result.stdout).toMatch(/1\. before\[0\] node1\n.*ha-stop/);
    expect(result.stdout).toMatch(
      /host key checked against .*known_hosts \(1 key\(s\) listed for \[127\.0\.0\.1\]:\d+\)/,
    );
    expect(result.stdout).toMatch(
      /swap into .*node2\/server_certs: root\.crt, ca1\.crt, server\.crt \(0644\), server\.key \(0600\)/,
    );
    expect(result.stdout).toMatch(/probe 127\.0\.0\.1:\d+ \(SNI localhost\) until it serves CN=new\.ovoc\.test/);
    for (const node of pair.nodes) await expectTargetHolds(node, oldSet);
    await expect(access(`${plan}.journal`)).rejects.toThrow();
  });

  it('refuses a set whose key does not match before connecting anywhere (exit 1)', async () => {
    const mismatched = join(dir, 'mismatched');
    await makeServerSet(mismatched, 'mismatch.ovoc.test');
    await writeFile(join(mismatched, 'server.key'), await readFile(oldSet.key), { mode: 0o600 });
    await writeFile(plan, planYaml(pair, { dir: mismatched, key: join(mismatched, 'server.key') }));
    const result = await rotate();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/does not match server\.crt/);
    expect(result.stderr).not.toMatch(/connecting/);
    for (const node of pair.nodes) await expectTargetHolds(node, oldSet);
  });

  /** The target holds exactly the set's files with the install modes, and no temporary files. */
  async function expectTargetHolds(node: TestNode, set: TestSet): Promise<void> {
    expect((await readdir(node.target)).sort()).toEqual(['ca1.crt', 'root.crt', 'server.crt', 'server.key']);
    for (const name of ['root.crt', 'ca1.crt', 'server.crt', 'server.key']) {
      expect(await readFile(join(node.target, name), 'utf8')).toBe(await readFile(join(set.dir, name), 'utf8'));
      expect((await lstat(join(node.target, name))).mode & 0o777).toBe(name === 'server.key' ? 0o600 : 0o644);
    }
  }

  /** The CLI as a user runs it, killed (SIGKILL to its process group) once it pauses at a checkpoint whose label contains `at`. */
  function runUntilPaused(argv: string[], at: string): Promise<{ paused: boolean; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [binWithCheckpoints, ...argv], {
        cwd: dir,
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, CERTWRIGHT_TEST_PAUSE_AT: at },
      });
      let stderr = '';
      let paused = false;
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (!paused && stderr.includes('certwright-test: paused at')) {
          paused = true;
          process.kill(-(child.pid as number), 'SIGKILL');
        }
      });
      child.on('error', reject);
      child.on('exit', () => resolve({ paused, stderr }));
    });
  }
});

/** The SHA-256 fingerprint of a PEM certificate, as Node prints it. */
function fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

/** What the node's HTTPS port serves on a fresh connection. */
function served(node: TestNode): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: '127.0.0.1',
      port: node.httpsPort,
      servername: 'localhost',
      rejectUnauthorized: false,
    });
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerX509Certificate();
      socket.destroy();
      resolve(certificate?.fingerprint256 ?? 'none');
    });
  });
}
