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
  | 'ERR_CA_INVALID';

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

/** A prefix for messages: `server.key: ` when the caller named the input, nothing otherwise. */
export function sourcePrefix(source: string | undefined): string {
  return source === undefined ? '' : `${source}: `;
}
