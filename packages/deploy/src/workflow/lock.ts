import { constants } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { basename } from 'node:path';
import { WorkflowError } from '../errors.js';

/**
 * One run at a time per state file: a lock file beside it holds the running process's id. A lock
 * whose process is gone (killed) is taken over, so a crash never blocks the next run.
 */
export async function lockState(statePath: string): Promise<() => Promise<void>> {
  const path = `${statePath}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder !== process.pid && (await runningNode(holder))) {
        throw new WorkflowError(
          'ERR_WORKFLOW_LOCKED',
          `${statePath}: another workflow run (process ${holder}) is using this state file`,
          { source: statePath },
        );
      }
      await unlink(path).catch(() => undefined);
    }
  }
  throw new WorkflowError('ERR_WORKFLOW_LOCKED', `${statePath}: another workflow run took the lock`, {
    source: statePath,
  });
}

/**
 * The holder still runs and is a Node process. Where /proc exists, a live process of another
 * program means the killed run's id was reused, and the lock is stale.
 */
async function runningNode(pid: number): Promise<boolean> {
  if (!alive(pid)) return false;
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  return commandLine === undefined || commandLine.includes(basename(process.execPath));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
