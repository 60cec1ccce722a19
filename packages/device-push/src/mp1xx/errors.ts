import { CertwrightError, type ErrorCode } from '@certwright/core';

/** Every code the MP-1xx provisioning can raise. */
export type ProvisionErrorCode = Extract<ErrorCode, 'ERR_NETWORK_LISTEN' | 'ERR_DEVICE_ADDRESS_UNRESOLVED'>;

/** The provisioning endpoint cannot start, or a device's address cannot be known. */
export class ProvisionError extends CertwrightError {
  override readonly name = 'ProvisionError';
  constructor(code: ProvisionErrorCode, message: string, field?: string, options?: { cause?: unknown }) {
    super(code, message, field === undefined ? {} : { field }, options);
  }
}
