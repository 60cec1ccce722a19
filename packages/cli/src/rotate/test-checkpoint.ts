import { setInterval } from 'node:timers';

/**
 * The test-only environment variable: a number N pauses at the Nth checkpoint, any other text at
 * the first checkpoint whose label contains it, so a crash test can SIGKILL there.
 */
export const TEST_PAUSE_VARIABLE = 'CERTWRIGHT_TEST_ONLY_ROTATE_PAUSE_AT';

/**
 * Crash points for the reliability script and tests, never for users: with the variable set, the
 * run announces `certwright-test: paused at checkpoint N (label)` on stderr where it says and waits
 * there to be killed. Without it, checkpoints do nothing.
 */
export function testCheckpoints(
  env: Record<string, string | undefined>,
  stderr: { write(text: string): unknown },
): { checkpoint: (label: string) => Promise<void>; count: () => number } {
  const value = env[TEST_PAUSE_VARIABLE];
  let count = 0;
  const pauseHere = (label: string) =>
    /^\d+$/.test(value ?? '') ? count === Number(value) : label.includes(value ?? '');
  return {
    count: () => count,
    checkpoint: async (label) => {
      if (value === undefined || value === '') return;
      count++;
      if (!pauseHere(label)) return;
      stderr.write(`certwright-test: paused at checkpoint ${count} (${label})\n`);
      // Keep the event loop alive until the test kills the process.
      await new Promise(() => setInterval(() => undefined, 60_000));
    },
  };
}
