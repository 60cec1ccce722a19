import { CertwrightError, type ErrorCode } from '@certwright/core';

/** Every code enrolment raises itself (the device client raises the ERR_DEVICE_* of requests). */
/** Codes of device enrolment (the error catalogue's provision area). */
export type EnrollErrorCode = Extract<ErrorCode, `ERR_DEVICE_ENROLL_${string}`>;

/** One device cannot be enrolled as asked: no certificate for it, or one that is not for the key it holds. */
export class EnrollError extends CertwrightError {
  override readonly name = 'EnrollError';
  constructor(code: EnrollErrorCode, device: string, message: string, options?: { cause?: unknown }) {
    super(code, `${device}: ${message}`, { source: device }, options);
  }
}
