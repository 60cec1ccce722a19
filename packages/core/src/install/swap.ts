import { posix } from 'node:path';
import { InvalidArgumentError } from '../errors.js';
import { InstallError } from './errors.js';
import { fsStep } from './fs-step.js';
import type { InstallFileSystem } from './install-fs.js';
import { type InstallJournal, type JournalEntry, readJournal, sha256Hex, writeJournal } from './journal.js';
import { INSTALL_MANAGED_NAMES, INSTALL_TARGET_DIR_MODE, installModeFor, stagedName } from './layout.js';
import { rollForward } from './roll-forward.js';
import { removeStrays } from './strays.js';
import { assertSafeTarget } from './target-safety.js';
import type { InstallFile, InstallStepHook } from './types.js';

/** What swapFiles is asked to do. */
export interface SwapRequest {
  /** The directory that must stay a plain directory (e.g. OVOC's server_certs). */
  target: string;
  /** The complete new set: managed names the set lacks are removed from the target. */
  files: readonly InstallFile[];
  /** Where the previous set is copied first; null to keep no copy. */
  backupDir: string | null;
  purpose: InstallJournal['purpose'];
  startedAt: Date;
  onStep?: InstallStepHook;
}

/**
 * Replaces the managed files of `target` with `files` under a journal: stage every new file
 * (written, flushed) under a temporary name, write the journal, copy the previous files to the
 * backup, rename the staged files in one by one, remove what the new set lacks, drop the journal.
 * Killed at any point, the next recoverInstall finishes it.
 *
 * @returns the files the target held before, for a rollback
 * @throws InstallError ERR_INSTALL_INTERRUPTED when a journal is pending (run recoverInstall first)
 */
export async function swapFiles(fs: InstallFileSystem, request: SwapRequest): Promise<InstallFile[]> {
  const { target } = request;
  const onStep = request.onStep ?? (() => undefined);
  for (const file of request.files) {
    if (!INSTALL_MANAGED_NAMES.includes(file.name))
      throw new InvalidArgumentError(`${file.name} is not a file an install manages`);
  }
  if ((await fsStep('reading the journal', () => readJournal(fs, target))) !== undefined) {
    throw new InstallError(
      'ERR_INSTALL_INTERRUPTED',
      `${target} holds the journal of an interrupted install; finish it first (certwright install --resume)`,
      { source: target },
    );
  }
  await assertSafeTarget(fs, target, request.backupDir === null ? null : posix.dirname(request.backupDir));
  await fsStep(`creating ${target}`, () => fs.makeDirectory(target, INSTALL_TARGET_DIR_MODE));
  await removeStrays(fs, target);
  // Read before anything is staged: a failure here leaves the target exactly as it was.
  const previous = await readPrevious(fs, target);
  await stage(fs, target, request.files, onStep);
  const entry = (file: InstallFile): JournalEntry => ({
    name: file.name,
    sha256: sha256Hex(file.data),
    mode: file.mode,
  });
  const journal: InstallJournal = {
    format: 'certwright-install-journal',
    version: 1,
    purpose: request.purpose,
    startedAt: request.startedAt.toISOString(),
    backupDir: request.backupDir,
    install: request.files.map(entry),
    previous: previous.map(entry),
  };
  await fsStep('writing the install journal', () => writeJournal(fs, target, journal));
  await onStep({ phase: 'journal' });
  await rollForward(fs, target, journal, onStep);
  return previous;
}

/** Writes every new file beside its final name; on failure removes them again, leaving the target as it was. */
async function stage(
  fs: InstallFileSystem,
  target: string,
  files: readonly InstallFile[],
  onStep: InstallStepHook,
): Promise<void> {
  try {
    for (const file of files) {
      await fsStep(`staging ${file.name}`, () =>
        fs.writeNewFile(posix.join(target, stagedName(file.name)), file.data, file.mode),
      );
      await onStep({ phase: 'stage', name: file.name });
    }
  } catch (error) {
    await removeStrays(fs, target).catch(() => undefined);
    throw error;
  }
}

async function readPrevious(fs: InstallFileSystem, target: string): Promise<InstallFile[]> {
  const previous: InstallFile[] = [];
  for (const name of INSTALL_MANAGED_NAMES) {
    const data = await fsStep(`reading ${name}`, () => fs.readFile(posix.join(target, name)));
    if (data !== undefined) previous.push({ name, data, mode: installModeFor(name) });
  }
  return previous;
}
