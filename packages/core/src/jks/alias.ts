/** JKS aliases: Java lower-cases them, so uniqueness is checked ignoring case. */
import { X509Certificate } from 'node:crypto';
import { CertificateError, InvalidArgumentError, sourcePrefix, TrustStoreError } from '../errors.js';
import { DerError, type DerElement, readChildren, readElement, readOid, TAG_SEQUENCE, TAG_SET } from '../asn1/der.js';

const COMMON_NAME_OID = '2.5.4.3';
const TAG_BMP_STRING = 0x1e;
/** The alias when a certificate has no common name. */
const FALLBACK_ALIAS = 'certificate';

/** An alias as Java stores it. */
export function normalizeAlias(alias: string): string {
  return alias.toLowerCase();
}

/** Throws ERR_TRUSTSTORE_DUPLICATE_ALIAS when `alias` is already taken (ignoring case). */
export function assertAliasFree(alias: string, taken: Iterable<string>, source?: string): void {
  const wanted = normalizeAlias(alias);
  for (const existing of taken) {
    if (normalizeAlias(existing) === wanted) {
      const message = `${sourcePrefix(source)}the store already has an entry "${existing}"`;
      throw new TrustStoreError('ERR_TRUSTSTORE_DUPLICATE_ALIAS', message, { source, field: 'alias' });
    }
  }
}

/** An alias a caller chose, lower-cased as Java stores it; an empty one is refused. */
export function checkAlias(alias: string): string {
  if (alias.length === 0) throw new InvalidArgumentError('alias must not be empty', { field: 'alias' });
  return normalizeAlias(alias);
}

/** `base`, or `base-2`, `base-3`, … whichever is not yet taken (ignoring case). */
export function uniqueAlias(base: string, taken: ReadonlySet<string>): string {
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

/** The lower-cased subject common name of a DER certificate, or "certificate" without one. */
export function aliasFromCertificate(der: Uint8Array, field: string): string {
  assertCertificateDer(der, field);
  const commonName = subjectCommonName(der);
  return normalizeAlias(commonName === undefined || commonName.trim() === '' ? FALLBACK_ALIAS : commonName.trim());
}

/** Throws ERR_CERT_INVALID unless `der` is one DER X.509 certificate. */
export function assertCertificateDer(der: Uint8Array, field: string): void {
  try {
    new X509Certificate(der);
  } catch (cause) {
    throw new CertificateError('ERR_CERT_INVALID', `${field}: not a DER X.509 certificate`, { field }, { cause });
  }
}

function subjectCommonName(der: Uint8Array): string | undefined {
  try {
    const [tbs] = readChildren(readElement(der));
    if (tbs === undefined) return undefined;
    const fields = readChildren(tbs);
    // version [0] is optional; subject follows serial, signature, issuer and validity.
    const subject = fields[(fields[0]?.tag === 0xa0 ? 1 : 0) + 4];
    if (subject?.tag !== TAG_SEQUENCE) return undefined;
    return lastCommonName(subject);
  } catch (error) {
    if (error instanceof DerError) return undefined;
    throw error;
  }
}

function lastCommonName(name: DerElement): string | undefined {
  let found: string | undefined;
  for (const set of readChildren(name)) {
    if (set.tag !== TAG_SET) continue;
    for (const attribute of readChildren(set)) {
      const [type, value] = readChildren(attribute);
      if (value !== undefined && readOid(type) === COMMON_NAME_OID) found = decodeDirectoryString(value);
    }
  }
  return found;
}

function decodeDirectoryString(value: DerElement): string {
  if (value.tag === TAG_BMP_STRING && value.content.byteLength % 2 === 0)
    return Buffer.from(value.content).swap16().toString('utf16le');
  return new TextDecoder().decode(value.content);
}
