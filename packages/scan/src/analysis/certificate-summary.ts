import { createHash, X509Certificate } from 'node:crypto';
import { type CertificateInfo, parseCertificate } from '@certwright/core';
import { type DefaultCertificateMatch, matchDefaultCertificate } from './default-certificate.js';

const DAY_MS = 86_400_000;

/** What the report says about one certificate, wherever it was found. */
export interface CertificateSummary {
  /** SHA-256 of the DER, colon-separated upper-case hex: the certificate's identity in the report. */
  fingerprintSha256: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** Whole days from the scan's clock to notAfter; negative once expired. */
  daysLeft: number;
  key: { type: string; bits: number; curve?: string };
  signatureAlgorithm: string;
  /** Subject equals issuer and the signature verifies with its own key. */
  selfSigned: boolean;
  isCa: boolean;
  /** DNS and IP names (SAN), in certificate order. */
  names: string[];
  /** Set when the certificate is an AudioCodes factory or OVOC default certificate: the rule that fired. */
  defaultCertificate?: DefaultCertificateMatch;
}

/**
 * Parses and summarises certificates once per fingerprint: a fleet of devices serving the same
 * certificate (or 10,000 inventory rows pointing at 1,000 devices) keeps one summary per certificate.
 */
export class CertificateCatalog {
  private readonly byFingerprint = new Map<string, CertificateSummary>();

  constructor(private readonly now: Date) {}

  /** Every certificate summarised so far. */
  all(): CertificateSummary[] {
    return [...this.byFingerprint.values()];
  }

  /** The summary of a DER certificate; throws CertificateError (ERR_CERT_INVALID) for bytes that are not one. */
  async summarise(der: Uint8Array, source?: string): Promise<CertificateSummary> {
    const fingerprint = fingerprintOf(der);
    const known = this.byFingerprint.get(fingerprint);
    if (known !== undefined) return known;
    const info = await parseCertificate(der, source === undefined ? {} : { source });
    const summary = summarise(info, this.now);
    this.byFingerprint.set(summary.fingerprintSha256, summary);
    return summary;
  }
}

function summarise(info: CertificateInfo, now: Date): CertificateSummary {
  const selfSigned = info.selfIssued && verifiesWithOwnKey(info.der);
  const summary: CertificateSummary = {
    fingerprintSha256: info.fingerprintSha256,
    subject: info.subjectText,
    issuer: info.issuerText,
    serialNumber: info.serialNumber,
    notBefore: info.notBefore.toISOString(),
    notAfter: info.notAfter.toISOString(),
    daysLeft: Math.floor((info.notAfter.getTime() - now.getTime()) / DAY_MS),
    key: {
      type: info.publicKey.type,
      bits: info.publicKey.bits,
      ...(info.publicKey.curve === undefined ? {} : { curve: info.publicKey.curve }),
    },
    signatureAlgorithm: info.signatureAlgorithm,
    selfSigned,
    isCa: info.isCa,
    names: info.sans.filter((san) => san.type === 'dns' || san.type === 'ip').map((san) => san.value),
  };
  const match = matchDefaultCertificate(info, selfSigned);
  if (match !== undefined) summary.defaultCertificate = match;
  return summary;
}

function verifiesWithOwnKey(der: Uint8Array): boolean {
  try {
    const certificate = new X509Certificate(der);
    return certificate.verify(certificate.publicKey);
  } catch {
    return false;
  }
}

/** The SHA-256 fingerprint as @certwright/core writes it: colon-separated upper-case hex. */
export function fingerprintOf(der: Uint8Array): string {
  const hex = createHash('sha256').update(der).digest('hex').toUpperCase();
  return hex.match(/../g)?.join(':') ?? '';
}
