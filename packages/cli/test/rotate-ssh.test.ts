import { lstat, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseKnownHosts,
  readSshIdentity as readIdentity,
  SftpInstallFileSystem,
  type SshIdentity,
  SshSession,
} from '@certwright/deploy';
import type { Io } from '../src/io/io.js';
import { readSecret, type SecretSource } from '../src/io/secrets.js';
import { execFileAsync, memoryIo, tempDir } from './helpers.js';

/** An SSH identity whose passphrase, when it has one, comes from a source as `certwright rotate` reads it. */
function readSshIdentity(path: string, source: SecretSource, io: Io): Promise<SshIdentity> {
  return readIdentity(path, {
    cwd: io.cwd,
    passphrase: (file) =>
      readSecret(source, { flag: 'ssh-passphrase', purpose: `passphrase for SSH key ${file}`, confirm: false }, io),
  });
}
import { startSshPair, type TestNode, type TestPair } from './rotate-support/ssh-pair.mjs';

/** The SSH building blocks of `certwright rotate` against one real OpenSSH server on loopback. */
describe('rotate over one real OpenSSH server', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let pair: TestPair;
  let node: TestNode;
  let session: SshSession;
  let fs: SftpInstallFileSystem;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    pair = await startSshPair(join(dir, 'pair'), 1);
    node = pair.nodes[0] as TestNode;
    const identity = await readSshIdentity(pair.clientKey, {}, memoryIo(dir));
    session = await SshSession.connect(target(identity));
    fs = new SftpInstallFileSystem(await session.sftp(), node.name);
  });
  afterAll(async () => {
    session?.close();
    await pair?.stop();
    await cleanup();
  });

  function target(identity: SshIdentity) {
    return {
      name: node.name,
      host: '127.0.0.1',
      port: node.sshPort,
      user: pair.user,
      identity,
      knownHosts: parseKnownHosts(`[127.0.0.1]:${node.sshPort} ${node.hostKeyPublic}\n`),
      knownHostsFile: 'known_hosts',
    };
  }

  it('runs commands and reports their exit status and output', async () => {
    expect(await session.exec('echo out; echo err >&2; exit 7', 10_000)).toMatchObject({
      exitCode: 7,
      output: expect.stringMatching(/out\n[\s\S]*err\n|err\n[\s\S]*out\n/),
      lingering: false,
    });
  });

  it('stops waiting for a command that left a daemon holding its output, and says so', async () => {
    const result = await session.exec(`sleep 30 & echo $! > ${join(dir, 'daemon.pid')}`, 20_000);
    expect(result).toMatchObject({ exitCode: 0, lingering: true });
    process.kill(Number(await readFile(join(dir, 'daemon.pid'), 'utf8')), 'SIGKILL');
  });

  it('gives up on a command at its timeout', async () => {
    await expect(session.exec('sleep 20', 300)).rejects.toMatchObject({ code: 'ERR_SSH_COMMAND_TIMEOUT' });
  });

  it('SFTP: creates files with exact modes, refuses to overwrite, renames atomically over a file', async () => {
    const base = join(dir, 'sftp', 'a', 'b');
    await fs.makeDirectory(base, 0o755);
    await fs.makeDirectory(base, 0o755);
    const key = join(base, 'server.key');
    await fs.writeNewFile(key, new TextEncoder().encode('secret'), 0o600);
    expect((await lstat(key)).mode & 0o777).toBe(0o600);
    await expect(fs.writeNewFile(key, new Uint8Array([1]), 0o600)).rejects.toMatchObject({ code: 'ERR_SSH_SFTP' });
    const cert = join(base, 'server.crt');
    await fs.writeNewFile(`${cert}.new`, new TextEncoder().encode('new'), 0o644);
    await writeFile(cert, 'old');
    await fs.rename(`${cert}.new`, cert);
    expect(await readFile(cert, 'utf8')).toBe('new');
    expect((await lstat(cert)).mode & 0o777).toBe(0o644);
    expect((await fs.list(base)).sort()).toEqual(['server.crt', 'server.key']);
    expect(new TextDecoder().decode(await fs.readFile(key))).toBe('secret');
  });

  it('SFTP: a missing file reads as undefined, lists as empty, removes without error', async () => {
    const missing = join(dir, 'no-such-dir');
    expect(await fs.readFile(join(missing, 'x'))).toBeUndefined();
    expect(await fs.list(missing)).toEqual([]);
    await fs.remove(join(missing, 'x'));
  });

  it('logs in with an encrypted identity key given its passphrase from a file', async () => {
    const key = join(dir, 'encrypted_key');
    await execFileAsync('ssh-keygen', ['-q', '-t', 'ed25519', '-a', '4', '-N', 'correct horse', '-f', key]);
    await writeFile(join(dir, 'pass.txt'), 'correct horse\n');
    await writeFile(join(dir, 'wrong.txt'), 'wrong\n');
    await writeFile(join(dir, 'pair', 'authorized_keys'), await readFile(`${key}.pub`), { flag: 'a' });
    const io = memoryIo(dir);
    await expect(readSshIdentity(key, {}, io)).rejects.toMatchObject({ code: 'ERR_SECRET_UNAVAILABLE' });
    await expect(readSshIdentity(key, { file: 'wrong.txt' }, io)).rejects.toMatchObject({ code: 'ERR_SSH_IDENTITY' });
    const identity = await readSshIdentity(key, { file: 'pass.txt' }, io);
    const other = await SshSession.connect(target(identity));
    try {
      expect((await other.exec('true', 10_000)).exitCode).toBe(0);
    } finally {
      other.close();
    }
  });

  it('refuses a key the server does not accept', async () => {
    const key = join(dir, 'stranger_key');
    await execFileAsync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const identity = await readSshIdentity(key, {}, memoryIo(dir));
    await expect(SshSession.connect(target(identity))).rejects.toMatchObject({
      code: 'ERR_SSH_CONNECT',
      message: expect.stringMatching(/authentication refused/),
    });
  });
});
