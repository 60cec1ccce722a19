// Runs the built CLI the way the crash checks need it: the node process in its own process group,
// so that a SIGKILL takes down everything it started (reload commands, ssh), and never a shell.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
export const cli = join(root, 'packages/cli/bin/certwright.js');
/** The same command with crash points (never shipped): used whenever PAUSE_VARIABLE is set. */
export const cliWithCheckpoints = join(root, 'scripts/reliability/support/certwright-with-checkpoints.mjs');
/** N pauses at the Nth checkpoint, other text at the first checkpoint whose label holds it. */
export const PAUSE_VARIABLE = 'CERTWRIGHT_TEST_PAUSE_AT';
/** What the command says on stderr when it pauses at a checkpoint. */
export const PAUSED = 'certwright-test: paused at';

/**
 * Runs `certwright args…`; SIGKILLs its process group after `killAfterMs`, or as soon as its stderr
 * shows `killWhenStderrIncludes` (a pause at a checkpoint). Resolves with the exit code, the output, and
 * `killed`: whether the kill is what ended it.
 */
export function runCli(args, { cwd, env = {}, killAfterMs, killWhenStderrIncludes } = {}) {
  return new Promise((resolve) => {
    const program = env[PAUSE_VARIABLE] === undefined ? cli : cliWithCheckpoints;
    const child = spawn(process.execPath, [program, ...args], {
      cwd,
      detached: true,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const killGroup = () => {
      if (killed || child.exitCode !== null) return;
      killed = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (killWhenStderrIncludes !== undefined && stderr.includes(killWhenStderrIncludes)) killGroup();
    });
    const timer = killAfterMs === undefined ? undefined : setTimeout(killGroup, killAfterMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, killed: killed && signal === 'SIGKILL', stdout, stderr });
    });
  });
}
