import { CertwrightError } from '@certwright/core';
import type { Io } from './io.js';

/** A warning: printed to stderr and carried in `--json` output; never changes the exit code. */
export interface Warning {
  code: string;
  message: string;
}

/**
 * stdout is data, stderr is talk. In `--json` mode the result is one JSON document on stdout
 * carrying the warnings too; otherwise the human report goes to stdout and notes to stderr.
 */
export class Output {
  readonly warnings: Warning[] = [];

  constructor(
    private readonly io: Io,
    readonly json: boolean,
  ) {}

  /** A note for the person at the terminal (progress, what was written). */
  note(message: string): void {
    this.io.stderr.write(`${message}\n`);
  }

  /** A warning, e.g. a dangerous flag or a weak legacy format. */
  warn(code: string, message: string): void {
    this.warnings.push({ code, message });
    this.io.stderr.write(`warning: ${message}\n`);
  }

  /** The command's result: `data` as JSON in --json mode, otherwise `human` (may be empty). */
  result(data: Record<string, unknown>, human: string): void {
    if (this.json) {
      this.io.stdout.write(`${JSON.stringify({ ok: true, ...data, warnings: this.warnings }, null, 2)}\n`);
    } else if (human !== '') {
      this.io.stdout.write(human.endsWith('\n') ? human : `${human}\n`);
    }
  }
}

/** Prints a failure: one line on stderr, and in --json mode a JSON document on stdout. */
export function reportFailure(io: Io, error: unknown, json: boolean, debug: boolean): void {
  const known = error instanceof CertwrightError;
  const message = known ? error.message : 'internal error (set CERTWRIGHT_DEBUG=1 for details)';
  io.stderr.write(`certwright: error: ${message}\n`);
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  if (json) {
    const body = known ? error.toJSON() : { code: 'ERR_INTERNAL', message };
    io.stdout.write(`${JSON.stringify({ ok: false, error: body }, null, 2)}\n`);
  }
}
