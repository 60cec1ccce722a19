import type { KeyDescription } from '../keys/types.js';
import type { KeyUsageName } from '../x509/key-usage.js';
import type { SubjectAltName } from '../x509/subject-alt-name.js';
import type { SubjectFields } from '../x509/subject.js';

/** A parsed certificate signing request (PKCS#10). The challenge password itself is never exposed. */
export interface CsrInfo {
  /** Canonical PEM (`CERTIFICATE REQUEST`) of `der`. */
  pem: string;
  der: Uint8Array;
  subject: SubjectFields;
  /** RFC 4514-style, most specific first: `CN=ovoc.example.com, O=Example`. */
  subjectText: string;
  /** Requested DNS, IP, email and URI names, in request order (other name kinds are not listed). */
  sans: SubjectAltName[];
  keyUsage: KeyUsageName[];
  /** Names for the known usages, dotted OIDs for the others. */
  extendedKeyUsage: string[];
  publicKey: KeyDescription;
  spkiDer: Uint8Array;
  /** OpenSSL's name: `sha256WithRSAEncryption`, `ecdsa-with-SHA256`, `ED25519`, or the dotted OID. */
  signatureAlgorithm: string;
  hasChallengePassword: boolean;
  /** SHA-256 over the DER, as colon-separated upper-case hex. */
  fingerprintSha256: string;
}
