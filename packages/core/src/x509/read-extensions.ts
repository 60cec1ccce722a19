/** What Certwright reports from the extensions of a CSR or certificate, read with the shared DER reader. */
import { toHex } from '../lib/bytes.js';
import * as ext from './extensions.js';
import { subjectAltNamesOf } from './general-names.js';
import { extendedKeyUsageName, type KeyUsageName, keyUsageNames } from './key-usage.js';
import type { SubjectAltName } from './san-value.js';

/** What Certwright reports from the extensions of a CSR or certificate. */
export interface ExtensionSummary {
  sans: SubjectAltName[];
  keyUsage: KeyUsageName[];
  extendedKeyUsage: string[];
  basicConstraints?: { ca: boolean; pathLength?: number };
  subjectKeyId?: string;
  authorityKeyId?: string;
}

/** Reads SANs, key usages, basic constraints and key identifiers from extension values by OID. */
export function summarizeExtensions(extensions: ReadonlyMap<string, { value: Uint8Array }>): ExtensionSummary {
  const summary: ExtensionSummary = { sans: [], keyUsage: [], extendedKeyUsage: [] };
  for (const [oid, { value }] of extensions) {
    switch (oid) {
      case ext.EXT_SUBJECT_ALT_NAME:
        summary.sans = subjectAltNamesOf(ext.readSubjectAltName(value));
        break;
      case ext.EXT_KEY_USAGE:
        summary.keyUsage = keyUsageNames(ext.readKeyUsage(value));
        break;
      case ext.EXT_EXTENDED_KEY_USAGE:
        summary.extendedKeyUsage = ext.readExtendedKeyUsage(value).map(extendedKeyUsageName);
        break;
      case ext.EXT_BASIC_CONSTRAINTS: {
        const { ca, pathLen } = ext.readBasicConstraints(value);
        summary.basicConstraints = pathLen === undefined ? { ca } : { ca, pathLength: pathLen };
        break;
      }
      case ext.EXT_SUBJECT_KEY_ID:
        summary.subjectKeyId = toHex(ext.readSubjectKeyId(value));
        break;
      case ext.EXT_AUTHORITY_KEY_ID: {
        const { keyId } = ext.readAuthorityKeyId(value);
        if (keyId !== undefined) summary.authorityKeyId = toHex(keyId);
        break;
      }
    }
  }
  return summary;
}
