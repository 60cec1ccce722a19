import { CertwrightError, exitCodeOf } from '@certwright/core';
import type { ExitCode } from './exit-codes.js';

/**
 * The one mapping from an error to an exit code: the error catalogue's exit code for its code
 * (packages/core/src/error-codes), 70 for anything that is not a CertwrightError.
 */
export function exitCodeFor(error: unknown): ExitCode {
  return error instanceof CertwrightError ? exitCodeOf(error.code) : 70;
}
