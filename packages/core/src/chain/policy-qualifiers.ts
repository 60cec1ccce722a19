/** Policy qualifiers (RFC 5280 §4.2.1.4): the ones defined, and finding any other in certificatePolicies. */
import { readOid } from '../asn1/der.js';
import { readRaw, readRawChildren } from '../asn1/der-primitives.js';

const ID_QT_CPS = '1.3.6.1.5.5.7.2.1';
const ID_QT_UNOTICE = '1.3.6.1.5.5.7.2.2';

/**
 * The first policyQualifierId other than CPS and user notice in a certificatePolicies value, or
 * undefined. An unreadable value is left to the certificate parser, which reports it as malformed.
 */
export function unknownPolicyQualifier(value: Uint8Array): string | undefined {
  try {
    for (const information of readRawChildren(readRaw(value))) {
      const [, qualifiers] = readRawChildren(information);
      for (const qualifier of qualifiers === undefined ? [] : readRawChildren(qualifiers)) {
        const oid = readOid(readRawChildren(qualifier)[0]);
        if (oid !== ID_QT_CPS && oid !== ID_QT_UNOTICE) return oid;
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}
