import type * as Asn1 from 'asn1js';
import type { Asn1js } from './asn1js.js';
import { SUBJECT_ATTRIBUTES, type SubjectAttribute, type SubjectFields } from './subject-attributes.js';
import { toHex } from '../lib/bytes.js';
import {
  encodeOid,
  encodeSequence,
  encodeSetOf,
  encodeString,
  TAG_IA5_STRING,
  TAG_PRINTABLE_STRING,
  TAG_UTF8_STRING,
} from '../asn1/der.js';
import { isControlCharacter } from './name-syntax.js';

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

/** One attribute of a distinguished name as read from DER. */
export interface NameAttribute {
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

/** The relative distinguished names of a DER Name, in DER order; non-string values as `#` + hex DER. */
export function readName(asn1js: Asn1js, der: Uint8Array): NameAttribute[][] {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) throw new Error('malformed Name');
  return parsed.result.valueBlock.value.map((rdn) => {
    if (!(rdn instanceof asn1js.Set)) throw new Error('malformed RelativeDistinguishedName');
    return rdn.valueBlock.value.map((attribute) => readAttribute(asn1js, attribute));
  });
}

function readAttribute(asn1js: Asn1js, block: Asn1.AsnType): NameAttribute {
  if (!(block instanceof asn1js.Sequence)) throw new Error('malformed AttributeTypeAndValue');
  const [type, value] = block.valueBlock.value;
  if (!(type instanceof asn1js.ObjectIdentifier) || value === undefined) throw new Error('malformed attribute');
  return { oid: type.getValue(), value: attributeText(asn1js, value) };
}

function attributeText(asn1js: Asn1js, value: Asn1.AsnType): string {
  if (value instanceof asn1js.BaseStringBlock) return value.getValue();
  return `#${toHex(new Uint8Array(value.toBER()))}`;
}

/** The first value of each subject field Certwright knows. */
export function subjectFieldsOf(rdns: NameAttribute[][]): SubjectFields {
  const fields: SubjectFields = {};
  for (const { oid, value } of rdns.flat()) {
    const attribute = SUBJECT_ATTRIBUTES.find((candidate) => candidate.oid === oid);
    if (attribute !== undefined) fields[attribute.field] ??= value;
  }
  return fields;
}

/** RFC 4514-style text, most specific first: `CN=ovoc.example.com, O=Example, C=US`. */
export function formatName(rdns: NameAttribute[][]): string {
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
  return value
    .replace(/[\\"+,;<>]/g, '\\$&')
    .replace(/^ /, '\\ ')
    .replace(/ $/, '\\ ')
    .split('')
    .map((char) => (isControlCharacter(char) ? `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}` : char))
    .join('');
}
