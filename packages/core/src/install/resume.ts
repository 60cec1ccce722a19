import { posix } from 'node:path';
import { InstallError } from './errors.js';
import { fsStep } from './fs-step.js';
import type { InstallFileSystem } from './install-fs.js';
import { type InstallJournal, sha256Hex } from './journal.js';
import { type InstallRecovery, recoverInstall } from './recover.js';
import { rollBack } from './rollback.js';
import type { InstallFile, InstallStepHook } from './types.js';

/** What resumeInstall works on. */
export interface ResumeInstallOptions {
  fs: InstallFileSystem;
  target: string;
  now?: () => Date;
  /** Run once an interrupted install is finished; when it fails the backed-up set is put back. */
  reload?: () => Promise<void>;
  onStep?: InstallStepHook;
}

/** What resumeInstall did. */
export interface ResumeInstallResult {
  recovery: InstallRecovery;
  reloaded: boolean;
}

/**
 * `certwright install --resume`: finishes an interrupted install (or rollback) found by its
 * journal, then reloads the server. A failed reload after a finished install puts the previous
 * set back from the backup the journal names.
 *
 * @throws InstallError ERR_INSTALL_RELOAD_FAILED after the rollback, and recoverInstall's errors
 */
export async function resumeInstall(options: ResumeInstallOptions): Promise<ResumeInstallResult> {
  const { fs, target } = options;
  const recovery = await recoverInstall(fs, target, options.onStep ? { onStep: options.onStep } : {});
  const journal = recovery.finished;
  if (journal === null || options.reload === undefined) return { recovery, reloaded: false };
  try {
    await options.reload();
  } catch (error) {
    if (journal.purpose === 'rollback') {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InstallError(
        'ERR_INSTALL_RELOAD_FAILED',
        `the reload failed (${reason}) after finishing an interrupted rollback; the previous set is in place`,
        { source: target },
        { cause: error },
      );
    }
    const previous = await readBackup(fs, journal);
    await rollBack({ ...options, now: options.now ?? (() => new Date()) }, previous, error);
  }
  return { recovery, reloaded: true };
}

/** The previous set as the finished install backed it up, checked against the journal's hashes. */
async function readBackup(fs: InstallFileSystem, journal: InstallJournal): Promise<InstallFile[]> {
  const files: InstallFile[] = [];
  for (const entry of journal.previous) {
    const path = posix.join(journal.backupDir ?? '', entry.name);
    const data = journal.backupDir === null ? undefined : await fsStep(`reading ${path}`, () => fs.readFile(path));
    if (data === undefined || sha256Hex(data) !== entry.sha256) {
      throw new InstallError(
        'ERR_INSTALL_JOURNAL_MISMATCH',
        `${path} is missing or changed; the previous set cannot be put back automatically`,
        { source: path },
      );
    }
    files.push({ name: entry.name, data, mode: entry.mode });
  }
  return files;
}
