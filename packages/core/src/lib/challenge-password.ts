import type * as X509 from '@peculiar/x509';
import type { X509Module } from './x509-module.js';
import type { Asn1js } from './asn1js.js';
import { InvalidArgumentError } from '../errors.js';
import { toArrayBuffer } from './bytes.js';

const OID_CHALLENGE_PASSWORD = '1.2.840.113549.1.9.7';
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/**
 * The PKCS#9 challengePassword attribute (RFC 2985 §5.4.1): PrintableString when the password fits
 * it, UTF8String otherwise, as OpenSSL does. The value is never echoed in errors.
 */
export function challengePasswordAttribute(x509: X509Module, asn1js: Asn1js, password: string): X509.Attribute {
  if (password.length === 0 || password.length > 255) {
    throw new InvalidArgumentError('challengePassword must be 1 to 255 characters', { field: 'challengePassword' });
  }
  const value = PRINTABLE.test(password)
    ? new asn1js.PrintableString({ value: password })
    : new asn1js.Utf8String({ value: password });
  return new x509.Attribute(OID_CHALLENGE_PASSWORD, [toArrayBuffer(new Uint8Array(value.toBER()))]);
}
