import type * as X509 from '@peculiar/x509';
import { CertificateError, CertwrightError, sourcePrefix } from '../errors.js';
import { bytesEqual } from '../lib/bytes.js';
import { isSingleDerSequence, readPemOrDer } from '../lib/der-input.js';
import { formatName, readName, subjectFieldsOf } from '../lib/distinguished-name.js';
import { encodePem } from '../lib/pem.js';
import { describeSpki, sha256Fingerprint } from '../lib/public-key-info.js';
import { summarizeExtensions } from '../lib/read-extensions.js';
import { signatureAlgorithmName } from '../lib/signature-algorithm.js';
import { signatureAlgorithmOid } from '../lib/signed-object.js';
import { loadX509 } from '../lib/x509.js';
import { type Asn1js, loadAsn1js } from '../lib/asn1js.js';
import type { X509Module } from '../lib/x509-module.js';
import type { CertificateInfo } from './types.js';

/**
 * Parses an X.509 certificate from PEM (`CERTIFICATE`) or DER. Checks structure only, not trust.
 *
 * @throws FormatError for bad PEM; CertificateError ERR_CERT_INVALID when the bytes are not a certificate.
 */
export async function parseCertificate(
  input: string | Uint8Array,
  options: { source?: string } = {},
): Promise<CertificateInfo> {
  const { source } = options;
  const der = readPemOrDer(input, ['CERTIFICATE'], source);
  const [x509, asn1js] = await Promise.all([loadX509(), loadAsn1js()]);
  try {
    if (!isSingleDerSequence(der)) throw new Error('not a single DER structure');
    return describeCertificate(x509, asn1js, new x509.X509Certificate(der), der);
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

function describeCertificate(
  x509: X509Module,
  asn1js: Asn1js,
  certificate: X509.X509Certificate,
  der: Uint8Array,
): CertificateInfo {
  const subjectDer = new Uint8Array(certificate.subjectName.toArrayBuffer());
  const issuerDer = new Uint8Array(certificate.issuerName.toArrayBuffer());
  const subject = readName(asn1js, subjectDer);
  const spkiDer = new Uint8Array(certificate.publicKey.rawData);
  const extensions = summarizeExtensions(x509, asn1js, certificate.extensions);
  const { basicConstraints, subjectKeyId, authorityKeyId } = extensions;
  return {
    pem: encodePem('CERTIFICATE', der),
    der,
    subject: subjectFieldsOf(subject),
    subjectText: formatName(subject),
    issuerText: formatName(readName(asn1js, issuerDer)),
    serialNumber: certificate.serialNumber.toLowerCase(),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    sans: extensions.sans,
    keyUsage: extensions.keyUsage,
    extendedKeyUsage: extensions.extendedKeyUsage,
    isCa: basicConstraints?.ca ?? false,
    ...(basicConstraints?.pathLength === undefined ? {} : { pathLength: basicConstraints.pathLength }),
    publicKey: describeSpki(spkiDer),
    spkiDer,
    signatureAlgorithm: signatureAlgorithmName(signatureAlgorithmOid(der)),
    ...(subjectKeyId === undefined ? {} : { subjectKeyId }),
    ...(authorityKeyId === undefined ? {} : { authorityKeyId }),
    fingerprintSha256: sha256Fingerprint(der),
    selfIssued: bytesEqual(subjectDer, issuerDer),
  };
}
