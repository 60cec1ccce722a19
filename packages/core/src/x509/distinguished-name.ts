import { SUBJECT_ATTRIBUTES, type SubjectAttribute, type SubjectFields } from './subject-attributes.js';
import { toHex } from '../lib/bytes.js';
import {
  encodeElement,
  encodeOid,
  encodeSequence,
  encodeSetOf,
  encodeString,
  TAG_IA5_STRING,
  TAG_PRINTABLE_STRING,
  TAG_UTF8_STRING,
} from '../asn1/der.js';
import type { ChainName, NameAttribute as ChainNameAttribute } from './name.js';
import { isControlCharacter } from './name-syntax.js';

const OTHER_STRING_TAGS = new Set([0x12, 0x15, 0x19, 0x1b]);
const latin1 = new TextDecoder('latin1');

// Labels for attributes Certwright reads but does not write, as OpenSSL prints them.
const OTHER_LABELS: Record<string, string> = {
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.9': 'street',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
};

/** One attribute of a distinguished name as Certwright shows it. */
export interface DisplayAttribute {
  oid: string;
  value: string;
}

/** The name in @peculiar/x509's JSON form (OID keys, explicit string types), in the usual order. */
export function subjectToJsonName(fields: SubjectFields): Record<string, Record<string, string>[]>[] {
  return SUBJECT_ATTRIBUTES.flatMap(({ field, oid, stringType }) => {
    const value = fields[field];
    return value === undefined ? [] : [{ [oid]: [{ [stringType]: value }] }];
  });
}

const STRING_TAGS: Record<SubjectAttribute['stringType'], number> = {
  printableString: TAG_PRINTABLE_STRING,
  utf8String: TAG_UTF8_STRING,
  ia5String: TAG_IA5_STRING,
};

/**
 * The DER Name of checked subject fields: one attribute per RDN, in SUBJECT_ATTRIBUTES order, each
 * in its string type — the same bytes @peculiar/x509 makes from subjectToJsonName (a test holds them equal).
 */
export function encodeName(fields: SubjectFields): Uint8Array {
  const rdns = SUBJECT_ATTRIBUTES.flatMap(({ field, oid, stringType }) => {
    const value = fields[field];
    if (value === undefined) return [];
    return [encodeSetOf([encodeSequence(encodeOid(oid), encodeString(STRING_TAGS[stringType], value))])];
  });
  return encodeSequence(...rdns);
}

/** The relative distinguished names of a parsed Name, in DER order; non-string values as `#` + hex DER. */
export function displayRdns(name: ChainName): DisplayAttribute[][] {
  const rdns: DisplayAttribute[][] = [];
  for (const attribute of name.attributes) {
    rdns[attribute.rdn] ??= [];
    rdns[attribute.rdn]?.push({ oid: attribute.oid, value: displayText(attribute) });
  }
  return rdns;
}

// Text for the string types the validator compares, latin1 for the other ASN.1 character strings
// (NumericString, VideotexString, GraphicString, GeneralString), and `#` + the DER for anything else.
function displayText({ tag, content, text }: ChainNameAttribute): string {
  if (text !== undefined) return text;
  if (OTHER_STRING_TAGS.has(tag)) return latin1.decode(content);
  return `#${toHex(encodeElement(tag, content))}`;
}

/** The first value of each subject field Certwright knows. */
export function subjectFieldsOf(rdns: DisplayAttribute[][]): SubjectFields {
  const fields: SubjectFields = {};
  for (const { oid, value } of rdns.flat()) {
    const attribute = SUBJECT_ATTRIBUTES.find((candidate) => candidate.oid === oid);
    if (attribute !== undefined) fields[attribute.field] ??= value;
  }
  return fields;
}

/** RFC 4514-style text, most specific first: `CN=ovoc.example.com, O=Example, C=US`. */
export function formatName(rdns: DisplayAttribute[][]): string {
  return [...rdns]
    .reverse()
    .map((rdn) => rdn.map(({ oid, value }) => `${labelOf(oid)}=${escapeValue(value)}`).join('+'))
    .join(', ');
}

function labelOf(oid: string): string {
  return SUBJECT_ATTRIBUTES.find((attribute) => attribute.oid === oid)?.label ?? OTHER_LABELS[oid] ?? oid;
}

// RFC 4514 §2.4, except that a leading `#` stays: readName marks non-string values that way.
function escapeValue(value: string): string {
  const escaped = value
    .replace(/[\\"+,;<>]/g, '\\$&')
    .replace(/^ /, '\\ ')
    .replace(/ $/, '\\ ');
  // One pass without a string per character: a hostile 200 KB value took 140 ms split and mapped.
  let out = '';
  for (const char of escaped)
    out += isControlCharacter(char) ? `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}` : char;
  return out;
}
