import { type CertificateInfo, type PrivateKey, type SubjectAltName, signCsr } from '@certwright/core';

/** What enrolment signs: the device's CSR, the names to add, and the lab CA that signs. */
export interface SignDeviceCsrOptions {
  csrPem: string;
  /** Added after the CSR's own SANs (devices send none). */
  addNames: readonly SubjectAltName[];
  issuerCertificatePem: string;
  issuerKey: PrivateKey;
  /** Start of validity; default now. */
  at?: Date;
  /** Default 397; clamped to the issuer's notAfter. */
  days?: number;
}

/**
 * Issues a device certificate for a device-made CSR with the device's names added as SANs, through
 * core's signCsr (signature, issuer key and CA checks; serverAuth + clientAuth, since the device is a
 * TLS server to browsers and a TLS client to OVOC, unless the CSR asks otherwise).
 *
 * @throws CsrError ERR_CSR_BAD_SIGNATURE; KeyError ERR_KEY_MISMATCH; CertificateError ERR_CA_INVALID.
 */
export async function signDeviceCsr(options: SignDeviceCsrOptions): Promise<CertificateInfo> {
  const { warnings: _warnings, ...certificate } = await signCsr({
    csr: options.csrPem,
    issuerCertificate: options.issuerCertificatePem,
    issuerKey: options.issuerKey,
    addSubjectAltNames: options.addNames,
    ...(options.at === undefined ? {} : { at: options.at }),
    ...(options.days === undefined ? {} : { days: options.days }),
  });
  return certificate;
}
