import type { SubjectAltName } from './subject-alt-name.js';
import type { ExtendedKeyUsageName, KeyUsageName } from './key-usage.js';
import { InvalidArgumentError } from '../errors.js';
import { encodeBitString, encodeBoolean, encodeOctetString, encodeOid, encodeSequence } from '../asn1/der.js';
import { encodeGeneralNames } from './general-names.js';
import { EXTENDED_KEY_USAGE_OIDS, KEY_USAGE_FLAGS, keyUsageFlags } from './key-usage.js';
import { OID_EXTENDED_KEY_USAGE, OID_KEY_USAGE } from '../asn1/oids.js';
import { EXT_SUBJECT_ALT_NAME } from './extensions.js';

/** The key usage names, checked (library callers may pass any string). */
export function checkKeyUsageNames(names: readonly string[], field: string): KeyUsageName[] {
  return checkNames(names, Object.keys(KEY_USAGE_FLAGS), field) as KeyUsageName[];
}

/** The extended key usage names, checked. */
export function checkExtendedKeyUsageNames(names: readonly string[], field: string): ExtendedKeyUsageName[] {
  return checkNames(names, Object.keys(EXTENDED_KEY_USAGE_OIDS), field) as ExtendedKeyUsageName[];
}

function checkNames(names: readonly string[], known: string[], field: string): string[] {
  names.forEach((name, index) => {
    if (!known.includes(name)) {
      throw new InvalidArgumentError(`${field}[${index}]: unknown usage "${name}" (expected ${known.join(', ')})`, {
        field: `${field}[${index}]`,
      });
    }
  });
  return [...new Set(names)];
}

/** The DER of an Extension; `critical` is left out when false, its DEFAULT (X.690 §11.5). */
export function encodeExtension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return encodeSequence(encodeOid(oid), ...(critical ? [encodeBoolean(true)] : []), encodeOctetString(value));
}

/** subjectAltName DER; critical only when the subject is empty (RFC 5280 §4.2.1.6). */
export function encodeSubjectAltNameExtension(sans: readonly SubjectAltName[], subjectIsEmpty = false): Uint8Array {
  return encodeExtension(EXT_SUBJECT_ALT_NAME, subjectIsEmpty, encodeGeneralNames(sans));
}

/** keyUsage DER, critical as RFC 5280 §4.2.1.3 recommends. */
export function encodeKeyUsageExtension(names: readonly KeyUsageName[]): Uint8Array {
  return encodeExtension(OID_KEY_USAGE, true, keyUsageBits(keyUsageFlags(names)));
}

/** extendedKeyUsage DER, not critical: a client that does not know it may still use the certificate. */
export function encodeExtendedKeyUsageExtension(names: readonly ExtendedKeyUsageName[]): Uint8Array {
  return encodeExtension(
    OID_EXTENDED_KEY_USAGE,
    false,
    encodeSequence(...names.map((name) => encodeOid(EXTENDED_KEY_USAGE_OIDS[name]))),
  );
}

/**
 * KeyUsage as a named-bit BIT STRING: RFC 5280's bit n is the n-th bit of the string counting from
 * the top bit of the first byte, and DER ends the string at the last bit set (X.690 §11.2.2).
 */
function keyUsageBits(flags: number): Uint8Array {
  const highest = 31 - Math.clz32(flags);
  const bytes = new Uint8Array((highest >> 3) + 1);
  for (let bit = 0; bit <= highest; bit++) {
    if ((flags & (1 << bit)) !== 0) bytes[bit >> 3] = (bytes[bit >> 3] as number) | (0x80 >> (bit & 7));
  }
  return encodeBitString(bytes, 7 - (highest & 7));
}
