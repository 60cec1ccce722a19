import { CertwrightError } from '@certwright/core';

/** Error codes of reading the files a caller names and writing outputs. */
export type FileErrorCode = 'ERR_FILE_NOT_FOUND' | 'ERR_FILE_READ' | 'ERR_OUTPUT_EXISTS' | 'ERR_OUTPUT_UNWRITABLE';

/** A file that cannot be read, or an output that cannot (or may not) be written. */
export class FileError extends CertwrightError {
  override readonly name = 'FileError';
  constructor(code: FileErrorCode, message: string, options?: { source?: string; field?: string; cause?: unknown }) {
    super(code, message, { source: options?.source, field: options?.field }, { cause: options?.cause });
  }
}

/** A network peer that could not be reached or did not complete a handshake. */
export class NetworkError extends CertwrightError {
  override readonly name = 'NetworkError';
  constructor(code: 'ERR_NETWORK_CONNECT', message: string, options?: { cause?: unknown }) {
    super(code, message, {}, { cause: options?.cause });
  }
}

/** Error codes of HA rotation: the plan, its journal, SSH/SFTP and what a node did. */
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

/** Error codes of the certificate workflow. */
export type WorkflowErrorCode =
  | 'ERR_WORKFLOW_CONFIG_SYNTAX'
  | 'ERR_WORKFLOW_CONFIG_INVALID'
  | 'ERR_WORKFLOW_STATE_INVALID'
  | 'ERR_WORKFLOW_STALE'
  | 'ERR_WORKFLOW_LOCKED'
  | 'ERR_WORKFLOW_NOT_INTERACTIVE';

/** A workflow config, state file or run that cannot go on as asked. */
export class WorkflowError extends CertwrightError {
  override readonly name = 'WorkflowError';
  constructor(
    code: WorkflowErrorCode,
    message: string,
    options?: { source?: string; field?: string; cause?: unknown },
  ) {
    super(code, message, { source: options?.source, field: options?.field }, { cause: options?.cause });
  }
}
