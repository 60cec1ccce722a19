import { posix } from 'node:path';
import { InstallError } from './errors.js';
import { fsStep } from './fs-step.js';
import type { InstallFileSystem } from './install-fs.js';
import { type InstallJournal, type JournalEntry, journalPath, sha256Hex } from './journal.js';
import { INSTALL_BACKUP_DIR_MODE, stagedName, writingName } from './layout.js';
import type { InstallStepHook } from './types.js';

/**
 * Carries a journaled swap to its end: back the previous files up, rename each staged file over
 * its name, remove the names the new set lacks, then drop the journal. Every step checks what is
 * already done, so a run that was killed at any point is finished by running this again.
 */
export async function rollForward(
  fs: InstallFileSystem,
  target: string,
  journal: InstallJournal,
  onStep: InstallStepHook,
): Promise<void> {
  if (journal.backupDir !== null && journal.previous.length > 0)
    await backUp(fs, target, journal.backupDir, journal.previous, onStep);
  const present = new Set(await fsStep(`listing ${target}`, () => fs.list(target)));
  for (const entry of journal.install) {
    const path = posix.join(target, entry.name);
    if (present.has(stagedName(entry.name))) {
      await fsStep(`renaming the new ${entry.name} into place`, () =>
        fs.rename(posix.join(target, stagedName(entry.name)), path),
      );
    } else {
      // Renamed in before the interruption: the file in place must be the new one.
      await expectContent(fs, path, entry, `the staged ${entry.name} is gone and ${path} is not the new file`);
    }
    await onStep({ phase: 'switch', name: entry.name });
  }
  const installed = new Set(journal.install.map((entry) => entry.name));
  for (const entry of journal.previous.filter((previous) => !installed.has(previous.name))) {
    await fsStep(`removing the old ${entry.name}`, () => fs.remove(posix.join(target, entry.name)));
    await onStep({ phase: 'remove', name: entry.name });
  }
  await fsStep(`flushing ${target}`, () => fs.syncDirectory(target));
  await fsStep('removing the install journal', () => fs.remove(journalPath(target)));
  await fsStep(`flushing ${target}`, () => fs.syncDirectory(target));
  await onStep({ phase: 'finish' });
}

/** Copies each previous file into the backup directory (temporary name, then rename). */
async function backUp(
  fs: InstallFileSystem,
  target: string,
  backupDir: string,
  previous: readonly JournalEntry[],
  onStep: InstallStepHook,
): Promise<void> {
  await fsStep(`creating ${backupDir}`, () => fs.makeDirectory(backupDir, INSTALL_BACKUP_DIR_MODE));
  const present = new Set(await fsStep(`listing ${backupDir}`, () => fs.list(backupDir)));
  for (const entry of previous) {
    const destination = posix.join(backupDir, entry.name);
    if (present.has(entry.name)) {
      await expectContent(fs, destination, entry, `${destination} exists and is not the previous ${entry.name}`);
      continue;
    }
    // Nothing in the target is replaced before every backup exists, so the old file is still there.
    const source = posix.join(target, entry.name);
    const data = await fsStep(`reading ${source}`, () => fs.readFile(source));
    if (data === undefined || sha256Hex(data) !== entry.sha256) throw mismatch(`${source} changed during the install`);
    const writing = posix.join(backupDir, writingName(entry.name));
    await fsStep(`backing up ${entry.name}`, async () => {
      await fs.remove(writing);
      await fs.writeNewFile(writing, data, entry.mode);
      await fs.rename(writing, destination);
    });
    await onStep({ phase: 'backup', name: entry.name });
  }
  await fsStep(`flushing ${backupDir}`, () => fs.syncDirectory(backupDir));
}

async function expectContent(fs: InstallFileSystem, path: string, entry: JournalEntry, why: string): Promise<void> {
  const data = await fsStep(`reading ${path}`, () => fs.readFile(path));
  if (data === undefined || sha256Hex(data) !== entry.sha256) throw mismatch(why);
}

function mismatch(why: string): InstallError {
  return new InstallError(
    'ERR_INSTALL_JOURNAL_MISMATCH',
    `${why}: something else changed the files during the install; nothing more was done — compare the target with the backup`,
  );
}
