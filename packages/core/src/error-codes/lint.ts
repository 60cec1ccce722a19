/** CSR lint findings (csr create, csr show). */
import { lint } from './entry.js';

export const LINT_CODES = {
  LINT_NO_SAN: lint('error', 'no DNS/IP/email/URI SAN: TLS clients ignore the CN and match SANs only'),
  LINT_SAN_SYNTAX: lint('error', 'a SAN value is not valid for its kind (bad host name, misplaced wildcard)'),
  LINT_NO_CN: lint('warning', 'no common name: some enterprise CAs and older devices require one'),
  LINT_CN_NOT_IN_SAN: lint('warning', 'the CN is not among the SANs'),
  LINT_CN_TOO_LONG: lint('error', 'CN over 64 characters (the RFC 5280 upper bound)'),
  LINT_COUNTRY_CODE: lint('error', 'C is not two capital letters (ISO 3166 alpha-2)'),
  LINT_EMAIL_IN_SUBJECT: lint('warning', 'emailAddress in the subject: deprecated, use an email SAN'),
  LINT_WILDCARD: lint('warning', 'a wildcard name: many enterprise CAs refuse or restrict them'),
  LINT_WEAK_RSA: lint('error', 'RSA key shorter than 2048 bits'),
  LINT_WEAK_SIGNATURE: lint('error', 'signed with MD5 or SHA-1'),
  LINT_KEY_USAGE_MISMATCH: lint('warning', 'a requested key usage the key type cannot perform'),
  LINT_EKU_NO_SERVER_AUTH: lint(
    'warning',
    'extended key usage requested without serverAuth: unusable for a TLS server',
  ),
} as const;
