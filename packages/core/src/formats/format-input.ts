/** The first steps every format reader shares: size, PEM or DER, and which DER structure. */
import { FormatError, sourcePrefix } from '../errors.js';
import { type DerKind, classifyDer } from './der-classify.js';
import { asFormatError, readCheckedDer } from '../asn1/der-limits.js';
import { assertInputSize } from '../asn1/input-size.js';
import { bytesToText, decodePemBlocks, looksLikePem, type PemBlock } from '../asn1/pem.js';

/** Input after the first look: PEM blocks, one DER structure of a known kind, or a Java KeyStore. */
export type ClassifiedInput =
  | { encoding: 'pem'; blocks: PemBlock[] }
  | { encoding: 'der'; kind: DerKind; der: Uint8Array }
  | { encoding: 'jks'; bytes: Uint8Array };

/** Splits input into PEM blocks or classifies it as DER; anything else is a typed error naming the file. */
export function classifyInput(input: string | Uint8Array, source: string | undefined): ClassifiedInput {
  assertInputSize(input, source);
  if (typeof input === 'string' || looksLikePem(bytesToText(input))) {
    return { encoding: 'pem', blocks: pemBlocks(input, source) };
  }
  if (isJksBytes(input)) return { encoding: 'jks', bytes: input };
  const der = input;
  return { encoding: 'der', kind: classifyDerBytes(der, source, ''), der };
}

/** The kind of DER bytes, or ERR_FORMAT_UNRECOGNIZED / ERR_FORMAT_TRUNCATED / … naming the file. */
export function classifyDerBytes(der: Uint8Array, source: string | undefined, what: string): DerKind {
  // Not starting with SEQUENCE: not DER we read, so say "unrecognized" rather than "bad DER".
  if (der.byteLength === 0 || der[0] !== 0x30)
    throw unrecognized(source, der.byteLength === 0 ? 'empty' : 'neither PEM nor DER');
  const root = readCheckedDer(der, source, what);
  let kind: DerKind | undefined;
  try {
    kind = classifyDer(root, der);
  } catch (error) {
    throw asFormatError(error, source, what);
  }
  if (kind === undefined) throw unrecognized(source, 'DER, but not a certificate, CSR, key, PKCS#7 or PKCS#12');
  return kind;
}

function pemBlocks(input: string | Uint8Array, source: string | undefined): PemBlock[] {
  const blocks = decodePemBlocks(input, source);
  if (blocks.length === 0 && typeof input === 'string' && !looksLikePem(input)) {
    throw unrecognized(source, 'text without a PEM block');
  }
  if (blocks.length === 0) {
    const message = `${sourcePrefix(source)}a PEM BEGIN line without a matching END line`;
    throw new FormatError('ERR_FORMAT_PEM_INVALID', message, { source });
  }
  return blocks;
}

function unrecognized(source: string | undefined, reason: string): FormatError {
  return new FormatError('ERR_FORMAT_UNRECOGNIZED', `${sourcePrefix(source)}unrecognized format (${reason})`, {
    source,
  });
}

/** True when the DER is shaped like an X.509 certificate; bad DER inside it is still a typed error. */
export function isCertificateDer(der: Uint8Array, source: string | undefined, what: string): boolean {
  try {
    return classifyDerBytes(der, source, what) === 'certificate';
  } catch (error) {
    if (error instanceof FormatError && error.code === 'ERR_FORMAT_UNRECOGNIZED') return false;
    throw error;
  }
}

/** A Java KeyStore starts with the magic number 0xFEEDFEED (JCEKS, 0xCECECECE, is not read). */
export function isJksBytes(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 4 && bytes[0] === 0xfe && bytes[1] === 0xed && bytes[2] === 0xfe && bytes[3] === 0xed;
}
