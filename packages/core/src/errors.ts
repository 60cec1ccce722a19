/**
 * Typed errors with stable codes. Callers (and tests) switch on `code`, never on message text.
 * Every code is defined once, in the error catalogue (error-codes/catalogue.ts).
 */

import type { ErrorCode } from './error-codes/catalogue.js';

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
  readonly code: ErrorCode;
  readonly source: string | undefined;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, subject: ErrorSubject = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.source = subject.source;
    this.field = subject.field;
  }

  /** A plain object for `--json` output; never contains secrets because messages never do. */
  toJSON(): { code: ErrorCode; message: string; source?: string; field?: string } {
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
    code: Extract<ErrorCode, `ERR_FORMAT_${string}`>,
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
    code: Extract<ErrorCode, `ERR_KEY_${string}`>,
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
    code: Extract<ErrorCode, `ERR_CSR_${string}` | 'ERR_SUBJECT_INVALID' | 'ERR_SAN_INVALID'>,
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
    code: Extract<ErrorCode, 'ERR_CERT_INVALID' | 'ERR_VALIDITY_INVALID' | 'ERR_CA_INVALID'>,
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
    code: Extract<ErrorCode, `ERR_CHAIN_${string}`>,
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
    code: Extract<ErrorCode, `ERR_SERVER_SET_${string}`>,
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
    code: Extract<ErrorCode, `ERR_TRUSTSTORE_${string}`>,
    message: string,
    subject?: ErrorSubject,
    options?: { cause?: unknown },
  ) {
    super(code, message, subject, options);
  }
}
