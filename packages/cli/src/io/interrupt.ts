/**
 * Cleanup for long-running commands stopped with Ctrl-C or `kill`: Node's default on SIGINT/SIGTERM
 * is to exit on the spot, which would leave behind what only matters while the command runs (a
 * credentials file, a listening endpoint). The cleanup runs once, then the signal is raised again
 * with no handler left, so the shell still sees a death by that signal (exit status 130 or 143).
 */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function withInterruptCleanup<T>(cleanup: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  let cleaning: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (cleaning !== undefined) return;
    cleaning = cleanup()
      .catch(() => undefined)
      .finally(() => {
        detach();
        process.kill(process.pid, signal);
      });
  };
  const detach = () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    return await work();
  } finally {
    if (cleaning === undefined) detach();
  }
}

/**
 * A graceful stop for fleet runs: the first SIGINT/SIGTERM aborts the returned signal (the run starts
 * nothing new and lets the work in progress finish) and calls `onStop` to say so; a second one
 * exits at once by that signal. `dispose` removes the handlers.
 */
export function stopOnInterrupt(onStop: (signal: NodeJS.Signals) => void): {
  signal: AbortSignal;
  dispose: () => void;
} {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      controller.abort();
      onStop(signal);
      return;
    }
    dispose();
    process.kill(process.pid, signal);
  };
  const dispose = () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return { signal: controller.signal, dispose };
}
