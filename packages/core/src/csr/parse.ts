import type * as X509 from '@peculiar/x509';
import { CertwrightError, CsrError, sourcePrefix } from '../errors.js';
import { readPemOrDer, isSingleDerSequence } from '../asn1/pem-or-der.js';
import { formatName, readName, subjectFieldsOf } from '../x509/distinguished-name.js';
import { encodePem } from '../asn1/pem.js';
import { describeSpki, sha256Fingerprint } from '../keys/public-key-info.js';
import { summarizeExtensions } from '../x509/read-extensions.js';
import { signatureAlgorithmName } from '../keys/signature-algorithm.js';
import { loadX509 } from '../x509/peculiar.js';
import { type Asn1js, loadAsn1js } from '../x509/asn1js.js';
import type { X509Module } from '../x509/peculiar-module.js';
import { signatureAlgorithmOid } from '../x509/signed-object.js';
import { OID_CHALLENGE_PASSWORD } from '../asn1/oids.js';
import type { CsrInfo } from './types.js';

const CSR_LABELS = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'];

/**
 * Parses a PKCS#10 CSR from PEM (`CERTIFICATE REQUEST` or `NEW CERTIFICATE REQUEST`) or DER.
 * Does not check the signature: see verifyCsr.
 *
 * @throws FormatError for bad PEM; CsrError ERR_CSR_INVALID when the bytes are not a CSR.
 */
export async function parseCsr(input: string | Uint8Array, options: { source?: string } = {}): Promise<CsrInfo> {
  const { source } = options;
  const der = readPemOrDer(input, CSR_LABELS, source);
  const [x509, asn1js] = await Promise.all([loadX509(), loadAsn1js()]);
  try {
    if (!isSingleDerSequence(der)) throw new Error('not a single DER structure');
    return describeCsr(x509, asn1js, new x509.Pkcs10CertificateRequest(der), der);
  } catch (error) {
    if (error instanceof CertwrightError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CsrError(
      'ERR_CSR_INVALID',
      `${sourcePrefix(source)}not a valid certificate signing request (${reason})`,
      {
        source,
      },
      { cause: error },
    );
  }
}

function describeCsr(x509: X509Module, asn1js: Asn1js, csr: X509.Pkcs10CertificateRequest, der: Uint8Array): CsrInfo {
  const subject = readName(asn1js, new Uint8Array(csr.subjectName.toArrayBuffer()));
  const spkiDer = new Uint8Array(csr.publicKey.rawData);
  const { sans, keyUsage, extendedKeyUsage } = summarizeExtensions(x509, asn1js, csr.extensions);
  return {
    pem: encodePem('CERTIFICATE REQUEST', der),
    der,
    subject: subjectFieldsOf(subject),
    subjectText: formatName(subject),
    sans,
    keyUsage,
    extendedKeyUsage,
    publicKey: describeSpki(spkiDer),
    spkiDer,
    signatureAlgorithm: signatureAlgorithmName(signatureAlgorithmOid(der)),
    hasChallengePassword: csr.attributes.some((attribute) => attribute.type === OID_CHALLENGE_PASSWORD),
    fingerprintSha256: sha256Fingerprint(der),
  };
}
