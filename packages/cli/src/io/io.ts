/**
 * Everything a command handler touches outside itself. Handlers get one of these instead of
 * reaching for `process`, so tests run them in temp directories with captured output.
 */
export interface Io {
  /** Data: what a script pipes or parses. */
  stdout: { write(text: string): unknown };
  /** Talk: progress, warnings, errors. */
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown; fd?: number };
  /** True when a person can answer a prompt (stdin and stderr are terminals). */
  interactive: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The clock; tests fix it. */
  now: () => Date;
  /**
   * Called at each crash point of install and rotate (after each step of the swap, after each journal
   * save), and awaited. Only the crash checks set it, to kill the process at an exact step; the
   * `certwright` executable never does.
   */
  checkpoint?: (label: string) => Promise<void>;
}

/** The real process's streams, environment and clock. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  };
}
