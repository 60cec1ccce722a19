import { usageError } from '../../errors.js';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO-8601 date or time from an option such as --at. A time without a zone is UTC (not the
 * machine's local time), so the same command means the same instant on every server.
 */
export function parseTimeOption(text: string, flag: string): Date {
  const match = ISO_8601.exec(text);
  if (!match) throw usageError(`${flag} "${text}": not an ISO-8601 time (e.g. 2030-06-01T00:00:00Z)`, flag);
  const hasTime = /[T ]/.test(text);
  const date = new Date(hasTime && match[1] === undefined ? `${text.replace(' ', 'T')}Z` : text);
  if (Number.isNaN(date.getTime())) throw usageError(`${flag} "${text}": not a valid date`, flag);
  return date;
}
