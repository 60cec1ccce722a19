// Issue 16 item 4, as it happened: root runs `certwright install` into a directory an unprivileged
// user owns, where that user planted links to root-only files, and the reload fails. Nothing
// root-only may end up readable by that user, nothing may be followed, nothing may change. Needs
// root (to create the second user and to be the victim): CI runs as root; elsewhere the tests are
// skipped with a notice.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import {
  chmod,
  chown,
  copyFile,
  lchown,
  mkdir,
  mkdtemp,
  readdir,
  readlink,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  process.stderr.write(
    'install-symlinks.test.ts: SKIPPED, needs root (it creates a second user); CI runs it as root\n',
  );
}

const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const chain = join(vectors, 'chains', 'rsa-two-intermediates');
const USER = 'certwright-test-owner';
const SECRET = `ROOT-ONLY-SECRET-${process.pid}`;
const AT = ['--at', '2030-06-01T00:00:00Z'];

describe.skipIf(!isRoot)('install into a directory another user controls (as root)', () => {
  let base: string;
  let secretFile: string;
  let uid: number;
  let gid: number;
  let shadow: string;
  let createdUser = false;

  beforeAll(async () => {
    if (spawnSync('id', ['-u', USER]).status !== 0) {
      execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
      createdUser = true;
    }
    uid = Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }).trim());
    base = await mkdtemp(join(tmpdir(), 'certwright-symlinks-'));
    await chmod(base, 0o755);
    const secrets = join(base, 'root-only');
    await mkdir(secrets, { mode: 0o700 });
    secretFile = join(secrets, 'secret.key');
    await writeFile(secretFile, `${SECRET}\n`, { mode: 0o600 });
    shadow = readFileSync('/etc/shadow', 'utf8');
    await mkdir(join(base, 'set'));
    for (const name of ['root.crt', 'ca1.crt', 'ca2.crt', 'server.crt']) {
      await copyFile(join(chain, name), join(base, 'set', name));
    }
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
    if (createdUser) spawnSync('userdel', [USER]);
  });

  /** A target directory owned by the user, with what the user put in it. */
  async function userTarget(name: string, plant: (dir: string) => Promise<void>): Promise<string> {
    const dir = join(base, name);
    await mkdir(dir, { mode: 0o755 });
    await plant(dir);
    for (const entry of await readdir(dir)) await lchown(join(dir, entry), uid, gid);
    await chown(dir, uid, gid);
    return dir;
  }

  const install = (target: string, extra: string[] = []) =>
    cli(base, [
      'install',
      '--target',
      target,
      '--dir',
      join(base, 'set'),
      '--key',
      join(vectors, 'keys', 'test-rsa-2048.key'),
      '--reload-cmd',
      'echo reload failed; exit 1',
      ...extra,
      ...AT,
      '--json',
    ]);

  /** Every regular file under `dir` the user can read, as the user reads it. */
  function readableByUser(dir: string): string {
    let seen = '';
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      const read = spawnSync('cat', [path], { uid, gid, encoding: 'utf8' });
      if (read.status === 0) seen += read.stdout;
    }
    return seen;
  }

  function expectNothingLeaked(): void {
    const seen = readableByUser(base);
    expect(seen.includes(SECRET), 'the root-only secret is readable by the user').toBe(false);
    const shadowLines = shadow.split('\n').filter((line) => line.startsWith('root:'));
    for (const line of shadowLines) expect(seen.includes(line), '/etc/shadow is readable by the user').toBe(false);
  }

  it('links to /etc/shadow and a root-only key at managed names: refused, nothing followed or changed', async () => {
    const target = await userTarget('links', async (dir) => {
      await symlink('/etc/shadow', join(dir, 'root.crt'));
      await symlink(secretFile, join(dir, 'server.key'));
      await writeFile(join(dir, 'ca1.crt'), 'the user wrote this\n');
    });
    const before = (await readdir(target)).sort();
    const result = await install(target);
    expect(result.code, result.stdout).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_INSTALL_TARGET_UNSAFE');
    expect((await readdir(target)).sort()).toEqual(before);
    expect(await readlink(join(target, 'root.crt'))).toBe('/etc/shadow');
    expect(await readlink(join(target, 'server.key'))).toBe(secretFile);
    expect(readdirSync(base)).not.toContain('links.backups');
    expect(readFileSync('/etc/shadow', 'utf8')).toBe(shadow);
    expect(readFileSync(secretFile, 'utf8')).toBe(`${SECRET}\n`);
    expectNothingLeaked();
  });

  it('a FIFO at a managed name is refused at once, without blocking', async () => {
    const target = await userTarget('fifo', async (dir) => {
      execFileSync('mkfifo', [join(dir, 'server.key')]);
    });
    const result = await install(target);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_INSTALL_TARGET_UNSAFE');
    expectNothingLeaked();
  });

  it('a backup directory that is a link, or the user’s own directory, is refused before anything changes', async () => {
    const linked = await userTarget('linked-backups', async (dir) => {
      await writeFile(join(dir, 'root.crt'), 'previous\n');
    });
    await symlink(join(base, 'root-only'), `${linked}.backups`);
    await lchown(`${linked}.backups`, uid, gid);
    const viaLink = await install(linked);
    expect(JSON.parse(viaLink.stdout).error.code).toBe('ERR_INSTALL_TARGET_UNSAFE');
    expect(readdirSync(join(base, 'root-only'))).toEqual(['secret.key']);
    expect(readFileSync(join(linked, 'root.crt'), 'utf8')).toBe('previous\n');

    const owned = await userTarget('user-backups', async (dir) => {
      await writeFile(join(dir, 'root.crt'), 'previous\n');
    });
    await mkdir(`${owned}.backups`, { mode: 0o755 });
    await chown(`${owned}.backups`, uid, gid);
    const userOwned = await install(owned);
    expect(JSON.parse(userOwned.stdout).error.code).toBe('ERR_INSTALL_TARGET_UNSAFE');
    expect(readdirSync(`${owned}.backups`)).toEqual([]);
    expectNothingLeaked();
  });

  it('a clean user-owned target with root-owned backups: installed, the failing reload rolled back, the backup 0700', async () => {
    const target = await userTarget('clean', async (dir) => {
      await writeFile(join(dir, 'root.crt'), 'previous root\n');
      await writeFile(join(dir, 'server.key'), 'previous key\n', { mode: 0o600 });
    });
    const result = await install(target);
    expect(result.code, result.stdout).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_INSTALL_RELOAD_FAILED');
    expect(readFileSync(join(target, 'root.crt'), 'utf8')).toBe('previous root\n');
    expect(readFileSync(join(target, 'server.key'), 'utf8')).toBe('previous key\n');
    const backups = `${target}.backups`;
    const [stamp] = readdirSync(backups);
    expect(statSync(join(backups, stamp as string)).mode & 0o777).toBe(0o700);
    expectNothingLeaked();
  });
});
