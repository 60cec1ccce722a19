import { CsrError } from '../errors.js';
import { SUBJECT_ATTRIBUTES, type SubjectFields } from './subject-attributes.js';
import { emailProblem, isControlCharacter } from './name-syntax.js';

export type { SubjectFields };

const COUNTRY = /^[A-Z]{2}$/;

/**
 * Checks subject fields for a new CSR: at least one field, no empty values, every value within its
 * RFC 5280 upper bound (CN at most 64 characters), C two letters A–Z, emailAddress a plain address.
 * Returns the fields without the ones left undefined.
 *
 * @throws CsrError ERR_SUBJECT_INVALID naming the field, e.g. `subject.c`.
 */
export function validateSubject(subject: SubjectFields): SubjectFields {
  const unknown = Object.keys(subject).filter((key) => !SUBJECT_ATTRIBUTES.some(({ field }) => field === key));
  if (unknown.length > 0) {
    throw subjectError(`subject.${unknown[0]}`, 'unknown subject field (expected cn, o, ou, l, st, c or email)');
  }
  const fields: SubjectFields = {};
  for (const { field, label, maxLength } of SUBJECT_ATTRIBUTES) {
    const value = subject[field];
    if (value === undefined) continue;
    const problem = valueProblem(field, value, maxLength);
    if (problem !== undefined) throw subjectError(`subject.${field}`, `${label} ${problem}`);
    fields[field] = value;
  }
  if (Object.keys(fields).length === 0) throw subjectError('subject', 'the subject needs at least one field');
  return fields;
}

function valueProblem(field: keyof SubjectFields, value: string, maxLength: number): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'must not be empty';
  if ([...value].some(isControlCharacter)) return 'must not contain control characters';
  if (field === 'c' && !COUNTRY.test(value))
    return `must be a two-letter ISO 3166 code in capitals (e.g. US), not "${value}"`;
  if (value.length > maxLength) return `is longer than ${maxLength} characters`;
  if (field === 'email') return emailProblem(value);
  return undefined;
}

function subjectError(field: string, reason: string): CsrError {
  return new CsrError('ERR_SUBJECT_INVALID', `${field}: ${reason}`, { field });
}
