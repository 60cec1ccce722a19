import { spawn } from 'node:child_process';
import { CertwrightError } from '@certwright/core';

/** Most of a reload command's output kept to show on failure (the end, where errors are). */
const MAX_OUTPUT_CHARS = 16 * 1024;

/** A reload command that failed or timed out, with what it printed. */
export class ReloadCommandError extends CertwrightError {
  override readonly name = 'ReloadCommandError';
  constructor(
    message: string,
    readonly output: string,
  ) {
    super('ERR_INSTALL_RELOAD_FAILED', message);
  }
}

/**
 * Runs the reload command through /bin/sh in its own process group, so a timeout kills all of it.
 * Settles when the shell exits, not when its output closes: a reload that starts a daemon leaves
 * the pipes open.
 *
 * @throws ReloadCommandError when it exits non-zero, is killed, or outlives the timeout
 */
export function runReloadCommand(
  command: string,
  options: { timeoutSeconds: number; cwd: string; env: Record<string, string | undefined> },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT_CHARS);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutSeconds * 1000);
    let settled = false;
    const finish = (error: ReloadCommandError | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // The command's daemons may keep the pipes open; stop reading so this process can exit.
      child.stdout.destroy();
      child.stderr.destroy();
      child.unref();
      if (error) reject(error);
      else resolve();
    };
    child.on('error', (error) =>
      finish(new ReloadCommandError(`the reload command could not start (${error.message})`, output)),
    );
    child.on('exit', (code, signal) => {
      if (code === 0 && !timedOut) return finish(undefined);
      const why = timedOut
        ? `the reload command timed out after ${options.timeoutSeconds} s`
        : signal
          ? `the reload command was killed by ${signal}`
          : `the reload command exited with ${code}`;
      // Let the last of its output arrive, unless a daemon it started holds the pipes open.
      const drained = setTimeout(() => finish(new ReloadCommandError(why, output)), 500);
      child.once('close', () => {
        clearTimeout(drained);
        finish(new ReloadCommandError(why, output));
      });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
