import type * as X509 from '@peculiar/x509';
import type { SubjectAltName } from '../x509/subject-alt-name.js';
import type { ParsedCsr } from '../x509/read-pkcs10.js';
import type { CsrInfo } from '../csr/types.js';
import type { ExtendedKeyUsageName, KeyUsageName } from '../x509/key-usage.js';
import { bytesEqual, toArrayBuffer } from '../lib/bytes.js';
import { encodeElement, encodeSequence, readChildren, readElement } from '../asn1/der.js';
import { encodeGeneralNames } from '../x509/general-names.js';
import {
  DEFAULT_EXTENDED_KEY_USAGE,
  defaultKeyUsage,
  EXTENDED_KEY_USAGE_OIDS,
  keyUsageFlags,
} from '../x509/key-usage.js';
import { EXT_SUBJECT_ALT_NAME } from '../x509/extensions.js';
import type { X509Module } from './peculiar-module.js';
import type { IssueWarning } from './types.js';

// RFC 5280 §4.2.1.3: keyCertSign only with CA:TRUE; an end-entity certificate does not sign CRLs either.
const CA_ONLY_USAGES: readonly KeyUsageName[] = ['keyCertSign', 'cRLSign'];

/** What signCsr needs to build an end-entity certificate's extensions. */
export interface LeafExtensionsInput {
  csr: CsrInfo;
  request: ParsedCsr;
  subjectKeyId: string;
  authorityKeyId: string;
  /** Receives WARN_KEY_USAGE_DROPPED. */
  warnings: IssueWarning[];
  /** Names added after the CSR's own (checked already; duplicates of requested names are skipped). */
  addSubjectAltNames?: readonly SubjectAltName[];
}

/**
 * Extensions for an end-entity certificate: the CSR's subjectAltName copied byte for byte (so no
 * name is ever dropped), its key usages (or the defaults), CA:FALSE, SKI and AKI.
 */
export function leafExtensions(x509: X509Module, input: LeafExtensionsInput): X509.Extension[] {
  const { csr, request } = input;
  const san = withAddedNames(request.extensions.get(EXT_SUBJECT_ALT_NAME)?.value, input.addSubjectAltNames);
  const subjectIsEmpty = csr.subjectText === '';
  return [
    new x509.BasicConstraintsExtension(false),
    // Critical, as RFC 5280 §4.2.1.3 recommends.
    new x509.KeyUsagesExtension(keyUsageFlags(leafKeyUsage(csr, input.warnings)), true),
    new x509.ExtendedKeyUsageExtension(leafExtendedKeyUsageOids(csr), false),
    ...(san === undefined ? [] : [new x509.Extension(EXT_SUBJECT_ALT_NAME, subjectIsEmpty, toArrayBuffer(san))]),
    new x509.SubjectKeyIdentifierExtension(input.subjectKeyId),
    new x509.AuthorityKeyIdentifierExtension(input.authorityKeyId),
  ];
}

function leafKeyUsage(csr: CsrInfo, warnings: IssueWarning[]): KeyUsageName[] {
  const dropped = csr.keyUsage.filter((usage) => CA_ONLY_USAGES.includes(usage));
  if (dropped.length > 0) {
    warnings.push({
      code: 'WARN_KEY_USAGE_DROPPED',
      message: `the CSR asks for ${dropped.join(' and ')}, which only a CA certificate may have; left out`,
    });
  }
  const kept = csr.keyUsage.filter((usage) => !CA_ONLY_USAGES.includes(usage));
  return kept.length > 0 ? kept : defaultKeyUsage(csr.publicKey);
}

function leafExtendedKeyUsageOids(csr: CsrInfo): string[] {
  const names = csr.extendedKeyUsage.length > 0 ? csr.extendedKeyUsage : DEFAULT_EXTENDED_KEY_USAGE;
  return names.map((name) => EXTENDED_KEY_USAGE_OIDS[name as ExtendedKeyUsageName] ?? name);
}

/**
 * The requested GeneralNames, every one kept byte for byte, followed by the added names that are
 * not already there (e.g. a device's host name added to a device-made CSR, which carries none).
 */
function withAddedNames(
  requested: Uint8Array | undefined,
  added: readonly SubjectAltName[] = [],
): Uint8Array | undefined {
  if (added.length === 0) return requested;
  const names =
    requested === undefined
      ? []
      : readChildren(readElement(requested)).map((name) => encodeElement(name.tag, name.content));
  for (const name of readChildren(readElement(encodeGeneralNames(added)))) {
    const encoded = encodeElement(name.tag, name.content);
    if (!names.some((existing) => bytesEqual(existing, encoded))) names.push(encoded);
  }
  return encodeSequence(...names);
}
