/** The subject fields Certwright reads and writes, and how each is encoded in a distinguished name. */

/** Subject fields of a CSR or certificate: common name, organisation, unit, locality, state, country, email. */
export type SubjectFields = {
  cn?: string;
  o?: string;
  ou?: string;
  l?: string;
  st?: string;
  c?: string;
  email?: string;
};

/** How each subject field is written: its OID, its RFC 4514 label, its RFC 5280 upper bound and ASN.1 string type. */
export interface SubjectAttribute {
  field: keyof SubjectFields;
  oid: string;
  label: string;
  maxLength: number;
  stringType: 'printableString' | 'utf8String' | 'ia5String';
}

/** The subject attributes Certwright writes, in the order they appear in the name (C first, emailAddress last). */
export const SUBJECT_ATTRIBUTES: readonly SubjectAttribute[] = [
  { field: 'c', oid: '2.5.4.6', label: 'C', maxLength: 2, stringType: 'printableString' },
  { field: 'st', oid: '2.5.4.8', label: 'ST', maxLength: 128, stringType: 'utf8String' },
  { field: 'l', oid: '2.5.4.7', label: 'L', maxLength: 128, stringType: 'utf8String' },
  { field: 'o', oid: '2.5.4.10', label: 'O', maxLength: 64, stringType: 'utf8String' },
  { field: 'ou', oid: '2.5.4.11', label: 'OU', maxLength: 64, stringType: 'utf8String' },
  { field: 'cn', oid: '2.5.4.3', label: 'CN', maxLength: 64, stringType: 'utf8String' },
  { field: 'email', oid: '1.2.840.113549.1.9.1', label: 'emailAddress', maxLength: 255, stringType: 'ia5String' },
];
