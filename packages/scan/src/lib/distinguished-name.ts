import { children, readOid, requireTlv, type Tlv } from './ber.js';

/** Short names for the attribute types seen in practice; others print as their OID. */
const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

/**
 * A DER Name as text, most specific first like RFC 4514 (`CN=Issuing CA, O=Example`), the way
 * @certwright/core prints certificate subjects. Used for the CA names of a CertificateRequest.
 */
export function distinguishedNameText(der: Uint8Array): string {
  const name = requireTlv(der, 0);
  const parts: string[] = [];
  for (const rdn of children(der, name)) {
    const values = children(der, rdn).map((attribute) => attributeText(der, attribute));
    parts.push(values.join('+'));
  }
  return parts.reverse().join(', ');
}

function attributeText(der: Uint8Array, attribute: Tlv): string {
  const [type, value] = children(der, attribute);
  if (type === undefined || value === undefined) throw new Error('malformed attribute');
  const oid = readOid(der, type);
  return `${ATTRIBUTE_NAMES[oid] ?? oid}=${stringValue(der, value)}`;
}

function stringValue(der: Uint8Array, value: Tlv): string {
  const content = der.subarray(value.start, value.end);
  // BMPString: UTF-16BE.
  if (value.tag === 0x1e) {
    let text = '';
    for (let i = 0; i + 1 < content.length; i += 2)
      text += String.fromCharCode(((content[i] as number) << 8) | (content[i + 1] as number));
    return text;
  }
  return Buffer.from(content).toString(value.tag === 0x0c ? 'utf8' : 'latin1');
}
