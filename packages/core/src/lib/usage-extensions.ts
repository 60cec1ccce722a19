import type * as X509 from '@peculiar/x509';
import type { X509Module } from './x509-module.js';
import type { Asn1js } from './asn1js.js';
import type { SubjectAltName } from '../csr/san.js';
import type { ExtendedKeyUsageName, KeyUsageName } from '../csr/types.js';
import { InvalidArgumentError } from '../errors.js';
import { encodeGeneralNames } from './general-names.js';
import { EXTENDED_KEY_USAGE_OIDS, KEY_USAGE_FLAGS, keyUsageFlags } from './key-usage.js';
import { OID_SUBJECT_ALT_NAME } from './read-extensions.js';

/** The key usage names, checked (library callers may pass any string). */
export function checkKeyUsageNames(names: readonly string[], field: string): KeyUsageName[] {
  return checkNames(names, Object.keys(KEY_USAGE_FLAGS), field) as KeyUsageName[];
}

/** The extended key usage names, checked. */
export function checkExtendedKeyUsageNames(names: readonly string[], field: string): ExtendedKeyUsageName[] {
  return checkNames(names, Object.keys(EXTENDED_KEY_USAGE_OIDS), field) as ExtendedKeyUsageName[];
}

function checkNames(names: readonly string[], known: string[], field: string): string[] {
  names.forEach((name, index) => {
    if (!known.includes(name)) {
      throw new InvalidArgumentError(`${field}[${index}]: unknown usage "${name}" (expected ${known.join(', ')})`, {
        field: `${field}[${index}]`,
      });
    }
  });
  return [...new Set(names)];
}

/** subjectAltName; critical only when the subject is empty (RFC 5280 §4.2.1.6). */
export function subjectAltNameExtension(
  x509: X509Module,
  asn1js: Asn1js,
  sans: readonly SubjectAltName[],
  subjectIsEmpty = false,
): X509.Extension {
  return new x509.Extension(OID_SUBJECT_ALT_NAME, subjectIsEmpty, encodeGeneralNames(asn1js, sans));
}

/** keyUsage, critical as RFC 5280 §4.2.1.3 recommends. */
export function keyUsageExtension(x509: X509Module, names: readonly KeyUsageName[]): X509.Extension {
  return new x509.KeyUsagesExtension(keyUsageFlags(names), true);
}

/** extendedKeyUsage, not critical: a client that does not know it may still use the certificate. */
export function extendedKeyUsageExtension(x509: X509Module, names: readonly ExtendedKeyUsageName[]): X509.Extension {
  return new x509.ExtendedKeyUsageExtension(
    names.map((name) => EXTENDED_KEY_USAGE_OIDS[name]),
    false,
  );
}
