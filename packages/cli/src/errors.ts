import { CertwrightError } from '@certwright/core';

/** Error codes the CLI itself raises (core's codes come from @certwright/core). */
export type CliErrorCode =
  | 'ERR_USAGE'
  | 'ERR_OUTPUT_EXISTS'
  | 'ERR_SECRET_UNAVAILABLE'
  | 'ERR_SECRET_EMPTY'
  | 'ERR_SECRET_MISMATCH'
  | 'ERR_FILE_NOT_FOUND'
  | 'ERR_FILE_READ'
  | 'ERR_OUTPUT_UNWRITABLE'
  | 'ERR_NETWORK_CONNECT'
  | 'ERR_INTERNAL';

/** An error raised by the command line: bad flags, files, secrets. */
export class CliError extends CertwrightError {
  override readonly name = 'CliError';
  constructor(code: CliErrorCode, message: string, options?: { source?: string; field?: string; cause?: unknown }) {
    super(code, message, { source: options?.source, field: options?.field }, { cause: options?.cause });
  }
}

/** A usage error: flags that contradict each other or name nothing usable. */
export function usageError(message: string, field?: string): CliError {
  return new CliError('ERR_USAGE', message, { field });
}
