import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  INSTALL_JOURNAL_NAME,
  type InstallError,
  installServerSet,
  LocalInstallFileSystem,
  recoverInstall,
  resumeInstall,
  swapFiles,
} from '../../src/index.js';
import {
  AT,
  asInstallFiles,
  DyingFileSystem,
  expectSet,
  loadNewSet,
  loadOldSet,
  type TestSet,
  tempDir,
  whichSet,
  writeSet,
} from './fixtures.js';

let oldSet: TestSet;
let newSet: TestSet;
let dir: string;
let cleanup: () => Promise<void>;
let target: string;
let backupDir: string;
const disk = new LocalInstallFileSystem();

beforeAll(async () => {
  [oldSet, newSet] = await Promise.all([loadOldSet(), loadNewSet()]);
});
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  target = join(dir, 'server_certs');
  backupDir = join(dir, 'backup');
  await writeSet(target, oldSet);
});
afterEach(() => cleanup());

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const modeOf = (name: string) => (name === 'server.key' ? 0o600 : 0o644);
const entries = (set: TestSet) =>
  [...set.files].map(([name, data]) => ({ name, sha256: sha(data), mode: modeOf(name) }));

/** The journal an install of newSet over oldSet writes, as a crash would leave it. */
async function writeJournalAsInstallWould(): Promise<void> {
  const journal = {
    format: 'certwright-install-journal',
    version: 1,
    purpose: 'install',
    startedAt: '2026-11-27T01:50:23.000Z',
    backupDir,
    install: entries(newSet),
    previous: entries(oldSet),
  };
  await writeFile(join(target, INSTALL_JOURNAL_NAME), JSON.stringify(journal));
}

async function stageNewSet(): Promise<void> {
  for (const [name, data] of newSet.files) {
    await writeFile(join(target, `.certwright-install.new.${name}`), data, { mode: modeOf(name) });
    await chmod(join(target, `.certwright-install.new.${name}`), modeOf(name));
  }
}

describe('recoverInstall: a journal left at each phase', () => {
  it('staged files without a journal (killed while staging): removed, the old set stays', async () => {
    await stageNewSet();
    await writeFile(join(target, '.certwright-install.journal.tmp'), '{"format":"certwr');
    const recovery = await recoverInstall(disk, target);
    expect(recovery.finished).toBeNull();
    expect(recovery.removed).toHaveLength(newSet.files.size + 1);
    await expectSet(target, oldSet);
  });

  it('journal written, nothing backed up yet: backs up, then finishes the new set', async () => {
    await stageNewSet();
    await writeJournalAsInstallWould();
    const recovery = await recoverInstall(disk, target);
    expect(recovery.finished?.purpose).toBe('install');
    await expectSet(target, newSet);
    await expectSet(backupDir, oldSet);
  });

  it('killed mid-backup (one copy done, one half-written): completes the backup and the swap', async () => {
    await stageNewSet();
    await writeJournalAsInstallWould();
    await mkdir(backupDir, { mode: 0o700 });
    await writeFile(join(backupDir, 'root.crt'), oldSet.files.get('root.crt') as Uint8Array, { mode: 0o644 });
    await writeFile(join(backupDir, '.certwright-install.server.key.tmp'), 'half a k', { mode: 0o600 });
    await recoverInstall(disk, target);
    await expectSet(target, newSet);
    await expectSet(backupDir, oldSet);
  });

  it('killed mid-switch (two files renamed in): renames the rest and removes the journal', async () => {
    await stageNewSet();
    await writeJournalAsInstallWould();
    await writeSet(backupDir, oldSet);
    for (const name of ['root.crt', 'ca1.crt'])
      await rename(join(target, `.certwright-install.new.${name}`), join(target, name));
    await recoverInstall(disk, target);
    await expectSet(target, newSet);
  });

  it('killed after the switch, before removing a name the new set lacks', async () => {
    // Installing the old set (no ca2.crt) over the new one: ca2.crt must go.
    await cleanup();
    await writeSet(target, newSet);
    const files = asInstallFiles(oldSet);
    for (const file of files) await writeFile(join(target, file.name), file.data, { mode: file.mode });
    const journal = {
      format: 'certwright-install-journal',
      version: 1,
      purpose: 'rollback',
      startedAt: '2026-11-27T01:50:23.000Z',
      backupDir: null,
      install: entries(oldSet),
      previous: entries(newSet),
    };
    await writeFile(join(target, INSTALL_JOURNAL_NAME), JSON.stringify(journal));
    const recovery = await recoverInstall(disk, target);
    expect(recovery.finished?.purpose).toBe('rollback');
    await expectSet(target, oldSet);
  });

  it('refuses an unreadable journal and changes nothing', async () => {
    await stageNewSet();
    await writeFile(join(target, INSTALL_JOURNAL_NAME), '{ not json');
    const error = (await recoverInstall(disk, target).catch((caught) => caught)) as InstallError;
    expect(error.code).toBe('ERR_INSTALL_JOURNAL_INVALID');
    expect((await readdir(target)).filter((name) => name.startsWith('.certwright-install.new.'))).toHaveLength(5);
  });

  it('refuses a journal naming a file outside the set it manages', async () => {
    const journal = {
      format: 'certwright-install-journal',
      version: 1,
      purpose: 'install',
      startedAt: '2026-11-27T01:50:23.000Z',
      backupDir,
      install: [{ name: '../../etc/passwd', sha256: sha(new Uint8Array()), mode: 0o644 }],
      previous: [],
    };
    await writeFile(join(target, INSTALL_JOURNAL_NAME), JSON.stringify(journal));
    const error = (await recoverInstall(disk, target).catch((caught) => caught)) as InstallError;
    expect(error.code).toBe('ERR_INSTALL_JOURNAL_INVALID');
  });

  it('stops when a file changed behind the journal’s back', async () => {
    await stageNewSet();
    await writeJournalAsInstallWould();
    await writeFile(join(target, 'server.crt'), 'edited by someone else');
    const error = (await recoverInstall(disk, target).catch((caught) => caught)) as InstallError;
    expect(error.code).toBe('ERR_INSTALL_JOURNAL_MISMATCH');
  });

  it('a new swap refuses to start over a pending journal', async () => {
    await writeJournalAsInstallWould();
    const error = (await swapFiles(disk, {
      target,
      files: asInstallFiles(newSet),
      backupDir,
      purpose: 'install',
      startedAt: AT,
    }).catch((caught) => caught)) as InstallError;
    expect(error.code).toBe('ERR_INSTALL_INTERRUPTED');
  });
});

describe('killed after every single file operation', () => {
  const sets = () => ({ old: oldSet, new: newSet });

  async function crashThenRecover(changes: number, torn: boolean, reloadFails: boolean): Promise<string | undefined> {
    const dying = new DyingFileSystem(changes, torn);
    const run = reloadFails
      ? installServerSet({
          fs: dying,
          target,
          certificates: newSet.certificates,
          keyFile: newSet.keyFile,
          key: newSet.key,
          at: AT,
          backupRoot: join(dir, 'backups'),
          reload: () => Promise.reject(new Error('reload refused')),
        })
      : swapFiles(dying, {
          target,
          files: asInstallFiles(newSet),
          backupDir: join(dir, 'backups', 'one'),
          purpose: 'install',
          startedAt: AT,
        });
    await run.catch(() => undefined);
    await recoverInstall(disk, target);
    const holds = await whichSet(target, sets());
    for (const backup of await disk.list(join(dir, 'backups')))
      expect(await whichSet(join(dir, 'backups', backup), sets()), `backup after ${changes} changes`).toBe('old');
    return holds;
  }

  it('install: the target holds the complete old or new set after recovery, whatever the point', async () => {
    const outcomes = new Set<string | undefined>();
    // Count the changes a whole install makes, then die after each prefix of them.
    const counter = new DyingFileSystem(Number.POSITIVE_INFINITY);
    await swapFiles(counter, {
      target: join(dir, 'count'),
      files: asInstallFiles(newSet),
      backupDir: null,
      purpose: 'install',
      startedAt: AT,
    });
    const total = counter.changes + oldSet.files.size * 3 + 1; // plus the backup copies and directory
    for (let changes = 0; changes <= total; changes++) {
      for (const torn of [false, true]) {
        await cleanup();
        await writeSet(target, oldSet);
        const holds = await crashThenRecover(changes, torn, false);
        expect(holds, `killed after ${changes} changes${torn ? ' (torn write)' : ''}`).toBeDefined();
        outcomes.add(holds);
      }
    }
    expect([...outcomes].sort()).toEqual(['new', 'old']);
  });

  it('install with a failing reload and its rollback: old or new set, never a mix', async () => {
    const outcomes = new Set<string | undefined>();
    for (let changes = 0; changes <= 60; changes++) {
      await cleanup();
      await writeSet(target, oldSet);
      const holds = await crashThenRecover(changes, changes % 2 === 1, true);
      expect(holds, `killed after ${changes} changes`).toBeDefined();
      outcomes.add(holds);
    }
    expect([...outcomes].sort()).toEqual(['new', 'old']);
  });
});

describe('resumeInstall', () => {
  it('finishes the install, reloads, and on a failed reload restores the set from the backup', async () => {
    await stageNewSet();
    await writeJournalAsInstallWould();
    const reloaded: string[] = [];
    const error = (await resumeInstall({
      fs: disk,
      target,
      reload: async () => {
        reloaded.push((await whichSet(target, { old: oldSet, new: newSet })) ?? 'mixed');
        if (reloaded.length === 1) throw new Error('refused');
      },
    }).catch((caught) => caught)) as InstallError;
    expect(error.code).toBe('ERR_INSTALL_RELOAD_FAILED');
    expect(reloaded).toEqual(['new', 'old']);
    await expectSet(target, oldSet);
  });

  it('does nothing and reloads nothing when no install is pending', async () => {
    let reloads = 0;
    const result = await resumeInstall({ fs: disk, target, reload: async () => void reloads++ });
    expect(result).toEqual({ recovery: { finished: null, removed: [] }, reloaded: false });
    expect(reloads).toBe(0);
    await expectSet(target, oldSet);
  });
});
