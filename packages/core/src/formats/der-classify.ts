/**
 * Telling DER structures apart by their shape (tags and field counts), without parsing them fully.
 *   Certificate  SEQUENCE { tbs SEQUENCE { [0] version, serial, … (6+ fields) }, algorithm SEQUENCE, BIT STRING }
 *   CSR          SEQUENCE { info SEQUENCE { INTEGER 0, Name, SPKI, [0] attributes }, algorithm SEQUENCE, BIT STRING }
 *   ContentInfo  SEQUENCE { OID, [0] content }                          (PKCS#7)
 *   PFX          SEQUENCE { INTEGER 3, ContentInfo SEQUENCE, MacData SEQUENCE? }   (PKCS#12)
 *   SPKI         SEQUENCE { algorithm SEQUENCE, BIT STRING }
 */
import { type DerElement, readChildren, TAG_BIT_STRING, TAG_INTEGER, TAG_SEQUENCE } from '../asn1/der.js';
import { isContentInfo } from '../pkcs7/pkcs7.js';
import { isPfx } from '../pkcs12/read-structure.js';
import { detectPrivateKeyDer, type PrivateKeyDerKind } from '../keys/private-key-der.js';

/** What a DER structure is, as far as its shape tells. */
export type DerKind = 'certificate' | 'csr' | 'pkcs7' | 'pkcs12' | 'public-key' | PrivateKeyDerKind;

const TAG_CONTEXT_0 = 0xa0;

/** The kind of an already length-checked top-level element and its bytes; undefined when unknown. */
export function classifyDer(root: DerElement, der: Uint8Array): DerKind | undefined {
  if (root.tag !== TAG_SEQUENCE) return undefined;
  const children = readChildren(root);
  if (isContentInfo(children)) return 'pkcs7';
  if (isPfx(children)) return 'pkcs12';
  const signed = signedKind(children);
  if (signed !== undefined) return signed;
  const key = detectPrivateKeyDer(der);
  if (key !== undefined) return key;
  if (children.length === 2 && children[0]?.tag === TAG_SEQUENCE && children[1]?.tag === TAG_BIT_STRING) {
    return 'public-key';
  }
  return undefined;
}

/** Certificate or CSR: both are SEQUENCE { to-be-signed, algorithm, signature BIT STRING }. */
function signedKind(children: readonly DerElement[]): 'certificate' | 'csr' | undefined {
  const [body, algorithm, signature] = children;
  if (children.length !== 3 || body?.tag !== TAG_SEQUENCE || algorithm?.tag !== TAG_SEQUENCE) return undefined;
  if (signature?.tag !== TAG_BIT_STRING) return undefined;
  const fields = readChildren(body);
  if (fields[0]?.tag === TAG_CONTEXT_0 && fields.length >= 7) return 'certificate';
  if (fields.length === 4 && fields[0]?.tag === TAG_INTEGER && fields[3]?.tag === TAG_CONTEXT_0) return 'csr';
  // Version 1 certificates omit [0] version: serial, algorithm, issuer, validity, subject, SPKI.
  if (fields[0]?.tag === TAG_INTEGER && fields.length >= 6) return 'certificate';
  return undefined;
}
