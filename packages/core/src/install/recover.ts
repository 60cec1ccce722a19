import { fsStep } from './fs-step.js';
import type { InstallFileSystem } from './install-fs.js';
import { type InstallJournal, readJournal } from './journal.js';
import { rollForward } from './roll-forward.js';
import { removeStrays } from './strays.js';
import type { InstallStepHook } from './types.js';

/** What recoverInstall found and did. */
export interface InstallRecovery {
  /** The journal of the interrupted install it finished, or null when none was pending. */
  finished: InstallJournal | null;
  /** Temporary files of an install killed before its journal existed, now removed. */
  removed: string[];
}

/**
 * Finishes an install interrupted in `target` (found by its journal) and removes the temporary
 * files of one killed before it wrote its journal. Every install runs this first; it is also
 * what `certwright install --resume` does. Safe to run when nothing is pending.
 *
 * @throws InstallError ERR_INSTALL_JOURNAL_INVALID, ERR_INSTALL_JOURNAL_MISMATCH when the journal
 *   or the files no longer agree with what the install did; nothing is changed then.
 */
export async function recoverInstall(
  fs: InstallFileSystem,
  target: string,
  options: { onStep?: InstallStepHook } = {},
): Promise<InstallRecovery> {
  const journal = await fsStep('reading the journal', () => readJournal(fs, target));
  if (journal !== undefined) await rollForward(fs, target, journal, options.onStep ?? (() => undefined));
  const removed = await removeStrays(fs, target);
  return { finished: journal ?? null, removed };
}
