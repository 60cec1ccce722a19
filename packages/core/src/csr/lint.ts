import type { LintCode } from '../error-codes/catalogue.js';
import { canonicalIp } from '../lib/ip-address.js';
import { checkSanValue } from '../x509/san-value.js';
import { isWeakSignatureAlgorithm } from '../keys/signature-algorithm.js';
import type { CsrInfo } from './types.js';

/** One problem lintCsr found. `error`: a CA or TLS client will likely refuse the result; `warning`: worth a look. */
export type LintFinding = { code: LintCode; severity: 'warning' | 'error'; message: string };

/*
 * Codes are stable; the CLI and docs/errors.md list them.
 *
 * | code                      | severity | when                                                                      |
 * | ------------------------- | -------- | ------------------------------------------------------------------------- |
 * | LINT_NO_SAN               | error    | no DNS/IP/email/URI SAN: TLS clients ignore the CN and match SANs only    |
 * | LINT_SAN_SYNTAX           | error    | a SAN value is not valid for its kind (bad host name, misplaced wildcard) |
 * | LINT_NO_CN                | warning  | no common name: some enterprise CAs and older devices require one         |
 * | LINT_CN_NOT_IN_SAN        | warning  | the CN is not among the SANs (CAs copy or reject it; clients ignore it)   |
 * | LINT_CN_TOO_LONG          | error    | CN over 64 characters (RFC 5280 upper bound; CAs refuse it)               |
 * | LINT_COUNTRY_CODE         | error    | C is not two capital letters (ISO 3166 alpha-2)                           |
 * | LINT_EMAIL_IN_SUBJECT     | warning  | emailAddress in the subject: deprecated, use an email SAN                 |
 * | LINT_WILDCARD             | warning  | a wildcard name: many enterprise CAs refuse or restrict them              |
 * | LINT_WEAK_RSA             | error    | RSA key shorter than 2048 bits                                            |
 * | LINT_WEAK_SIGNATURE       | error    | signed with MD5 or SHA-1                                                  |
 * | LINT_KEY_USAGE_MISMATCH   | warning  | a requested key usage the key type cannot perform                         |
 * | LINT_EKU_NO_SERVER_AUTH   | warning  | extended key usage requested without serverAuth: unusable for TLS server  |
 */

type Rule = (csr: CsrInfo) => LintFinding[];

/** Checks a parsed CSR for what CAs and TLS clients reject or frown on. Findings come in table order. */
export function lintCsr(csr: CsrInfo): LintFinding[] {
  return RULES.flatMap((rule) => rule(csr));
}

const error = (code: LintCode, message: string): LintFinding => ({ code, severity: 'error', message });
const warning = (code: LintCode, message: string): LintFinding => ({ code, severity: 'warning', message });

const noSan: Rule = (csr) =>
  csr.sans.length === 0 ? [error('LINT_NO_SAN', 'no subject alternative names: TLS clients match SANs only')] : [];

const sanSyntax: Rule = (csr) =>
  csr.sans.flatMap((san) => {
    const checked = checkSanValue(san.type, san.value);
    return 'problem' in checked ? [error('LINT_SAN_SYNTAX', `SAN ${san.type}:${san.value}: ${checked.problem}`)] : [];
  });

const noCn: Rule = (csr) =>
  csr.subject.cn === undefined ? [warning('LINT_NO_CN', 'no common name (CN): some CAs and devices expect one')] : [];

const cnNotInSan: Rule = (csr) => {
  const { cn } = csr.subject;
  if (cn === undefined || csr.sans.length === 0 || csr.sans.some((san) => sanMatchesCn(san, cn))) return [];
  return [warning('LINT_CN_NOT_IN_SAN', `CN "${cn}" is not among the SANs`)];
};

function sanMatchesCn(san: CsrInfo['sans'][number], cn: string): boolean {
  if (san.type === 'dns' || san.type === 'email') return san.value.toLowerCase() === cn.toLowerCase();
  if (san.type === 'ip') return canonicalIp(cn) === san.value;
  return san.value === cn;
}

const cnTooLong: Rule = (csr) =>
  (csr.subject.cn?.length ?? 0) > 64 ? [error('LINT_CN_TOO_LONG', 'CN is longer than 64 characters')] : [];

const countryCode: Rule = (csr) => {
  const { c } = csr.subject;
  if (c === undefined || /^[A-Z]{2}$/.test(c)) return [];
  return [error('LINT_COUNTRY_CODE', `C "${c}" is not a two-letter country code in capitals`)];
};

const emailInSubject: Rule = (csr) =>
  csr.subject.email === undefined
    ? []
    : [warning('LINT_EMAIL_IN_SUBJECT', 'emailAddress in the subject is deprecated; put it in an email SAN')];

const wildcard: Rule = (csr) =>
  csr.sans
    .filter((san) => san.type === 'dns' && san.value.startsWith('*.'))
    .map((san) => warning('LINT_WILDCARD', `wildcard name ${san.value}: many enterprise CAs refuse or restrict these`));

const weakRsa: Rule = (csr) => {
  const { type, bits } = csr.publicKey;
  if ((type !== 'rsa' && type !== 'rsa-pss') || bits >= 2048) return [];
  return [error('LINT_WEAK_RSA', `RSA key of ${bits} bits; at least 2048 are required`)];
};

const weakSignature: Rule = (csr) =>
  isWeakSignatureAlgorithm(csr.signatureAlgorithm)
    ? [error('LINT_WEAK_SIGNATURE', `signed with ${csr.signatureAlgorithm}; use SHA-256 or stronger`)]
    : [];

// Usages a key type cannot perform: RSA does no key agreement, EC no encryption, EdDSA neither.
const IMPOSSIBLE_USAGES: Partial<Record<CsrInfo['publicKey']['type'], string[]>> = {
  rsa: ['keyAgreement'],
  'rsa-pss': ['keyAgreement', 'keyEncipherment', 'dataEncipherment'],
  ec: ['keyEncipherment', 'dataEncipherment'],
  ed25519: ['keyAgreement', 'keyEncipherment', 'dataEncipherment'],
  ed448: ['keyAgreement', 'keyEncipherment', 'dataEncipherment'],
};

const keyUsageMismatch: Rule = (csr) => {
  const impossible = IMPOSSIBLE_USAGES[csr.publicKey.type] ?? [];
  return csr.keyUsage
    .filter((usage) => impossible.includes(usage))
    .map((usage) =>
      warning('LINT_KEY_USAGE_MISMATCH', `${usage} requested, but a ${csr.publicKey.type} key cannot do it`),
    );
};

const ekuNoServerAuth: Rule = (csr) =>
  csr.extendedKeyUsage.length > 0 && !csr.extendedKeyUsage.includes('serverAuth')
    ? [
        warning(
          'LINT_EKU_NO_SERVER_AUTH',
          'extended key usage without serverAuth: not usable as a TLS server certificate',
        ),
      ]
    : [];

const RULES: Rule[] = [
  noSan,
  sanSyntax,
  noCn,
  cnNotInSan,
  cnTooLong,
  countryCode,
  emailInSubject,
  wildcard,
  weakRsa,
  weakSignature,
  keyUsageMismatch,
  ekuNoServerAuth,
];
