import type * as Asn1 from 'asn1js';
import type { Asn1js } from './asn1js.js';
import type { SubjectAltName } from './subject-alt-name.js';
import { encodeElement, encodeSequence } from '../asn1/der.js';
import { bytesToIp, ipToBytes } from '../lib/ip-address.js';

/**
 * The GeneralNames of a subjectAltName extension (RFC 5280 §4.2.1.6), written and read here so that
 * IP addresses of every form (IPv4-mapped IPv6 included) round-trip exactly.
 */

/** GeneralName context tags for the kinds Certwright handles. */
const TAGS: Record<SubjectAltName['type'], number> = { email: 1, dns: 2, uri: 6, ip: 7 };

/** Context-specific class bit of a tag: GeneralName's choices are [n] IMPLICIT primitives. */
const CONTEXT_SPECIFIC = 0x80;

/** DER of GeneralNames for checked SANs (IP values must already be valid addresses). */
export function encodeGeneralNames(sans: readonly SubjectAltName[]): Uint8Array {
  return encodeSequence(
    ...sans.map(({ type, value }) => encodeElement(CONTEXT_SPECIFIC | TAGS[type], valueBytes(type, value))),
  );
}

function valueBytes(type: SubjectAltName['type'], value: string): Uint8Array {
  if (type !== 'ip') return new TextEncoder().encode(value);
  const bytes = ipToBytes(value);
  if (bytes === undefined) throw new Error(`not an IP address: ${value}`);
  return bytes;
}

/** The DNS, IP, email and URI names in GeneralNames DER, in order; other kinds are skipped. */
export function decodeGeneralNames(asn1js: Asn1js, der: Uint8Array): SubjectAltName[] {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) {
    throw new Error('malformed subjectAltName');
  }
  return parsed.result.valueBlock.value.flatMap((name) => {
    const type = kindOf(name);
    if (type === undefined || !(name instanceof asn1js.Primitive)) return [];
    const bytes = name.valueBlock.valueHexView;
    const value = type === 'ip' ? bytesToIp(bytes) : Buffer.from(bytes).toString('latin1');
    return value === undefined ? [] : [{ type, value }];
  });
}

function kindOf(name: Asn1.AsnType): SubjectAltName['type'] | undefined {
  if (name.idBlock.tagClass !== 3) return undefined;
  const entry = Object.entries(TAGS).find(([, tag]) => tag === name.idBlock.tagNumber);
  return entry?.[0] as SubjectAltName['type'] | undefined;
}
