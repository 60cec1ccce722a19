import { CertwrightError, type ErrorCode } from '@certwright/core';
import type { EnrollErrorCode } from '../enroll/errors.js';

/** Every code the device client raises. Each is listed in docs/errors.md. */
/** The device client's and fleet runner's codes (the error catalogue's device area). */
export type DeviceErrorCode = Exclude<
  Extract<ErrorCode, `ERR_DEVICE_${string}`>,
  EnrollErrorCode | 'ERR_DEVICE_ADDRESS_UNRESOLVED'
>;

const RETRYABLE: ReadonlySet<string> = new Set([
  'ERR_DEVICE_BUSY',
  'ERR_DEVICE_SERVER_ERROR',
  'ERR_DEVICE_TIMEOUT',
  'ERR_DEVICE_CONNECTION',
]);

/**
 * A device answered with an error, or could not be reached or trusted. Carries the device's name
 * and the HTTP status; never the password (messages are built from names, paths and statuses only).
 */
export class DeviceError extends CertwrightError {
  override readonly name = 'DeviceError';
  readonly device: string;
  readonly status: number | undefined;

  constructor(
    code: DeviceErrorCode,
    message: string,
    details: { device: string; status?: number | undefined; field?: string },
    options?: { cause?: unknown },
  ) {
    super(code, `${details.device}: ${message}`, { source: details.device, field: details.field }, options);
    this.device = details.device;
    this.status = details.status;
  }

  /** True for 409, 5xx, timeouts and dropped or refused connections; never for 401/403 (devices lock users out). */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }

  override toJSON(): ReturnType<CertwrightError['toJSON']> & { status?: number } {
    return { ...super.toJSON(), ...(this.status === undefined ? {} : { status: this.status }) };
  }
}

/** The error for an HTTP status outside 2xx. */
export function statusError(
  device: string,
  method: string,
  path: string,
  status: number,
  description: string,
): DeviceError {
  const what = `${method} ${path} answered ${status}${description === '' ? '' : ` (${description})`}`;
  return new DeviceError(codeForStatus(status), what, { device, status });
}

function codeForStatus(status: number): DeviceErrorCode {
  if (status === 401) return 'ERR_DEVICE_UNAUTHORIZED';
  if (status === 403 || status === 405) return 'ERR_DEVICE_FORBIDDEN';
  if (status === 400) return 'ERR_DEVICE_BAD_REQUEST';
  if (status === 404) return 'ERR_DEVICE_NOT_FOUND';
  if (status === 409) return 'ERR_DEVICE_BUSY';
  if (status >= 500) return 'ERR_DEVICE_SERVER_ERROR';
  return 'ERR_DEVICE_HTTP_STATUS';
}

/** True when the error is a DeviceError worth retrying. */
export function isRetryable(error: unknown): boolean {
  return error instanceof DeviceError && error.retryable;
}
