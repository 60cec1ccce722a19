import { CertwrightError } from '@certwright/core';

/** Error codes of `certwright rotate`: the plan, its journal, SSH/SFTP and what a node did. */
export type RotateErrorCode =
  | 'ERR_ROTATE_PLAN_SYNTAX'
  | 'ERR_ROTATE_PLAN_INVALID'
  | 'ERR_ROTATE_PLAN_UNKNOWN_FIELD'
  | 'ERR_ROTATE_JOURNAL_UNFINISHED'
  | 'ERR_ROTATE_JOURNAL_MISSING'
  | 'ERR_ROTATE_JOURNAL_PLAN_CHANGED'
  | 'ERR_ROTATE_JOURNAL_INVALID'
  | 'ERR_ROTATE_COMMAND_FAILED'
  | 'ERR_ROTATE_UPLOAD_MISMATCH'
  | 'ERR_SSH_HOST_KEY_UNKNOWN'
  | 'ERR_SSH_HOST_KEY_MISMATCH'
  | 'ERR_SSH_HOST_KEY_REVOKED'
  | 'ERR_SSH_IDENTITY'
  | 'ERR_SSH_CONNECT'
  | 'ERR_SSH_SFTP'
  | 'ERR_SSH_COMMAND_TIMEOUT';

/** A failure of the rotation: a bad plan or journal, an SSH peer that cannot be trusted or reached, a node that failed. */
export class RotateError extends CertwrightError {
  override readonly name = 'RotateError';
  constructor(code: RotateErrorCode, message: string, options?: { source?: string; field?: string; cause?: unknown }) {
    super(code, message, { source: options?.source, field: options?.field }, { cause: options?.cause });
  }
}
