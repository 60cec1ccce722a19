import { InvalidArgumentError } from '../errors.js';
import { encodeString, TAG_PRINTABLE_STRING, TAG_UTF8_STRING } from '../asn1/der.js';
import { OID_CHALLENGE_PASSWORD } from '../asn1/oids.js';
import { encodeAttribute } from './pkcs10.js';

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/**
 * The PKCS#9 challengePassword attribute (RFC 2985 §5.4.1) as DER: PrintableString when the
 * password fits it, UTF8String otherwise, as OpenSSL does. The value is never echoed in errors.
 */
export function challengePasswordAttribute(password: string): Uint8Array {
  if (password.length === 0 || password.length > 255) {
    throw new InvalidArgumentError('challengePassword must be 1 to 255 characters', { field: 'challengePassword' });
  }
  const tag = PRINTABLE.test(password) ? TAG_PRINTABLE_STRING : TAG_UTF8_STRING;
  return encodeAttribute(OID_CHALLENGE_PASSWORD, [encodeString(tag, password)]);
}
