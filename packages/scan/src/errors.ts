import { CertwrightError, type ErrorCode, type ErrorSubject } from '@certwright/core';

/** Error codes @certwright/scan raises itself (bad arguments are core's ERR_INVALID_ARGUMENT). */
export type ScanErrorCode = Extract<ErrorCode, 'ERR_NETWORK_LISTEN'>;

/** A failure of the scan's own machinery, e.g. the metrics endpoint cannot listen. */
export class ScanError extends CertwrightError {
  override readonly name = 'ScanError';
  constructor(code: ScanErrorCode, message: string, subject?: ErrorSubject, options?: { cause?: unknown }) {
    super(code, message, subject, options);
  }
}
