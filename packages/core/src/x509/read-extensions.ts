import type * as X509 from '@peculiar/x509';
import type { X509Module } from './peculiar-module.js';
import type { Asn1js } from './asn1js.js';
import type { SubjectAltName } from './subject-alt-name.js';
import type { KeyUsageName } from './key-usage.js';
import { decodeGeneralNames } from './general-names-asn1js.js';
import { extendedKeyUsageName, keyUsageNames } from './key-usage.js';

/** Extension OIDs (RFC 5280 §4.2.1). */
export const OID_SUBJECT_ALT_NAME = '2.5.29.17';

/** What Certwright reports from the extensions of a CSR or certificate. */
export interface ExtensionSummary {
  sans: SubjectAltName[];
  keyUsage: KeyUsageName[];
  extendedKeyUsage: string[];
  basicConstraints?: { ca: boolean; pathLength?: number };
  subjectKeyId?: string;
  authorityKeyId?: string;
}

/** Reads SANs, key usages, basic constraints and key identifiers from parsed extensions. */
export function summarizeExtensions(
  x509: X509Module,
  asn1js: Asn1js,
  extensions: readonly X509.Extension[],
): ExtensionSummary {
  const summary: ExtensionSummary = { sans: [], keyUsage: [], extendedKeyUsage: [] };
  for (const extension of extensions) {
    if (extension.type === OID_SUBJECT_ALT_NAME) {
      summary.sans.push(...decodeGeneralNames(asn1js, new Uint8Array(extension.value)));
    } else if (extension instanceof x509.KeyUsagesExtension) {
      summary.keyUsage = keyUsageNames(extension.usages);
    } else if (extension instanceof x509.ExtendedKeyUsageExtension) {
      summary.extendedKeyUsage = Array.from(extension.usages, (usage) => extendedKeyUsageName(String(usage)));
    } else if (extension instanceof x509.BasicConstraintsExtension) {
      summary.basicConstraints = withPathLength({ ca: extension.ca }, extension.pathLength);
    } else if (extension instanceof x509.SubjectKeyIdentifierExtension) {
      summary.subjectKeyId = extension.keyId.toLowerCase();
    } else if (extension instanceof x509.AuthorityKeyIdentifierExtension && extension.keyId !== undefined) {
      summary.authorityKeyId = extension.keyId.toLowerCase();
    }
  }
  return summary;
}

function withPathLength(constraints: { ca: boolean }, pathLength: number | undefined) {
  return pathLength === undefined ? constraints : { ...constraints, pathLength };
}
