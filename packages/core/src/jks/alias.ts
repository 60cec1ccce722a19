/** JKS aliases: Java lower-cases them, so uniqueness is checked ignoring case. */
import { CertificateError, InvalidArgumentError, sourcePrefix, TrustStoreError } from '../errors.js';
import { DerError } from '../asn1/der.js';
import { isSingleDerSequence } from '../asn1/pem-or-der.js';
import { type ParsedCertificate, parseCertificateDer } from '../x509/certificate.js';
import { attributeTexts, OID_COMMON_NAME } from '../x509/name.js';

/** The alias when a certificate has no common name. */
const FALLBACK_ALIAS = 'certificate';

/** Longer aliases are cut in messages: a message is one short line, whatever the file holds. */
const MAX_DISPLAYED_ALIAS = 64;

/**
 * An alias (or other text) from a store, safe to put in a message: control and bidirectional-override characters
 * written as escapes (as a DN's are), and cut at 64 characters. A file's alias must not be able to
 * clear a terminal or forge a line of output.
 */
export function displayText(alias: string): string {
  const characters = [...alias];
  const shown = characters.slice(0, MAX_DISPLAYED_ALIAS).map((char) => {
    const code = char.codePointAt(0) as number;
    const unsafe =
      code < 0x20 ||
      (code >= 0x7f && code < 0xa0) ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069);
    return unsafe ? `\\u${code.toString(16).padStart(4, '0')}` : char;
  });
  return `${shown.join('')}${characters.length > MAX_DISPLAYED_ALIAS ? '…' : ''}`;
}

/** An alias as Java stores it. */
export function normalizeAlias(alias: string): string {
  return alias.toLowerCase();
}

/** Throws ERR_TRUSTSTORE_DUPLICATE_ALIAS when `alias` is already taken (ignoring case). */
export function assertAliasFree(alias: string, taken: Iterable<string>, source?: string): void {
  const wanted = normalizeAlias(alias);
  for (const existing of taken) {
    if (normalizeAlias(existing) === wanted) {
      const message = `${sourcePrefix(source)}the store already has an entry "${displayText(existing)}"`;
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

/** The lower-cased subject common name of a DER certificate (the last CN), or "certificate" without one. */
export function aliasFromCertificate(der: Uint8Array, field: string): string {
  const commonName = attributeTexts(readCertificateDer(der, field).subject, OID_COMMON_NAME).at(-1);
  return normalizeAlias(commonName === undefined || commonName.trim() === '' ? FALLBACK_ALIAS : commonName.trim());
}

/** Throws ERR_CERT_INVALID unless `der` is one DER X.509 certificate. */
export function assertCertificateDer(der: Uint8Array, field: string): void {
  readCertificateDer(der, field);
}

function readCertificateDer(der: Uint8Array, field: string): ParsedCertificate {
  try {
    if (!isSingleDerSequence(der)) throw new DerError('not a single DER structure');
    return parseCertificateDer(der);
  } catch (cause) {
    throw new CertificateError('ERR_CERT_INVALID', `${field}: not a DER X.509 certificate`, { field }, { cause });
  }
}
