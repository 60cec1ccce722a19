import { CertificateError, CertwrightError, sourcePrefix } from '../errors.js';
import { bytesEqual, toHex } from '../lib/bytes.js';
import { type ParsedCertificate, parseCertificateDer } from './certificate.js';
import { EXT_SUBJECT_ALT_NAME } from './extensions.js';
import { isSingleDerSequence, readPemOrDer } from '../asn1/pem-or-der.js';
import { assertDerWithinLimits } from '../asn1/der-limits.js';
import { assertInputSize } from '../asn1/input-size.js';
import { DerError } from '../asn1/der.js';
import { displayRdns, formatName, subjectFieldsOf } from './distinguished-name.js';
import { subjectAltNamesOf } from './general-names.js';
import { extendedKeyUsageName, keyUsageNames } from './key-usage.js';
import { encodePem } from '../asn1/pem.js';
import { describeSpki, sha256Fingerprint } from '../keys/public-key-info.js';
import { signatureAlgorithmName } from '../keys/signature-algorithm.js';
import type { CertificateInfo } from './certificate-info.js';

/**
 * Parses an X.509 certificate from PEM (`CERTIFICATE`, or the legacy `X509 CERTIFICATE`) or DER. Checks structure only, not trust.
 * Read with the path validator's own DER parser (a fraction of a millisecond a certificate), so that
 * describing a 150-root store or a p7b costs no more than validating it.
 *
 * @throws FormatError for bad PEM; CertificateError ERR_CERT_INVALID when the bytes are not a certificate.
 */
export async function parseCertificate(
  input: string | Uint8Array,
  options: { source?: string } = {},
): Promise<CertificateInfo> {
  const { source } = options;
  // Size, depth and element limits before anything is copied or parsed (a 200 MB input aborted Node).
  assertInputSize(input, source);
  // RFC 7468 §5.1: `X509 CERTIFICATE` is the legacy label OpenSSL still reads; kept for old files.
  const der = readPemOrDer(input, ['CERTIFICATE', 'X509 CERTIFICATE'], source);
  assertDerWithinLimits(der, source, '');
  try {
    if (!isSingleDerSequence(der)) throw new Error('not a single DER structure');
    return describeCertificate(parseCertificateDer(der));
  } catch (error) {
    if (error instanceof CertwrightError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CertificateError(
      'ERR_CERT_INVALID',
      `${sourcePrefix(source)}not a valid X.509 certificate (${reason})`,
      { source },
      { cause: error },
    );
  }
}

function describeCertificate(certificate: ParsedCertificate): CertificateInfo {
  const { der, basicConstraints, subjectKeyId, authorityKeyId } = certificate;
  const subject = displayRdns(certificate.subject);
  // The validator records a malformed extension as a defect; describing one needs its names.
  if (certificate.extensions.has(EXT_SUBJECT_ALT_NAME) && certificate.subjectAltName === undefined) {
    throw new DerError('malformed subjectAltName');
  }
  const spkiDer = certificate.spki;
  return {
    pem: encodePem('CERTIFICATE', der),
    der,
    subject: subjectFieldsOf(subject),
    subjectText: formatName(subject),
    issuerText: formatName(displayRdns(certificate.issuer)),
    serialNumber: serialHex(certificate.serial),
    notBefore: new Date(certificate.notBefore),
    notAfter: new Date(certificate.notAfter),
    sans: subjectAltNamesOf(certificate.subjectAltName ?? []),
    keyUsage: keyUsageNames(certificate.keyUsage ?? 0),
    extendedKeyUsage: (certificate.extendedKeyUsage ?? []).map(extendedKeyUsageName),
    isCa: basicConstraints?.ca ?? false,
    ...(basicConstraints?.pathLen === undefined ? {} : { pathLength: basicConstraints.pathLen }),
    publicKey: describeKey(spkiDer, certificate.spkiAlgorithm),
    spkiDer,
    signatureAlgorithm: signatureAlgorithmName(certificate.signatureAlgorithm.oid),
    ...(subjectKeyId === undefined ? {} : { subjectKeyId: toHex(subjectKeyId) }),
    ...(authorityKeyId?.keyId === undefined ? {} : { authorityKeyId: toHex(authorityKeyId.keyId) }),
    fingerprintSha256: sha256Fingerprint(der),
    selfIssued: bytesEqual(certificate.subject.raw, certificate.issuer.raw),
  };
}

/**
 * The key's description. Node reads only the key types it knows; for any other (or a key that does not
 * decode) the message names the algorithm instead of repeating OpenSSL's error text.
 */
function describeKey(spkiDer: Uint8Array, algorithmOid: string): CertificateInfo['publicKey'] {
  try {
    return describeSpki(spkiDer);
  } catch (error) {
    if (error instanceof DerError) throw error;
    throw new DerError(`the public key (algorithm ${algorithmOid}) cannot be read`, { cause: error });
  }
}

// Lower-case hex of the INTEGER without the sign-padding zero bytes DER puts before a high bit.
function serialHex(serial: Uint8Array): string {
  let start = 0;
  while (start < serial.byteLength - 1 && serial[start] === 0) start++;
  return toHex(serial.subarray(start));
}
