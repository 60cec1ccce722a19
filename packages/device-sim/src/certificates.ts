// Certificates and CSRs the simulated device makes itself: the factory CA and factory certificates,
// the self-signed certificate of `certificate/generate` and the CSR of `certificate/request`.
import { createHash, createPublicKey, type KeyObject, randomBytes, sign } from 'node:crypto';
import { isIPv6 } from 'node:net';
import {
  bitString,
  boolean,
  derNull,
  explicit,
  implicitPrimitive,
  objectIdentifier,
  octetString,
  printableString,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from './der.js';

/** The subject fields of the REST API's generate and request calls. */
export interface DeviceSubject {
  subjectName: string;
  organizationalUnit?: string;
  companyName?: string;
  localityName?: string;
  state?: string;
  countryCode?: string;
}

export type SignatureHash = 'sha1' | 'sha256' | 'sha384' | 'sha512';

const NAME_OIDS: [keyof DeviceSubject, string][] = [
  ['countryCode', '2.5.4.6'],
  ['state', '2.5.4.8'],
  ['localityName', '2.5.4.7'],
  ['companyName', '2.5.4.10'],
  ['organizationalUnit', '2.5.4.11'],
  ['subjectName', '2.5.4.3'],
];

export function encodeName(subject: DeviceSubject): Buffer {
  const rdns = NAME_OIDS.flatMap(([field, oid]) => {
    const value = subject[field];
    if (value === undefined || value === '') return [];
    const encoded = field === 'countryCode' ? printableString(value) : utf8String(value);
    return [set(sequence(objectIdentifier(oid), encoded))];
  });
  return sequence(...rdns);
}

const RSA_SIGNATURE_OIDS: Record<SignatureHash, string> = {
  sha1: '1.2.840.113549.1.1.5',
  sha256: '1.2.840.113549.1.1.11',
  sha384: '1.2.840.113549.1.1.12',
  sha512: '1.2.840.113549.1.1.13',
};
const ECDSA_SIGNATURE_OIDS: Record<SignatureHash, string> = {
  sha1: '1.2.840.10045.4.1',
  sha256: '1.2.840.10045.4.3.2',
  sha384: '1.2.840.10045.4.3.3',
  sha512: '1.2.840.10045.4.3.4',
};

function signatureAlgorithm(key: KeyObject, hash: SignatureHash): Buffer {
  if (key.asymmetricKeyType === 'ec') return sequence(objectIdentifier(ECDSA_SIGNATURE_OIDS[hash]));
  return sequence(objectIdentifier(RSA_SIGNATURE_OIDS[hash]), derNull());
}

/** The signed-object wrapper shared by certificates and CSRs: SEQUENCE { body, algorithm, BIT STRING }. */
function signObject(body: Buffer, key: KeyObject, hash: SignatureHash): Buffer {
  const signature = sign(hash, body, key);
  return sequence(body, signatureAlgorithm(key, hash), bitString(signature));
}

export function spkiDer(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

function keyId(spki: Buffer): Buffer {
  return createHash('sha1').update(spki).digest();
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));
}

export interface IssueOptions {
  subject: Buffer;
  subjectKey: KeyObject;
  issuer: Buffer;
  issuerKey: KeyObject;
  /** The issuer's SPKI, when the caller has it already (saves a key export per certificate). */
  issuerSpki?: Buffer;
  isCa: boolean;
  /** DNS names and IP addresses for the subjectAltName extension (leaf only). */
  dnsNames?: string[];
  ipAddresses?: string[];
  notBefore: Date;
  notAfter: Date;
  hash?: SignatureHash;
}

/** Issues an X.509 v3 certificate and returns it as PEM. */
export function issueCertificate(options: IssueOptions): string {
  const hash = options.hash ?? 'sha256';
  const subjectSpki = spkiDer(options.subjectKey);
  const issuerSpki = options.issuerSpki ?? spkiDer(options.issuerKey);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    signatureAlgorithm(options.issuerKey, hash),
    options.issuer,
    sequence(time(options.notBefore), time(options.notAfter)),
    options.subject,
    subjectSpki,
    explicit(3, sequence(...extensions(options, subjectSpki, issuerSpki))),
  );
  return toPem('CERTIFICATE', signObject(tbs, options.issuerKey, hash));
}

function extensions(options: IssueOptions, subjectSpki: Buffer, issuerSpki: Buffer): Buffer[] {
  const list = [
    extension('2.5.29.19', true, options.isCa ? sequence(boolean(true)) : sequence()),
    extension('2.5.29.14', false, octetString(keyId(subjectSpki))),
    extension('2.5.29.35', false, sequence(implicitPrimitive(0, keyId(issuerSpki)))),
  ];
  if (options.isCa) {
    // keyCertSign and cRLSign: bits 5 and 6.
    list.push(extension('2.5.29.15', true, Buffer.from([0x03, 0x02, 0x01, 0x06])));
    return list;
  }
  // digitalSignature, plus keyEncipherment for RSA.
  const usage = options.subjectKey.asymmetricKeyType === 'rsa' ? [0x05, 0xa0] : [0x07, 0x80];
  list.push(extension('2.5.29.15', true, Buffer.from([0x03, 0x02, ...usage])));
  list.push(
    extension(
      '2.5.29.37',
      false,
      sequence(objectIdentifier('1.3.6.1.5.5.7.3.1'), objectIdentifier('1.3.6.1.5.5.7.3.2')),
    ),
  );
  const names = [
    ...(options.dnsNames ?? []).map((name) => implicitPrimitive(2, Buffer.from(name, 'ascii'))),
    ...(options.ipAddresses ?? []).map((ip) => implicitPrimitive(7, ipBytes(ip))),
  ];
  if (names.length > 0) list.push(extension('2.5.29.17', false, sequence(...names)));
  return list;
}

function ipBytes(ip: string): Buffer {
  if (!isIPv6(ip)) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail = ''] = ip.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = groups(tail);
  const all = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return Buffer.from(all.flatMap((group) => [Number.parseInt(group, 16) >> 8, Number.parseInt(group, 16) & 0xff]));
}

/** A PKCS#10 request with the subject only: no attributes, so no SANs, as a device makes it. */
export function createRequest(subject: DeviceSubject, key: KeyObject, hash: SignatureHash): string {
  const info = sequence(smallInteger(0), encodeName(subject), spkiDer(key), explicit(0, Buffer.alloc(0)));
  return toPem('CERTIFICATE REQUEST', signObject(info, key, hash));
}

export function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
