import { CertificateError, InvalidArgumentError } from '../errors.js';

const DAY_MS = 86_400_000;
// GeneralizedTime stops at 9999; nothing sensible is valid that long.
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59);

/** How a validity window is asked for: explicit dates win over `at` + `days`. */
export interface ValidityRequest {
  at?: Date;
  days: number;
  /** The option name for `days` in messages (`days`, `validityDays`). */
  daysField: string;
  notBefore?: Date;
  notAfter?: Date;
}

/**
 * The notBefore/notAfter to write, whole seconds (what X.509 stores). The current time is read
 * only when neither `notBefore` nor `at` is given.
 *
 * @throws CertificateError ERR_VALIDITY_INVALID for days < 1 or notAfter not after notBefore.
 */
export function resolveValidity(request: ValidityRequest): { notBefore: Date; notAfter: Date } {
  const { days, daysField } = request;
  if (!Number.isInteger(days) || days < 1) {
    throw new CertificateError('ERR_VALIDITY_INVALID', `${daysField} must be a whole number of days, at least 1`, {
      field: daysField,
    });
  }
  const start = checkedDate(request.notBefore, 'notBefore') ?? checkedDate(request.at, 'at') ?? new Date();
  const notBefore = wholeSeconds(start);
  const notAfter = wholeSeconds(checkedDate(request.notAfter, 'notAfter') ?? new Date(start.getTime() + days * DAY_MS));
  if (notAfter.getTime() <= notBefore.getTime()) {
    throw new CertificateError(
      'ERR_VALIDITY_INVALID',
      `notAfter (${notAfter.toISOString()}) must be after notBefore (${notBefore.toISOString()})`,
      { field: 'notAfter' },
    );
  }
  if (notAfter.getTime() > LATEST) {
    throw new CertificateError('ERR_VALIDITY_INVALID', 'notAfter is after the year 9999', { field: 'notAfter' });
  }
  return { notBefore, notAfter };
}

function checkedDate(date: Date | undefined, field: string): Date | undefined {
  if (date === undefined) return undefined;
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError(`${field} is not a valid date`, { field });
  }
  return date;
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
