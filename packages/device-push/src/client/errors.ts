import { CertwrightError } from '@certwright/core';

/** Every code the device client raises. Each is listed in docs/errors.md. */
export type DeviceErrorCode =
  | 'ERR_DEVICE_UNAUTHORIZED'
  | 'ERR_DEVICE_FORBIDDEN'
  | 'ERR_DEVICE_BAD_REQUEST'
  | 'ERR_DEVICE_NOT_FOUND'
  | 'ERR_DEVICE_BUSY'
  | 'ERR_DEVICE_SERVER_ERROR'
  | 'ERR_DEVICE_HTTP_STATUS'
  | 'ERR_DEVICE_TIMEOUT'
  | 'ERR_DEVICE_CONNECTION'
  | 'ERR_DEVICE_TLS_UNTRUSTED'
  | 'ERR_DEVICE_TLS_HANDSHAKE'
  | 'ERR_DEVICE_INSECURE_TRANSPORT'
  | 'ERR_DEVICE_BAD_RESPONSE'
  | 'ERR_DEVICE_VERIFY_FAILED'
  | 'ERR_DEVICE_PREFLIGHT'
  | 'ERR_DEVICE_INVENTORY'
  | 'ERR_DEVICE_INTERRUPTED'
  | 'ERR_DEVICE_AUTH_STOPPED'
  | 'ERR_DEVICE_HA_PAIR'
  | 'ERR_DEVICE_CLOCK_SKEW'
  | 'ERR_DEVICE_FILES_FETCH';

/** Codes worth another try: the device was busy (HA sync), failing, restarting or unreachable for a moment. */
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

  override toJSON(): { code: string; message: string; source?: string; field?: string; status?: number } {
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
