import { CertwrightError } from '@certwright/core';
import type { Io } from './io.js';

/** A warning: printed to stderr and carried in `--json` output; never changes the exit code. */
export interface Warning {
  code: string;
  message: string;
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
