import { CsrError } from '../errors.js';
import { checkSanValue, SAN_KINDS, type SubjectAltName } from './san-value.js';

export type { SubjectAltName };

/**
 * Parses `kind:value` text (`dns:ovoc.example.com`, `ip:2001:db8::1`, `email:pki@example.com`,
 * `uri:https://example.com/ovoc`) into a checked SAN. The kind is case-insensitive; IP addresses
 * come back in canonical form. `field` names the input in messages (e.g. `--san[2]`).
 *
 * @throws CsrError ERR_SAN_INVALID for an unknown kind or a value that is not valid for its kind.
 */
export function parseSubjectAltName(text: string, field = 'san'): SubjectAltName {
  const colon = text.indexOf(':');
  if (colon < 0) throw sanError(text, field, 'expected kind:value, e.g. dns:ovoc.example.com');
  const kind = text.slice(0, colon).trim().toLowerCase();
  const value = text.slice(colon + 1).trim();
  if (!(SAN_KINDS as readonly string[]).includes(kind)) {
    throw sanError(text, field, `unknown kind "${kind}" (expected dns, ip, email or uri)`);
  }
  const checked = checkSanValue(kind as SubjectAltName['type'], value);
  if ('problem' in checked) throw sanError(text, field, checked.problem);
  return checked.san;
}

/** Checks a SAN given as an object (library callers) the same way as parsed text. */
export function checkSubjectAltName(san: SubjectAltName, field: string): SubjectAltName {
  const checked = checkSanValue(san.type, san.value);
  if ('problem' in checked) throw sanError(`${san.type}:${san.value}`, field, checked.problem);
  return checked.san;
}

function sanError(text: string, field: string, reason: string): CsrError {
  return new CsrError('ERR_SAN_INVALID', `${field} "${text}": ${reason}`, { field });
}
