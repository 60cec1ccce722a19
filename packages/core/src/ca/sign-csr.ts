import type { webcrypto } from 'node:crypto';
import { parseCertificateDer } from '../x509/certificate.js';
import { parseCertificate } from '../x509/parse-certificate.js';
import type { CertificateInfo } from '../x509/certificate-info.js';
import { parseCsr, readCsr } from '../csr/parse.js';
import type { ParsedCsr } from '../x509/read-pkcs10.js';
import { checkSubjectAltName, type SubjectAltName } from '../x509/subject-alt-name.js';
import type { CsrInfo } from '../csr/types.js';
import { assertCsrSignature } from '../csr/verify.js';
import { CertificateError, CsrError, KeyError } from '../errors.js';
import type { HashAlgorithm, PrivateKey } from '../keys/types.js';
import { bytesEqual } from '../lib/bytes.js';
import { issueCertificate, keyIdentifier } from './issue-certificate.js';
import { EXT_SUBJECT_ALT_NAME } from '../x509/extensions.js';
import { spkiOf } from '../keys/public-key-info.js';
import { nextSerialHex, type SerialSource } from './serial.js';
import { hashForKey } from '../keys/signing-hash.js';
import { resolveValidity } from './validity.js';
import { defaultCrypto } from '../keys/webcrypto-key.js';
import { loadX509 } from './peculiar.js';
import { leafExtensions } from './leaf-extensions.js';
import type { IssueWarning, SignedCertificate } from './types.js';

/** Options for signCsr. */
export interface SignCsrOptions {
  csr: CsrInfo | string | Uint8Array;
  /** The CA certificate that signs (PEM or DER). */
  issuerCertificate: string | Uint8Array;
  issuerKey: PrivateKey;
  /** Start of validity when `notBefore` is not given. Default: now. */
  at?: Date;
  /** Default 397 (the CA/Browser Forum maximum for TLS server certificates). */
  days?: number;
  notBefore?: Date;
  notAfter?: Date;
  /** Default: SHA-384 for a P-384 issuer key, SHA-512 for P-521, SHA-256 otherwise. */
  hash?: HashAlgorithm;
  serial?: SerialSource;
  crypto?: webcrypto.Crypto;
  /**
   * Names to add after the CSR's own SANs, e.g. a device's host name or IP for a CSR the device
   * made (devices put none in). Checked like `csr create --san`; one already requested is not repeated.
   */
  addSubjectAltNames?: readonly SubjectAltName[];
}

/**
 * Issues an end-entity certificate for a CSR, as a lab CA would: checks the CSR's signature, that
 * the issuer key belongs to the issuer certificate and that the issuer is a CA; keeps the subject and
 * every requested SAN (plus `addSubjectAltNames`); CA:FALSE; SKI and AKI. A notAfter past the issuer's is clamped to it (warning).
 *
 * @throws CsrError ERR_CSR_BAD_SIGNATURE; KeyError ERR_KEY_MISMATCH; CertificateError ERR_CA_INVALID / ERR_VALIDITY_INVALID.
 */
export async function signCsr(options: SignCsrOptions): Promise<SignedCertificate> {
  const crypto = options.crypto ?? defaultCrypto();
  const requested = resolveValidity({ ...validityOptions(options), days: options.days ?? 397, daysField: 'days' });
  const { x509, csr, request } = await readCheckedRequest(options.csr, crypto);
  const issuer = await parseCertificate(options.issuerCertificate, { source: 'issuerCertificate' });
  assertIssuerUsable(issuer, options.issuerKey);
  const warnings: IssueWarning[] = [];
  const notAfter = clampToIssuer(requested.notAfter, issuer, warnings);
  assertStartsBeforeEnd(requested.notBefore, notAfter);
  const der = await issueCertificate({
    x509,
    crypto,
    subjectName: request.subject.raw,
    issuerName: parseCertificateDer(issuer.der).subject.raw,
    subjectSpki: csr.spkiDer,
    issuerKey: options.issuerKey,
    hash: options.hash ?? hashForKey(options.issuerKey.description),
    serialHex: nextSerialHex(crypto, options.serial),
    notBefore: requested.notBefore,
    notAfter,
    extensions: leafExtensions(x509, {
      csr,
      request,
      subjectKeyId: await keyIdentifier(x509, csr.spkiDer, crypto),
      authorityKeyId: issuer.subjectKeyId ?? (await keyIdentifier(x509, issuer.spkiDer, crypto)),
      warnings,
      addSubjectAltNames: (options.addSubjectAltNames ?? []).map((san, index) =>
        checkSubjectAltName(san, `addSubjectAltNames[${index}]`),
      ),
    }),
  });
  return { ...(await parseCertificate(der)), warnings };
}

/** The CSR, re-read from its bytes (a caller's CsrInfo is not trusted to match its DER) and checked. */
async function readCheckedRequest(input: SignCsrOptions['csr'], crypto: webcrypto.Crypto) {
  const csr = await parseCsr(typeof input === 'object' && 'der' in input ? input.der : input, { source: 'csr' });
  await assertCsrSignature(csr, { source: 'csr', crypto });
  const x509 = await loadX509();
  const request = readCsr(csr.der, 'csr');
  assertNamesSomething(csr, request);
  return { x509, csr, request };
}

function validityOptions({ at, notBefore, notAfter }: SignCsrOptions) {
  return { at, notBefore, notAfter };
}

// A certificate with an empty subject and no SAN would certify no one.
function assertNamesSomething(csr: CsrInfo, request: ParsedCsr): void {
  if (csr.subjectText !== '' || request.extensions.has(EXT_SUBJECT_ALT_NAME)) return;
  throw new CsrError('ERR_CSR_INVALID', 'csr: the CSR has neither a subject nor a subject alternative name', {
    source: 'csr',
  });
}

function assertIssuerUsable(issuer: CertificateInfo, issuerKey: PrivateKey): void {
  if (!bytesEqual(spkiOf(issuerKey), issuer.spkiDer)) {
    throw new KeyError('ERR_KEY_MISMATCH', `issuerKey: not the key of the issuer certificate (${issuer.subjectText})`, {
      field: 'issuerKey',
    });
  }
  const canSign = issuer.keyUsage.length === 0 || issuer.keyUsage.includes('keyCertSign');
  if (!issuer.isCa || !canSign) {
    throw new CertificateError(
      'ERR_CA_INVALID',
      `issuerCertificate: ${issuer.subjectText} is not a CA (${issuer.isCa ? 'no keyCertSign key usage' : 'basicConstraints CA:FALSE or absent'})`,
      { source: 'issuerCertificate' },
    );
  }
}

function clampToIssuer(notAfter: Date, issuer: CertificateInfo, warnings: IssueWarning[]): Date {
  if (notAfter.getTime() <= issuer.notAfter.getTime()) return notAfter;
  warnings.push({
    code: 'WARN_VALIDITY_CLAMPED',
    message: `notAfter ${notAfter.toISOString()} is past the issuer's ${issuer.notAfter.toISOString()}; clamped to it`,
  });
  return issuer.notAfter;
}

function assertStartsBeforeEnd(notBefore: Date, notAfter: Date): void {
  if (notAfter.getTime() > notBefore.getTime()) return;
  throw new CertificateError(
    'ERR_VALIDITY_INVALID',
    `the issuer expires (${notAfter.toISOString()}) before the certificate would start (${notBefore.toISOString()})`,
    { field: 'notBefore' },
  );
}
