/** GeneralName (RFC 5280 §4.2.1.6) as the chain validator reads it from DER. */
import { DerError, type DerElement, readOid } from '../asn1/der.js';
import { type ChainName, readName } from './name.js';
import { readRaw, readRawChildren } from '../asn1/der-primitives.js';

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
