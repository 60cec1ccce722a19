// Stops a fleet run after N consecutive devices answered 401. Devices may lock out the requesting address
// for every user after a few failed logins (DenyAccessOnFailCount): one wrong shared password, tried on
// the whole fleet, could shut the management host out of every device.
import type { ReportedError } from './device-report.js';

export const DEFAULT_MAX_AUTH_FAILURES = 3;

export class AuthFailureStop {
  private consecutive = 0;

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('maxAuthFailures must be a positive integer');
  }

  /** True once `limit` devices in a row answered 401. */
  get stopped(): boolean {
    return this.consecutive >= this.limit;
  }

  /** One device's outcome: a 401 counts, a device that let us in resets the count, anything else leaves it. */
  record(errors: readonly ReportedError[], authenticated: boolean): void {
    if (errors.some((error) => error.code === 'ERR_DEVICE_UNAUTHORIZED')) this.consecutive++;
    else if (authenticated) this.consecutive = 0;
  }
}
