import { CertwrightError } from '@certwright/core';

/** Error codes of `certwright workflow`. */
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

/** A config field that is missing or wrong: one line naming the field. */
export function configError(source: string, field: string, reason: string): WorkflowError {
  return new WorkflowError('ERR_WORKFLOW_CONFIG_INVALID', `${source}: ${field}: ${reason}`, { source, field });
}
