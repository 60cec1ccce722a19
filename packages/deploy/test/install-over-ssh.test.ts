import { readFile, stat, writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeServerSet,
  placeSet,
  reloadLocally,
  startSshPair,
  type TestNode,
  type TestPair,
  type TestSet,
} from '../../cli/test/rotate-support/ssh-pair.mjs';
import { installOverSsh } from '../src/index.js';

/** installOverSsh against a real OpenSSH server on loopback whose reload restarts an HTTPS server on the target. */
describe('installOverSsh', { timeout: 240_000 }, () => {
  let dir: string;
  let pair: TestPair;
  let node: TestNode;
  let oldSet: TestSet;
  let newSet: TestSet;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certwright-deploy-ssh-'));
    pair = await startSshPair(join(dir, 'pair'), 1);
    node = pair.nodes[0] as TestNode;
    oldSet = await makeServerSet(join(dir, 'old'), 'old.ovoc.test');
    newSet = await makeServerSet(join(dir, 'new'), 'new.ovoc.test');
    await placeSet(oldSet, node.target);
    await reloadLocally(node);
    await writeFile(join(dir, 'known_hosts'), `[127.0.0.1]:${node.sshPort} ${node.hostKeyPublic}\n`);
  });
  afterAll(async () => {
    await pair?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const options = (reload: string) => ({
    cwd: dir,
    host: '127.0.0.1',
    port: node.sshPort,
    user: pair.user,
    identityFile: pair.clientKey,
    knownHosts: 'known_hosts',
    dir: newSet.dir,
    key: newSet.key,
    target: node.target,
    reload: { command: reload, timeoutSeconds: 60 },
    probe: { port: node.httpsPort, timeoutSeconds: 60 },
  });

  it('puts the previous set back when the reload fails', async () => {
    await expect(installOverSsh(options('exit 3'))).rejects.toMatchObject({ code: 'ERR_INSTALL_RELOAD_FAILED' });
    expect(await readFile(join(node.target, 'server.crt'), 'utf8')).toBe(oldSet.serverPem);
  });

  it('swaps the set in over SFTP, reloads over SSH, and the server then serves the new certificate', async () => {
    const result = await installOverSsh(options(node.reload));
    expect(result.installed).toContain('server.crt');
    expect(result.reloaded).toBe(true);
    expect(result.backupDir).not.toBeNull();
    expect(result.probe).toMatchObject({ matched: true });
    expect(await readFile(join(node.target, 'server.crt'), 'utf8')).toBe(newSet.serverPem);
    expect((await readFile(join(node.target, 'server.key'))).equals(await readFile(newSet.key))).toBe(true);
    expect((await stat(join(node.target, 'server.key'))).mode & 0o777).toBe(0o600);
  });

  it('refuses a server whose host key known_hosts does not list', async () => {
    await writeFile(join(dir, 'other_known_hosts'), '');
    await expect(installOverSsh({ ...options(node.reload), knownHosts: 'other_known_hosts' })).rejects.toMatchObject({
      code: 'ERR_SSH_HOST_KEY_UNKNOWN',
    });
  });
});
