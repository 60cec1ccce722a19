/**
 * Typed errors with stable codes. Callers (and tests) switch on `code`, never on message text.
 * Every code is listed in docs/errors.md.
 */

/** Every error code @certwright/core can raise. */
export type CoreErrorCode =
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_FORMAT_TOO_LARGE'
  | 'ERR_FORMAT_NOT_PEM'
  | 'ERR_FORMAT_PEM_INVALID'
  | 'ERR_FORMAT_UNEXPECTED_PEM_LABEL'
  | 'ERR_FORMAT_UNRECOGNIZED'
  | 'ERR_FORMAT_TRUNCATED'
  | 'ERR_FORMAT_DER_INVALID'
  | 'ERR_FORMAT_LIMIT_EXCEEDED'
  | 'ERR_FORMAT_NO_CERTIFICATES'
  | 'ERR_FORMAT_DER_SINGLE_CERTIFICATE'
  | 'ERR_FORMAT_PKCS7_UNSUPPORTED'
  | 'ERR_FORMAT_NOT_PKCS12'
  | 'ERR_FORMAT_PKCS12_PASSWORD_REQUIRED'
  | 'ERR_FORMAT_JKS_PASSWORD_REQUIRED'
  | 'ERR_FORMAT_PKCS12_BAD_PASSWORD'
  | 'ERR_FORMAT_PKCS12_UNSUPPORTED'
  | 'ERR_KEY_UNSUPPORTED'
  | 'ERR_KEY_INVALID'
  | 'ERR_KEY_PASSPHRASE_REQUIRED'
  | 'ERR_KEY_BAD_PASSPHRASE'
  | 'ERR_KEY_ENCRYPTION_UNSUPPORTED'
  | 'ERR_KEY_MISMATCH'
  | 'ERR_CSR_INVALID'
  | 'ERR_CSR_BAD_SIGNATURE'
  | 'ERR_SUBJECT_INVALID'
  | 'ERR_SAN_INVALID'
  | 'ERR_CERT_INVALID'
  | 'ERR_VALIDITY_INVALID'
  | 'ERR_CA_INVALID'
  // the OVOC server certificate set (root.crt, ca1.crt, ca2.crt, server.crt)
  | 'ERR_SERVER_SET_NO_LEAF'
  | 'ERR_SERVER_SET_AMBIGUOUS_LEAF'
  | 'ERR_SERVER_SET_NO_ROOT'
  | 'ERR_SERVER_SET_AMBIGUOUS_ROOT'
  | 'ERR_SERVER_SET_TOO_MANY_INTERMEDIATES'
  // chain building and validation: thrown (ERR_CHAIN_MALFORMED) or reported as problems
  | 'ERR_CHAIN_MALFORMED'
  | 'ERR_CHAIN_EXPIRED'
  | 'ERR_CHAIN_NOT_YET_VALID'
  | 'ERR_CHAIN_HOSTNAME_MISMATCH'
  | 'ERR_CHAIN_IP_MISMATCH'
  | 'ERR_CHAIN_EMAIL_MISMATCH'
  | 'ERR_CHAIN_UNTRUSTED_ROOT'
  | 'ERR_CHAIN_INTERMEDIATE_MISSING'
  | 'ERR_CHAIN_BAD_SIGNATURE'
  | 'ERR_CHAIN_UNSUPPORTED_ALGORITHM'
  | 'ERR_CHAIN_WEAK_HASH'
  | 'ERR_CHAIN_WEAK_KEY'
  | 'ERR_CHAIN_NOT_CA'
  | 'ERR_CHAIN_PATH_LENGTH_EXCEEDED'
  | 'ERR_CHAIN_MAX_DEPTH'
  | 'ERR_CHAIN_KEY_USAGE'
  | 'ERR_CHAIN_EXTENDED_KEY_USAGE'
  | 'ERR_CHAIN_NAME_CONSTRAINTS'
  | 'ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION'
  | 'ERR_CHAIN_INVALID_EXTENSION'
  | 'ERR_CHAIN_WEBPKI_PROFILE'
  | 'ERR_CHAIN_POLICY'
  | 'ERR_CHAIN_REVOKED'
  | 'ERR_CHAIN_CRL_MISSING'
  | 'ERR_CHAIN_CRL_INVALID'
  | 'ERR_CHAIN_OCSP_INVALID'
  | 'ERR_CHAIN_OCSP_EXPIRED'
  | 'ERR_CHAIN_OCSP_UNKNOWN'
  | 'ERR_CHAIN_REVOCATION_UNDETERMINED'
  | 'ERR_CHAIN_ANCHOR_EXPIRED'
  | 'ERR_CHAIN_LEAF_IS_ANCHOR'
  | 'ERR_CHAIN_SEARCH_LIMIT'
  // trust stores and key stores (JKS)
  | 'ERR_TRUSTSTORE_NOT_JKS'
  | 'ERR_TRUSTSTORE_TRUNCATED'
  | 'ERR_TRUSTSTORE_MALFORMED'
  | 'ERR_TRUSTSTORE_LIMIT_EXCEEDED'
  | 'ERR_TRUSTSTORE_UNSUPPORTED'
  | 'ERR_TRUSTSTORE_INTEGRITY'
  | 'ERR_TRUSTSTORE_BAD_KEY_PASSWORD'
  | 'ERR_TRUSTSTORE_DUPLICATE_ALIAS'
  | 'ERR_TRUSTSTORE_NO_SUCH_ALIAS'
  | 'ERR_TRUSTSTORE_NOT_KEY_ENTRY';

/** Where an error points: the file, field or certificate it is about. */
export interface ErrorSubject {
  /** A file name or other label for the input, as the caller named it (`source` options). */
  source?: string;
  /** The field or option at fault, e.g. `san[2]` or `subject.C`. */
  field?: string;
}

/** The base of every error Certwright throws on purpose. */
export class CertwrightError extends Error {
  override readonly name: string = 'CertwrightError';
  readonly code: string;
  readonly source: string | undefined;
  readonly field: string | undefined;

  constructor(code: string, message: string, subject: ErrorSubject = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.source = subject.source;
    this.field = subject.field;
  }

  /** A plain object for `--json` output; never contains secrets because messages never do. */
  toJSON(): { code: string; message: string; source?: string; field?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.source === undefined ? {} : { source: this.source }),
      ...(this.field === undefined ? {} : { field: this.field }),
    };
  }
}

/** An argument a caller passed cannot be used (unknown key size, bad date, …). */
export class InvalidArgumentError extends CertwrightError {
  override readonly name = 'InvalidArgumentError';
  constructor(message: string, subject?: ErrorSubject, options?: { cause?: unknown }) {
    super('ERR_INVALID_ARGUMENT', message, subject, options);
  }
}

/** Bytes that are not in the expected encoding (PEM, DER, …). */
export class FormatError extends CertwrightError {
  override readonly name = 'FormatError';
  constructor(
    code: Extract<CoreErrorCode, `ERR_FORMAT_${string}`>,
    message: string,
    subject?: ErrorSubject,
    options?: { cause?: unknown },
  ) {
    super(code, message, subject, options);
  }
}

/** A private key that cannot be read, decrypted, generated or matched. */
export class KeyError extends CertwrightError {
  override readonly name = 'KeyError';
  constructor(
    code: Extract<CoreErrorCode, `ERR_KEY_${string}`>,
    message: string,
    subject?: ErrorSubject,
    options?: { cause?: unknown },
  ) {
    super(code, message, subject, options);
  }
}

/** A certificate signing request, subject or subject alternative name that is not usable. */
export class CsrError extends CertwrightError {
  override readonly name = 'CsrError';
  constructor(
    code: Extract<CoreErrorCode, `ERR_CSR_${string}` | 'ERR_SUBJECT_INVALID' | 'ERR_SAN_INVALID'>,
    message: string,
    subject?: ErrorSubject,
    options?: { cause?: unknown },
  ) {
    super(code, message, subject, options);
  }
}

/** A certificate, validity window or CA that is not usable. */
export class CertificateError extends CertwrightError {
  override readonly name = 'CertificateError';
  constructor(
    code: Extract<CoreErrorCode, 'ERR_CERT_INVALID' | 'ERR_VALIDITY_INVALID' | 'ERR_CA_INVALID'>,
    message: string,
    subject?: ErrorSubject,
    options?: { cause?: unknown },
  ) {
    super(code, message, subject, options);
  }
}

/** A certificate handed to chain building or validation that cannot be read (not DER, broken structure). */
export class ChainError extends CertwrightError {
  override readonly name = 'ChainError';
  constructor(
    code: Extract<CoreErrorCode, `ERR_CHAIN_${string}`>,
    message: string,
    subject?: ErrorSubject,
    options?: { cause?: unknown },
  ) {
    super(code, message, subject, options);
  }
}

/** A prefix for messages: `server.key: ` when the caller named the input, nothing otherwise. */
export function sourcePrefix(source: string | undefined): string {
  return source === undefined ? '' : `${source}: `;
}

/** Certificates that cannot be arranged into the OVOC server set (one root, up to two intermediates, the server). */
export class ServerSetError extends CertwrightError {
  override readonly name = 'ServerSetError';
  constructor(
    code: Extract<CoreErrorCode, `ERR_SERVER_SET_${string}`>,
    message: string,
    subject?: ErrorSubject,
    options?: { cause?: unknown },
  ) {
    super(code, message, subject, options);
  }
}

/** A trust store or key store (JKS) that cannot be read, verified or changed as asked. */
export class TrustStoreError extends CertwrightError {
  override readonly name = 'TrustStoreError';
  constructor(
    code: Extract<CoreErrorCode, `ERR_TRUSTSTORE_${string}`>,
    message: string,
    subject?: ErrorSubject,
    options?: { cause?: unknown },
  ) {
    super(code, message, subject, options);
  }
}
