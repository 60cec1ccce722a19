import type { ChainProblem } from '../chain/types.js';
import { CertwrightError, type ErrorSubject } from '../errors.js';

/** Every code an install can fail with (docs/errors.md). */
export type InstallErrorCode =
  // refusals: the set to install is not usable; the target is untouched
  | 'ERR_INSTALL_SET_INCOMPLETE'
  | 'ERR_INSTALL_SET_NOT_PEM'
  | 'ERR_INSTALL_SET_MISNAMED'
  | 'ERR_INSTALL_CHAIN_INVALID'
  | 'ERR_INSTALL_KEY_MISMATCH'
  | 'ERR_INSTALL_TARGET_UNSAFE'
  // the swap and its journal
  | 'ERR_INSTALL_INTERRUPTED'
  | 'ERR_INSTALL_JOURNAL_INVALID'
  | 'ERR_INSTALL_JOURNAL_MISMATCH'
  | 'ERR_INSTALL_IO'
  // after the swap
  | 'ERR_INSTALL_RELOAD_FAILED';

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
