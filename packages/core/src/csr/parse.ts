import { CertwrightError, CsrError, sourcePrefix } from '../errors.js';
import { OID_CHALLENGE_PASSWORD } from '../asn1/oids.js';
import { assertDerWithinLimits } from '../asn1/der-limits.js';
import { assertInputSize } from '../asn1/input-size.js';
import { isSingleDerSequence, readPemOrDer } from '../asn1/pem-or-der.js';
import { encodePem } from '../asn1/pem.js';
import { describeSpki, sha256Fingerprint } from '../keys/public-key-info.js';
import { signatureAlgorithmName } from '../keys/signature-algorithm.js';
import { displayRdns, formatName, subjectFieldsOf } from '../x509/distinguished-name.js';
import { summarizeExtensions } from '../x509/read-extensions.js';
import { type ParsedCsr, parseCsrDer } from '../x509/read-pkcs10.js';
import type { CsrInfo } from './types.js';

const CSR_LABELS = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'];

/**
 * Parses a PKCS#10 CSR from PEM (`CERTIFICATE REQUEST` or `NEW CERTIFICATE REQUEST`) or DER.
 * Does not check the signature: see verifyCsr.
 *
 * @throws FormatError for bad PEM; CsrError ERR_CSR_INVALID when the bytes are not a CSR.
 */
export async function parseCsr(input: string | Uint8Array, options: { source?: string } = {}): Promise<CsrInfo> {
  const csr = readCsr(input, options.source);
  return withCsrErrors(options.source, () => describeCsr(csr));
}

/** The CSR in PEM or DER read into its parts, or CsrError ERR_CSR_INVALID naming the source. */
export function readCsr(input: string | Uint8Array, source: string | undefined): ParsedCsr {
  // Size, depth and element limits before anything is copied or parsed, as for certificates.
  assertInputSize(input, source);
  const der = readPemOrDer(input, CSR_LABELS, source);
  assertDerWithinLimits(der, source, '');
  return withCsrErrors(source, () => {
    if (!isSingleDerSequence(der)) throw new Error('not a single DER structure');
    return parseCsrDer(der);
  });
}

function withCsrErrors<T>(source: string | undefined, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CertwrightError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CsrError(
      'ERR_CSR_INVALID',
      `${sourcePrefix(source)}not a valid certificate signing request (${reason})`,
      { source },
      { cause: error },
    );
  }
}

function describeCsr(csr: ParsedCsr): CsrInfo {
  const subject = displayRdns(csr.subject);
  const { sans, keyUsage, extendedKeyUsage } = summarizeExtensions(csr.extensions);
  return {
    pem: encodePem('CERTIFICATE REQUEST', csr.der),
    der: csr.der,
    subject: subjectFieldsOf(subject),
    subjectText: formatName(subject),
    sans,
    keyUsage,
    extendedKeyUsage,
    publicKey: describeSpki(csr.spki),
    spkiDer: csr.spki,
    signatureAlgorithm: signatureAlgorithmName(csr.signatureAlgorithm.oid),
    hasChallengePassword: csr.attributeTypes.includes(OID_CHALLENGE_PASSWORD),
    fingerprintSha256: sha256Fingerprint(csr.der),
  };
}
