import type { CertificateInfo } from '../x509/certificate-info.js';
import type { PrivateKey } from '../keys/types.js';

/** One CA of a lab hierarchy, named as the OVOC server certificate directory names its file. */
export interface LabCaMember {
  name: 'root' | 'ca1' | 'ca2';
  certificatePem: string;
  key: PrivateKey;
}

/** A lab CA: a root and 0–2 intermediates, root → ca1 → ca2. */
export interface LabCa {
  root: LabCaMember;
  /** `[ca1]` or `[ca1, ca2]`; the last one issues server certificates. */
  intermediates: LabCaMember[];
}

/** Something worth telling the caller about a certificate that was issued anyway. */
export interface IssueWarning {
  /** WARN_VALIDITY_CLAMPED or WARN_KEY_USAGE_DROPPED. */
  code: 'WARN_VALIDITY_CLAMPED' | 'WARN_KEY_USAGE_DROPPED';
  message: string;
}

/** A certificate signCsr issued, with what it changed from the request. */
export interface SignedCertificate extends CertificateInfo {
  warnings: IssueWarning[];
}
