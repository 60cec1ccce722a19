// Issue 16 items 4 and 6 in core (no root needed): links and special files at managed names and
// an unsafe backup directory are refused before anything changes, and an install that cannot read
// the previous set leaves no staged file (it left a staged copy of the new key).
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type InstallFileSystem, installServerSet, LocalInstallFileSystem } from '../../src/index.js';
import { AT, loadNewSet, type TestSet, tempDir } from './fixtures.js';

let newSet: TestSet;
let dir: string;
let cleanup: () => Promise<void>;
let target: string;
const local = new LocalInstallFileSystem();

beforeAll(async () => {
  newSet = await loadNewSet();
});
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  target = join(dir, 'server_certs');
  await mkdir(target);
});
afterEach(() => cleanup());

function install(fs: InstallFileSystem = local, extra: Partial<Parameters<typeof installServerSet>[0]> = {}) {
  return installServerSet({
    fs,
    target,
    certificates: newSet.certificates,
    keyFile: newSet.keyFile,
    key: newSet.key,
    at: AT,
    ...extra,
  });
}

describe('before anything changes', () => {
  it('a link at a managed name is refused, and the link is left as it was', async () => {
    const secret = join(dir, 'secret');
    await writeFile(secret, 'not for the target\n', { mode: 0o600 });
    await symlink(secret, join(target, 'root.crt'));
    await expect(install()).rejects.toMatchObject({
      code: 'ERR_INSTALL_TARGET_UNSAFE',
      source: join(target, 'root.crt'),
    });
    expect(await readdir(target)).toEqual(['root.crt']);
    expect(await readlink(join(target, 'root.crt'))).toBe(secret);
    expect(await readdir(dir)).not.toContain('server_certs.backups');
  });

  it('a directory, a FIFO, or a link as the journal is refused', async () => {
    await mkdir(join(target, 'ca2.crt'));
    await expect(install()).rejects.toMatchObject({ code: 'ERR_INSTALL_TARGET_UNSAFE' });
    execFileSync('rmdir', [join(target, 'ca2.crt')]);
    execFileSync('mkfifo', [join(target, 'server.key')]);
    await expect(install()).rejects.toMatchObject({ code: 'ERR_INSTALL_TARGET_UNSAFE' });
    execFileSync('rm', [join(target, 'server.key')]);
    await symlink('/etc/passwd', join(target, '.certwright-install.journal'));
    await expect(install()).rejects.toMatchObject({ code: 'ERR_INSTALL_TARGET_UNSAFE' });
    expect((await readdir(target)).sort()).toEqual(['.certwright-install.journal']);
  });

  it('a backup directory that is a link, or that others can write, is refused', async () => {
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, `${target}.backups`);
    await writeFile(join(target, 'root.crt'), 'previous\n');
    await expect(install()).rejects.toMatchObject({ code: 'ERR_INSTALL_TARGET_UNSAFE' });
    expect(await readdir(elsewhere)).toEqual([]);
    const open = join(dir, 'open-backups');
    await mkdir(open, { mode: 0o777 });
    execFileSync('chmod', ['0777', open]);
    await expect(install(local, { backupRoot: open })).rejects.toMatchObject({ code: 'ERR_INSTALL_TARGET_UNSAFE' });
    expect(await readFile(join(target, 'root.crt'), 'utf8')).toBe('previous\n');
  });
});

describe('a previous set that cannot be read', () => {
  it('fails before staging: no staged file (the new key) is left in the target', async () => {
    await writeFile(join(target, 'server.crt'), 'previous\n');
    // A file system that cannot tell links apart (no entry()) and fails reading the previous set.
    const failing: InstallFileSystem = {
      readFile: async (path) => {
        if (path.endsWith('server.crt')) throw Object.assign(new Error('I/O error'), { code: 'EIO' });
        return local.readFile(path);
      },
      writeNewFile: (path, data, mode) => local.writeNewFile(path, data, mode),
      rename: (from, to) => local.rename(from, to),
      remove: (path) => local.remove(path),
      list: (path) => local.list(path),
      makeDirectory: (path, mode) => local.makeDirectory(path, mode),
      syncDirectory: (path) => local.syncDirectory(path),
    };
    await expect(install(failing)).rejects.toMatchObject({ code: 'ERR_INSTALL_IO' });
    expect(await readdir(target)).toEqual(['server.crt']);
  });
});
