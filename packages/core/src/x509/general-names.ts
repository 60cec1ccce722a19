/**
 * GeneralName (RFC 5280 §4.2.1.6): read from DER for the validator and for describing certificates
 * and CSRs, and written for the SANs Certwright issues, so that IP addresses of every form
 * (IPv4-mapped IPv6 included) round-trip exactly.
 */
import { DerError, type DerElement, encodeElement, encodeSequence, readOid } from '../asn1/der.js';
import { readRaw, readRawChildren } from '../asn1/der-primitives.js';
import { bytesToIp, ipToBytes } from '../lib/ip-address.js';
import { type ChainName, readName } from './name.js';
import type { SubjectAltName } from './san-value.js';

/** One GeneralName. Text kinds are decoded as ASCII; iPAddress keeps its bytes; directoryName is parsed. */
export type GeneralName =
  | { kind: 'dns' | 'email' | 'uri'; text: string }
  | { kind: 'ip'; bytes: Uint8Array }
  | { kind: 'dn'; name: ChainName }
  | { kind: 'other'; tag: number; typeOid?: string };

const ascii = new TextDecoder('latin1');

/** Reads one GeneralName element. */
export function readGeneralName(element: DerElement): GeneralName {
  switch (element.tag) {
    case 0x81:
      return { kind: 'email', text: readIa5(element.content) };
    case 0x82:
      return { kind: 'dns', text: readIa5(element.content) };
    case 0x86:
      return { kind: 'uri', text: readIa5(element.content) };
    case 0x87:
      return { kind: 'ip', bytes: element.content };
    case 0xa4: {
      const [inner, extra] = readRawChildren(element);
      if (inner === undefined || extra !== undefined) throw new DerError('malformed directoryName');
      return { kind: 'dn', name: readName(inner) };
    }
    case 0xa0: {
      const [type] = readRawChildren(element);
      return { kind: 'other', tag: element.tag, typeOid: readOid(type) };
    }
    default:
      return { kind: 'other', tag: element.tag };
  }
}

/** Reads a GeneralNames SEQUENCE (SAN, issuerAltName); it must not be empty. */
export function readGeneralNames(bytes: Uint8Array): GeneralName[] {
  const sequence = readRaw(bytes);
  if (sequence.tag !== 0x30) throw new DerError('GeneralNames must be a SEQUENCE');
  const names = readRawChildren(sequence).map(readGeneralName);
  if (names.length === 0) throw new DerError('empty GeneralNames');
  return names;
}

function readIa5(content: Uint8Array): string {
  for (const byte of content) if (byte > 0x7e) throw new DerError('IA5String with non-ASCII bytes');
  return ascii.decode(content);
}

/** GeneralName context tags ([n] IMPLICIT primitives) of the kinds Certwright writes. */
const SAN_TAGS: Record<SubjectAltName['type'], number> = { email: 0x81, dns: 0x82, uri: 0x86, ip: 0x87 };

/** DER of GeneralNames for checked SANs (IP values must already be valid addresses). */
export function encodeGeneralNames(sans: readonly SubjectAltName[]): Uint8Array {
  return encodeSequence(...sans.map(({ type, value }) => encodeElement(SAN_TAGS[type], sanValueBytes(type, value))));
}

function sanValueBytes(type: SubjectAltName['type'], value: string): Uint8Array {
  if (type !== 'ip') return new TextEncoder().encode(value);
  const bytes = ipToBytes(value);
  if (bytes === undefined) throw new Error(`not an IP address: ${value}`);
  return bytes;
}

/** The DNS, IP, email and URI names among GeneralNames, in order; other kinds are left out. */
export function subjectAltNamesOf(names: readonly GeneralName[]): SubjectAltName[] {
  return names.flatMap((name): SubjectAltName[] => {
    if (name.kind === 'dns' || name.kind === 'email' || name.kind === 'uri')
      return [{ type: name.kind, value: name.text }];
    if (name.kind !== 'ip') return [];
    const address = bytesToIp(name.bytes);
    return address === undefined ? [] : [{ type: 'ip', value: address }];
  });
}
