import { expectTag, readChildren, readElement, TAG_INTEGER, TAG_OCTET_STRING, TAG_SEQUENCE } from '../asn1/der.js';

/** The private-key DER structures core reads, told apart by the tags of their first two fields. */
export type PrivateKeyDerKind = 'pkcs8' | 'encrypted-pkcs8' | 'pkcs1' | 'sec1';

/**
 * Which private-key structure the DER holds, or undefined when it is none of them
 * (a certificate, random bytes, a truncated file).
 *   PrivateKeyInfo          SEQUENCE { INTEGER version, SEQUENCE algorithm, OCTET STRING key, … }
 *   EncryptedPrivateKeyInfo SEQUENCE { SEQUENCE algorithm, OCTET STRING data }
 *   RSAPrivateKey (PKCS#1)  SEQUENCE { INTEGER version, INTEGER modulus, … }
 *   ECPrivateKey (SEC 1)    SEQUENCE { INTEGER 1, OCTET STRING key, … }
 */
export function detectPrivateKeyDer(der: Uint8Array): PrivateKeyDerKind | undefined {
  let fields: { tag: number }[];
  try {
    fields = readChildren(expectTag(readElement(der), TAG_SEQUENCE));
  } catch {
    return undefined;
  }
  const [first, second] = fields.map((field) => field.tag);
  if (first === TAG_SEQUENCE && second === TAG_OCTET_STRING && fields.length === 2) return 'encrypted-pkcs8';
  if (first !== TAG_INTEGER) return undefined;
  if (second === TAG_SEQUENCE) return 'pkcs8';
  if (second === TAG_INTEGER) return 'pkcs1';
  if (second === TAG_OCTET_STRING) return 'sec1';
  return undefined;
}
