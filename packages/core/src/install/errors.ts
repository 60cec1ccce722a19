import type { ChainProblem } from '../chain/types.js';
import type { ErrorCode } from '../error-codes/catalogue.js';
import { CertwrightError, type ErrorSubject } from '../errors.js';

/** Every code an install can fail with (docs/errors.md). */
/** Every code an install can fail with (the error catalogue's install area). */
export type InstallErrorCode = Extract<ErrorCode, `ERR_INSTALL_${string}`>;

/** An install that was refused, could not be carried out, or whose reload failed. */
export class InstallError extends CertwrightError {
  override readonly name = 'InstallError';
  override readonly code: InstallErrorCode;
  /** The chain problems behind ERR_INSTALL_CHAIN_INVALID (empty otherwise). */
  readonly problems: ChainProblem[];

  constructor(
    code: InstallErrorCode,
    message: string,
    subject?: ErrorSubject,
    options?: { cause?: unknown; problems?: ChainProblem[] },
  ) {
    super(code, message, subject, options);
    this.code = code;
    this.problems = options?.problems ?? [];
  }
}
