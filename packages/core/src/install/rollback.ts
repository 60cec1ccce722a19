import { InstallError } from './errors.js';
import type { InstallFileSystem } from './install-fs.js';
import { swapFiles } from './swap.js';
import type { InstallFile, InstallStepHook } from './types.js';

/** What a rollback needs: where, how to reload, the clock. */
export interface RollBackOptions {
  fs: InstallFileSystem;
  target: string;
  now: () => Date;
  reload?: () => Promise<void>;
  onStep?: InstallStepHook;
}

/** Puts the previous set back with the same journaled swap, reloads again, and reports the failure. */
export async function rollBack(
  options: RollBackOptions,
  previous: InstallFile[],
  reloadError: unknown,
): Promise<never> {
  const reason = reloadError instanceof Error ? reloadError.message : String(reloadError);
  try {
    await swapFiles(options.fs, {
      target: options.target,
      files: previous,
      backupDir: null,
      purpose: 'rollback',
      startedAt: options.now(),
      ...(options.onStep ? { onStep: options.onStep } : {}),
    });
  } catch (rollbackError) {
    const why = rollbackError instanceof Error ? rollbackError.message : String(rollbackError);
    throw new InstallError(
      'ERR_INSTALL_RELOAD_FAILED',
      `the reload failed (${reason}) and putting the previous set back failed too (${why}); run certwright install --resume`,
      { source: options.target },
      { cause: reloadError },
    );
  }
  await options.onStep?.({ phase: 'rollback' });
  let again = 'the server was reloaded with it';
  try {
    await options.reload?.();
  } catch (error) {
    again = `reloading it failed too (${error instanceof Error ? error.message : String(error)})`;
  }
  const what =
    previous.length > 0 ? 'the previous set was put back' : 'the new files were removed (there was no previous set)';
  throw new InstallError(
    'ERR_INSTALL_RELOAD_FAILED',
    `the reload failed (${reason}); ${what} and ${again}`,
    { source: options.target },
    { cause: reloadError },
  );
}
