/**
 * Reading a PKCS#10 CertificationRequest (RFC 2986 §4) with the shared DER reader:
 *   CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature BIT STRING }
 *   CertificationRequestInfo ::= SEQUENCE { version INTEGER { v1(0) }, subject Name,
 *     subjectPKInfo SubjectPublicKeyInfo, attributes [0] IMPLICIT SET OF Attribute }
 */
import { DerError, readOid } from '../asn1/der.js';
import { readBitString, readBoolean, type RawElement, readRaw, readRawChildren } from '../asn1/der-primitives.js';
import { OID_EXTENSION_REQUEST } from '../asn1/oids.js';
import type { AlgorithmIdentifier } from '../keys/signature-verify.js';
import { type ChainName, readName } from './name.js';

/** One extension as requested: its criticality and the DER inside its OCTET STRING. */
export interface RequestedExtension {
  critical: boolean;
  value: Uint8Array;
}

/** The parts of a CSR that Certwright reads. */
export interface ParsedCsr {
  der: Uint8Array;
  /** The encoded certificationRequestInfo: what the signature covers. */
  info: Uint8Array;
  subject: ChainName;
  spki: Uint8Array;
  /** The type OIDs of every attribute, in order. */
  attributeTypes: string[];
  /** The extensions of the extensionRequest attribute (PKCS#9), by OID. */
  extensions: Map<string, RequestedExtension>;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Uint8Array;
}

/** Parses a DER CSR; throws DerError naming what is malformed. */
export function parseCsrDer(der: Uint8Array): ParsedCsr {
  const outer = readRaw(der);
  const [info, algorithm, signature, extra] = readRawChildren(outer);
  if (outer.tag !== 0x30 || info?.tag !== 0x30 || algorithm?.tag !== 0x30 || signature?.tag !== 0x03) {
    throw new DerError('not a CertificationRequest');
  }
  if (extra !== undefined) throw new DerError('data after the signature');
  const [version, subject, spki, attributes, more] = readRawChildren(info);
  if (version?.tag !== 0x02 || version.content.byteLength !== 1 || version.content[0] !== 0) {
    throw new DerError('version must be v1 (0)');
  }
  if (subject === undefined || spki?.tag !== 0x30) throw new DerError('malformed certificationRequestInfo');
  if ((attributes !== undefined && attributes.tag !== 0xa0) || more !== undefined) {
    throw new DerError('malformed attributes');
  }
  const parsedAttributes = attributes === undefined ? [] : readAttributes(attributes);
  const [algorithmOid, parameters] = readRawChildren(algorithm);
  return {
    der,
    info: info.raw,
    subject: readName(subject),
    spki: spki.raw,
    attributeTypes: parsedAttributes.map(({ oid }) => oid),
    extensions: requestedExtensions(parsedAttributes),
    signatureAlgorithm: { oid: readOid(algorithmOid), parameters: parameters?.raw },
    signature: readBitString(signature).bytes,
  };
}

function readAttributes(attributes: RawElement): { oid: string; values: RawElement[] }[] {
  return readRawChildren(attributes).map((attribute) => {
    const [type, values, extra] = readRawChildren(attribute);
    if (attribute.tag !== 0x30 || values?.tag !== 0x31 || extra !== undefined)
      throw new DerError('malformed attribute');
    return { oid: readOid(type), values: readRawChildren(values) };
  });
}

function requestedExtensions(attributes: { oid: string; values: RawElement[] }[]): Map<string, RequestedExtension> {
  const extensions = new Map<string, RequestedExtension>();
  const requests = attributes.filter(({ oid }) => oid === OID_EXTENSION_REQUEST);
  if (requests.length > 1) throw new DerError('more than one extensionRequest attribute');
  const [list, extra] = requests[0]?.values ?? [];
  if (list === undefined) return extensions;
  if (list.tag !== 0x30 || extra !== undefined) throw new DerError('malformed extensionRequest');
  for (const extension of readRawChildren(list)) {
    const parts = readRawChildren(extension);
    const value = parts[parts.length - 1];
    if (extension.tag !== 0x30 || parts.length < 2 || parts.length > 3 || value?.tag !== 0x04) {
      throw new DerError('malformed extension');
    }
    const oid = readOid(parts[0]);
    if (extensions.has(oid)) throw new DerError(`extension ${oid} requested twice`);
    extensions.set(oid, { critical: parts.length === 3 && readBoolean(parts[1] as RawElement), value: value.content });
  }
  return extensions;
}
