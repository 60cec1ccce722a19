/**
 * Distinguished names as the chain validator compares them: RFC 5280 §7.1 asks for the RFC 4518
 * string preparation; we apply its practical core (trim, fold inner whitespace, fold case) to the
 * directory string types and compare every other value by its exact encoding.
 */
import { DerError, readChildren, readOid } from '../asn1/der.js';
import { hexOf, type RawElement } from '../asn1/der-primitives.js';

/** One attribute of a name: its type, its value's tag and content, its text when it is a string type. */
export interface NameAttribute {
  oid: string;
  tag: number;
  content: Uint8Array;
  text: string | undefined;
  /** Which RDN it belongs to (0 = the first in DER order): a multi-valued RDN has several. */
  rdn: number;
}

/** A parsed Name with the keys used to compare it. */
export interface ChainName {
  raw: Uint8Array;
  /** The attributes in order, RDN by RDN. */
  attributes: NameAttribute[];
  /** One comparison key per RDN (its attributes normalised and sorted). */
  rdnKeys: string[];
  /** The comparison key of the whole name. */
  key: string;
}

export const OID_COMMON_NAME = '2.5.4.3';
export const OID_EMAIL_ADDRESS = '1.2.840.113549.1.9.1';

const STRING_TAGS = new Set([0x0c, 0x13, 0x14, 0x16, 0x1a, 0x1c, 0x1e]);
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a Name from its encoding. */
export function readName(element: RawElement): ChainName {
  if (element.tag !== 0x30) throw new DerError('a Name must be a SEQUENCE');
  const attributes: NameAttribute[] = [];
  const rdnKeys: string[] = [];
  for (const [rdnIndex, rdn] of readChildren(element).entries()) {
    if (rdn.tag !== 0x31) throw new DerError('an RDN must be a SET');
    const avas = readChildren(rdn);
    if (avas.length === 0) throw new DerError('empty RDN');
    const keys: string[] = [];
    for (const ava of avas) {
      const [type, value, extra] = readChildren(ava);
      if (value === undefined || extra !== undefined) throw new DerError('malformed AttributeTypeAndValue');
      const oid = readOid(type);
      const text = STRING_TAGS.has(value.tag) ? decodeString(value.tag, value.content) : undefined;
      attributes.push({ oid, tag: value.tag, content: value.content, text, rdn: rdnIndex });
      keys.push(`${oid}=${text === undefined ? `#${value.tag}:${hexOf(value.content)}` : normaliseText(text)}`);
    }
    rdnKeys.push(keys.sort().join('+'));
  }
  return { raw: element.raw, attributes, rdnKeys, key: JSON.stringify(rdnKeys) };
}

/** True when `prefix`'s RDNs are the first RDNs of `name` (directoryName constraints, RFC 5280 §4.2.1.10). */
export function isNamePrefix(prefix: ChainName, name: ChainName): boolean {
  if (prefix.rdnKeys.length > name.rdnKeys.length) return false;
  return prefix.rdnKeys.every((key, index) => key === name.rdnKeys[index]);
}

/** The texts of every attribute of one type (e.g. every CN). */
export function attributeTexts(name: ChainName, oid: string): string[] {
  return name.attributes.filter((attribute) => attribute.oid === oid).map((attribute) => attribute.text ?? '');
}

function decodeString(tag: number, content: Uint8Array): string {
  switch (tag) {
    case 0x0c:
      return utf8.decode(content);
    case 0x1e:
      // Two octets a character: an odd length would make swap16 throw a RangeError, not a DER error.
      if (content.byteLength % 2 !== 0) throw new DerError('malformed BMPString');
      return Buffer.from(content).swap16().toString('utf16le');
    case 0x1c: {
      if (content.byteLength % 4 !== 0) throw new DerError('malformed UniversalString');
      let text = '';
      for (let i = 0; i < content.byteLength; i += 4) {
        const codePoint = new DataView(content.buffer, content.byteOffset + i, 4).getUint32(0);
        if (codePoint > 0x10ffff) throw new DerError('malformed UniversalString');
        text += String.fromCodePoint(codePoint);
      }
      return text;
    }
    default:
      return latin1.decode(content);
  }
}

function normaliseText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}
