import type { KeyDescription } from '../keys/types.js';

/** Key usage bits by their RFC 5280 names. */
export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

/** Extended key usages by their RFC 5280 names. */
export type ExtendedKeyUsageName =
  | 'serverAuth'
  | 'clientAuth'
  | 'codeSigning'
  | 'emailProtection'
  | 'timeStamping'
  | 'OCSPSigning';

/** Key usage names with their bit in @peculiar/x509's KeyUsageFlags (bit n of RFC 5280 = 1 << n). */
export const KEY_USAGE_FLAGS: Readonly<Record<KeyUsageName, number>> = {
  digitalSignature: 1,
  nonRepudiation: 2,
  keyEncipherment: 4,
  dataEncipherment: 8,
  keyAgreement: 16,
  keyCertSign: 32,
  cRLSign: 64,
  encipherOnly: 128,
  decipherOnly: 256,
};

/** Extended key usage names with their OIDs (RFC 5280 §4.2.1.12). */
export const EXTENDED_KEY_USAGE_OIDS: Readonly<Record<ExtendedKeyUsageName, string>> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  OCSPSigning: '1.3.6.1.5.5.7.3.9',
};

/** The combined flags for a list of key usage names. */
export function keyUsageFlags(names: readonly KeyUsageName[]): number {
  return names.reduce((flags, name) => flags | KEY_USAGE_FLAGS[name], 0);
}

/** The names of the bits set in the flags, in RFC 5280 bit order. */
export function keyUsageNames(flags: number): KeyUsageName[] {
  return (Object.keys(KEY_USAGE_FLAGS) as KeyUsageName[]).filter((name) => (flags & KEY_USAGE_FLAGS[name]) !== 0);
}

/** The name of an extended key usage OID, or the OID itself when it has no name here. */
export function extendedKeyUsageName(oid: string): string {
  const entry = Object.entries(EXTENDED_KEY_USAGE_OIDS).find(([, known]) => known === oid);
  return entry?.[0] ?? oid;
}

/**
 * Key usage an end-entity key needs by default: RSA also encrypts (TLS RSA key exchange with older
 * devices); EC and Ed25519 keys only sign.
 */
export function defaultKeyUsage(key: KeyDescription): KeyUsageName[] {
  return key.type === 'rsa' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'];
}

/** serverAuth + clientAuth: the same OVOC server certificate serves TLS and mutual TLS. */
export const DEFAULT_EXTENDED_KEY_USAGE: readonly ExtendedKeyUsageName[] = ['serverAuth', 'clientAuth'];
