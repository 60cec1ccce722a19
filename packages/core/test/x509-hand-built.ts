// Certificates built field by field with our DER writer and signed with Node's Ed25519, so that a test
// can break exactly one RFC 5280 rule and keep every other one (the signature still verifies).
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import {
  encodeBitString,
  encodeBoolean,
  encodeElement,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  encodeSetOf,
  encodeString,
  encodeUnsignedInteger,
  TAG_UTF8_STRING,
} from '../src/asn1/der.js';

export const ED25519 = encodeSequence(encodeOid('1.3.101.112'));
export const ECDSA_SHA256 = encodeSequence(encodeOid('1.2.840.10045.4.3.2'));

export interface Signer {
  key: KeyObject;
  spki: Uint8Array;
  keyId: Uint8Array;
  name: Uint8Array;
}

/** An Ed25519 key pair with the name it certifies under. */
export function signer(commonName: string): Signer {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const keyId = new Uint8Array(createHash('sha1').update(spki).digest());
  return { key: privateKey, spki, keyId, name: name(commonName) };
}

/** A Name of one RDN holding one commonName; no argument gives the empty Name. */
export function name(commonName?: string): Uint8Array {
  if (commonName === undefined) return encodeSequence();
  const attribute = encodeSequence(encodeOid('2.5.4.3'), encodeString(TAG_UTF8_STRING, commonName));
  return encodeSequence(encodeSetOf([attribute]));
}

export const utcTime = (text: string) => encodeElement(0x17, new TextEncoder().encode(text));
export const generalizedTime = (text: string) => encodeElement(0x18, new TextEncoder().encode(text));

/** An Extension; `critical` 'explicit-false' writes the DEFAULT FALSE that DER omits. */
export function extension(oid: string, value: Uint8Array, critical: boolean | 'explicit-false' = false): Uint8Array {
  const flag = critical === true ? [encodeBoolean(true)] : critical === 'explicit-false' ? [encodeBoolean(false)] : [];
  return encodeSequence(encodeOid(oid), ...flag, encodeOctetString(value));
}

export const basicConstraintsCa = () => extension('2.5.29.19', encodeSequence(encodeBoolean(true)), true);
// keyCertSign and cRLSign (bits 5 and 6): 0b0000_0110 with one unused bit.
export const keyUsageCa = () => extension('2.5.29.15', encodeBitString(Uint8Array.of(0x06), 1), true);
// digitalSignature (bit 0) with seven unused bits.
export const keyUsageLeaf = () => extension('2.5.29.15', encodeBitString(Uint8Array.of(0x80), 7), true);
export const subjectKeyId = (id: Uint8Array) => extension('2.5.29.14', encodeOctetString(id));
export const authorityKeyId = (id: Uint8Array) => extension('2.5.29.35', encodeSequence(encodeElement(0x80, id)));
export const dnsSan = (host: string, critical = false) =>
  extension('2.5.29.17', encodeSequence(encodeElement(0x82, new TextEncoder().encode(host))), critical);

/** Every field of a certificate; each default is the well-formed choice. */
export interface CertificateFields {
  /** The [0] version element, or 'absent' (v1 by default) — 3 by default. */
  version?: number | 'absent' | Uint8Array;
  /** The serial INTEGER's content bytes. */
  serial?: Uint8Array;
  innerAlgorithm?: Uint8Array;
  outerAlgorithm?: Uint8Array;
  issuer: Uint8Array;
  notBefore?: Uint8Array;
  notAfter?: Uint8Array;
  subject: Uint8Array;
  spki: Uint8Array;
  issuerUniqueId?: Uint8Array;
  subjectUniqueId?: Uint8Array;
  /** The Extension elements; undefined leaves the [3] field out, [] writes an empty SEQUENCE. */
  extensions?: Uint8Array[];
  /** Raw elements written at the end of tbsCertificate (after the extensions). */
  trailingTbsFields?: Uint8Array[];
  /** Signs the tbsCertificate DER. */
  signedBy: KeyObject;
  /** The signatureValue BIT STRING from the signature bytes (default: whole bytes, no unused bits). */
  signatureValue?: (signature: Uint8Array) => Uint8Array;
  /** Changes the signed tbsCertificate bytes afterwards (a tampered certificate). */
  tamper?: (tbs: Uint8Array) => Uint8Array;
}

/** The DER certificate from its fields, signed with Ed25519 over the DER tbsCertificate. */
export function buildCertificate(fields: CertificateFields): Uint8Array {
  const version = fields.version ?? 3;
  const versionField =
    version === 'absent'
      ? []
      : [version instanceof Uint8Array ? version : encodeElement(0xa0, encodeUnsignedInteger(version - 1))];
  const tbs = encodeSequence(
    ...versionField,
    encodeElement(0x02, fields.serial ?? Uint8Array.of(0x01, 0x23)),
    fields.innerAlgorithm ?? ED25519,
    fields.issuer,
    encodeSequence(fields.notBefore ?? utcTime('250101000000Z'), fields.notAfter ?? utcTime('350101000000Z')),
    fields.subject,
    fields.spki,
    ...(fields.issuerUniqueId === undefined ? [] : [encodeElement(0x81, fields.issuerUniqueId)]),
    ...(fields.subjectUniqueId === undefined ? [] : [encodeElement(0x82, fields.subjectUniqueId)]),
    ...(fields.extensions === undefined ? [] : [encodeElement(0xa3, encodeSequence(...fields.extensions))]),
    ...(fields.trailingTbsFields ?? []),
  );
  const signature = new Uint8Array(sign(null, tbs, fields.signedBy));
  const signed = fields.tamper === undefined ? tbs : fields.tamper(tbs);
  const signatureValue = fields.signatureValue?.(signature) ?? encodeBitString(signature);
  return encodeSequence(signed, fields.outerAlgorithm ?? ED25519, signatureValue);
}

/** A self-signed v3 root CA. */
export function buildRoot(root: Signer, overrides: Partial<CertificateFields> = {}): Uint8Array {
  return buildCertificate({
    issuer: root.name,
    subject: root.name,
    spki: root.spki,
    signedBy: root.key,
    extensions: [basicConstraintsCa(), keyUsageCa(), subjectKeyId(root.keyId)],
    ...overrides,
  });
}

/** A v3 end-entity certificate `issuer` signs; `extensions` replaces the default AKI, SAN and keyUsage. */
export function buildLeaf(issuer: Signer, overrides: Partial<CertificateFields> = {}): Uint8Array {
  const leaf = signer('leaf.example.com');
  return buildCertificate({
    issuer: issuer.name,
    subject: leaf.name,
    spki: leaf.spki,
    signedBy: issuer.key,
    extensions: [authorityKeyId(issuer.keyId), dnsSan('leaf.example.com'), keyUsageLeaf()],
    ...overrides,
  });
}
