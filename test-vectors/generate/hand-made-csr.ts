import { createPublicKey, sign } from 'node:crypto';
import type { PrivateKey } from '@certwright/core';
import {
  bitString,
  contextConstructed,
  contextPrimitive,
  nullValue,
  objectIdentifier,
  octetString,
  printableString,
  sequence,
  set,
  smallInteger,
  utf8String,
} from './der.js';
import { toPem } from './pem.js';

const OID = {
  country: '2.5.4.6',
  organization: '2.5.4.10',
  commonName: '2.5.4.3',
  extensionRequest: '1.2.840.113549.1.9.14',
  subjectAltName: '2.5.29.17',
  sha256WithRsa: '1.2.840.113549.1.1.11',
};

const attribute = (oid: string, value: Uint8Array) => set(sequence(objectIdentifier(oid), value));

/**
 * A PKCS#10 request with a country code of any length, signed with an RSA key and SHA-256.
 * OpenSSL enforces C's two-character limit when it encodes a name and core validates subjects,
 * so this malformed-but-well-signed request has to be encoded by hand.
 */
export function countryCodeCsr(key: PrivateKey, country: string): string {
  const name = sequence(
    attribute(OID.country, printableString(country)),
    attribute(OID.organization, utf8String('Certwright Test Vectors')),
    attribute(OID.commonName, utf8String('ovoc.example.com')),
  );
  const spki = createPublicKey(key.keyObject).export({ type: 'spki', format: 'der' });
  const dnsName = contextPrimitive(2, 'ovoc.example.com');
  const sanExtension = sequence(objectIdentifier(OID.subjectAltName), octetString(sequence(dnsName)));
  const extensionRequest = sequence(objectIdentifier(OID.extensionRequest), set(sequence(sanExtension)));
  const requestInfo = sequence(smallInteger(0), name, spki, contextConstructed(0, extensionRequest));
  const signature = sign('sha256', requestInfo, key.keyObject);
  const algorithm = sequence(objectIdentifier(OID.sha256WithRsa), nullValue());
  return toPem('CERTIFICATE REQUEST', sequence(requestInfo, algorithm, bitString(signature)));
}
