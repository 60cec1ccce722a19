import { CertwrightError } from '@certwright/core';

/** Every code enrolment raises itself (the device client raises the ERR_DEVICE_* of requests). */
export type EnrollErrorCode =
  | 'ERR_DEVICE_ENROLL_NO_CERTIFICATE'
  | 'ERR_DEVICE_ENROLL_KEY_MISMATCH'
  | 'ERR_DEVICE_ENROLL_UNTRUSTED_CERTIFICATE'
  | 'ERR_DEVICE_ENROLL_BAD_CSR';

/** One device cannot be enrolled as asked: no certificate for it, or one that is not for the key it holds. */
export class EnrollError extends CertwrightError {
  override readonly name = 'EnrollError';
  constructor(code: EnrollErrorCode, device: string, message: string, options?: { cause?: unknown }) {
    super(code, `${device}: ${message}`, { source: device }, options);
  }
}
