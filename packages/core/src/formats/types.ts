import type { PassphraseInput } from '../keys/read.js';
import type { PrivateKey } from '../keys/types.js';

/** What detectFormat found. DER formats name the structure; PEM lists its blocks' labels. */
export type DetectedFormat =
  | 'pem'
  | 'der-certificate'
  | 'der-csr'
  | 'der-key'
  | 'der-public-key'
  | 'pkcs7'
  | 'pkcs12'
  | 'jks';

/** The result of detectFormat. */
export interface FormatDetection {
  format: DetectedFormat;
  /** `binary` for a Java KeyStore, which is neither PEM nor DER. */
  encoding: 'pem' | 'der' | 'binary';
  /** PEM only: every block's label, in file order, e.g. `['CERTIFICATE', 'CERTIFICATE']`. */
  blocks?: string[];
  /** `der-key` only: which private-key structure. */
  keyKind?: 'pkcs8' | 'encrypted-pkcs8' | 'pkcs1' | 'sec1';
}

/** Encodings encodeCertificates writes. `p7b` is DER PKCS#7; `p7b-pem` the same in a `PKCS7` PEM block. */
export type CertificateEncoding = 'pem' | 'der' | 'p7b' | 'p7b-pem';

/** How to read certificates from any container. */
export interface ReadCertificatesOptions {
  /** A name for the input (usually the file name) that starts every error message. */
  source?: string;
  /**
   * The PKCS#12 or JKS store password; a callback is called only when the input turns out to be one
   * of those (e.g. a prompt).
   */
  password?: PassphraseInput;
  /** The most PKCS#12 KDF/PBKDF2 iterations a file may ask for (default PKCS12_MAX_ITERATIONS). */
  maxIterations?: number;
}

/** How to read a PKCS#12 file. */
export interface ReadPkcs12Options extends ReadCertificatesOptions {
  /** Decrypt the private keys too (default false: only certificates are returned). */
  includeKeys?: boolean;
}

/** A certificate from a PKCS#12 file, with the attributes that pair it with its key. */
export interface Pkcs12Certificate {
  der: Uint8Array;
  friendlyName?: string;
  /** Lower-case hex. */
  localKeyId?: string;
}

/** A decrypted private key from a PKCS#12 file. */
export interface Pkcs12Key {
  key: PrivateKey;
  friendlyName?: string;
  localKeyId?: string;
}

/** What a PKCS#12 file holds. */
export interface Pkcs12Result {
  /** In file order. */
  certificates: Pkcs12Certificate[];
  /** Decrypted keys; empty unless `includeKeys`. */
  keys: Pkcs12Key[];
  /** How many private keys the file holds (decrypted or not). */
  keyCount: number;
  /** The integrity MAC, e.g. `HMAC-SHA256 (2048 iterations)`; undefined when the file has none. */
  mac: string | undefined;
  /** The encryption schemes of the encrypted parts, e.g. `PBES2 (PBKDF2 hmacWithSHA256, aes-256-cbc)`. */
  encryption: string[];
}
