import type { SubjectAltName } from './subject-alt-name.js';
import type { SubjectFields } from './subject.js';
import type { KeyUsageName } from './key-usage.js';
import type { KeyDescription } from '../keys/types.js';

/** A parsed X.509 certificate. */
export interface CertificateInfo {
  /** Canonical PEM (`CERTIFICATE`) of `der`. */
  pem: string;
  der: Uint8Array;
  subject: SubjectFields;
  /** RFC 4514-style, most specific first: `CN=ovoc.example.com, O=Example`. */
  subjectText: string;
  issuerText: string;
  /** Lower-case hex without leading zero bytes. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** DNS, IP, email and URI names, in certificate order (other name kinds are not listed). */
  sans: SubjectAltName[];
  keyUsage: KeyUsageName[];
  /** Names for the known usages, dotted OIDs for the others. */
  extendedKeyUsage: string[];
  /** basicConstraints CA:TRUE. */
  isCa: boolean;
  /** basicConstraints pathLenConstraint, when present. */
  pathLength?: number;
  publicKey: KeyDescription;
  spkiDer: Uint8Array;
  /** OpenSSL's name: `sha256WithRSAEncryption`, `ecdsa-with-SHA256`, `ED25519`, or the dotted OID. */
  signatureAlgorithm: string;
  /** Lower-case hex. */
  subjectKeyId?: string;
  /** The keyIdentifier of authorityKeyIdentifier, lower-case hex. */
  authorityKeyId?: string;
  /** SHA-256 over the DER, as colon-separated upper-case hex. */
  fingerprintSha256: string;
  /** Subject and issuer names are the same (a root, or a CA re-keying itself). */
  selfIssued: boolean;
}
