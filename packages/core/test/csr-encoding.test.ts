/**
 * createCsr writes the PKCS#10 DER itself. These tests hold that DER to three references: OpenSSL
 * (verifies it, and writes byte-identical requests from the same key and contents), core's
 * verifyCsr, and the @peculiar/x509 generator createCsr used before (same bytes as before).
 */
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CreateCsrOptions,
  createCsr,
  exportPrivateKeyPem,
  generateKey,
  type HashAlgorithm,
  type KeySpec,
  type KeyUsageName,
  parseSubjectAltName,
  type PrivateKey,
  type SubjectFields,
  verifyCsr,
} from '../src/index.js';
import { type DerElement, readChildren, readElement } from '../src/asn1/der.js';
import { encodeName, subjectToJsonName } from '../src/x509/distinguished-name.js';
import { ecdsaSignatureToDer } from '../src/keys/signature-value.js';
import { loadX509 } from '../src/ca/peculiar.js';
import { asX509Crypto } from '../src/ca/peculiar-module.js';
import { makeScratch, type Scratch } from './csr-openssl.js';

const SPECS: Record<string, KeySpec> = {
  rsa: { type: 'rsa', bits: 2048 },
  'p-256': { type: 'ec', curve: 'P-256' },
  'p-384': { type: 'ec', curve: 'P-384' },
  'p-521': { type: 'ec', curve: 'P-521' },
  ed25519: { type: 'ed25519' },
};
const HASHES: HashAlgorithm[] = ['SHA-256', 'SHA-384', 'SHA-512'];
/** Every key with every hash it takes (Ed25519 has its own). */
const CASES = Object.keys(SPECS).flatMap((name): [string, HashAlgorithm | undefined][] =>
  name === 'ed25519' ? [[name, undefined]] : HASHES.map((hash) => [name, hash]),
);

const SUBJECT: SubjectFields = {
  c: 'IL',
  st: 'Center',
  l: 'Tel Aviv',
  o: 'Example Ltd',
  ou: 'Voice PKI',
  cn: 'ovoc.example.com',
  email: 'pki@example.com',
};
const SANS = [
  'dns:ovoc.example.com',
  'dns:*.ovoc.example.com',
  'ip:192.0.2.10',
  'ip:2001:db8::10',
  'email:pki@example.com',
  'uri:https://ovoc.example.com/ovoc',
].map((text) => parseSubjectAltName(text));
// Not a PrintableString ('!'), so both createCsr and OpenSSL's utf8only mask write a UTF8String.
const PASSWORD = 'one-time 2024!';

let scratch: Scratch;
const keys = new Map<string, PrivateKey>();

beforeAll(async () => {
  scratch = await makeScratch();
  const names = Object.keys(SPECS);
  const generated = await Promise.all(names.map((name) => generateKey(SPECS[name] as KeySpec)));
  for (const [index, name] of names.entries()) {
    const key = generated[index] as PrivateKey;
    keys.set(name, key);
    await scratch.write(`${name}.key`, await exportPrivateKeyPem(key));
  }
});
afterAll(() => scratch?.remove());

function key(name: string): PrivateKey {
  return keys.get(name) as PrivateKey;
}

/** CertificationRequestInfo, signatureAlgorithm and signature of a CSR. */
function partsOf(der: Uint8Array): { requestInfo: DerElement; algorithm: DerElement; signature: DerElement } {
  const [requestInfo, algorithm, signature] = readChildren(readElement(der));
  if (requestInfo === undefined || algorithm === undefined || signature === undefined) throw new Error('not a CSR');
  return { requestInfo, algorithm, signature };
}

/** `openssl req -new` with a config that says what the options say, as DER. */
async function opensslRequest(name: string, options: CreateCsrOptions, file: string): Promise<Uint8Array> {
  const subject = options.subject;
  const dn = Object.entries({
    C: subject.c,
    ST: subject.st,
    L: subject.l,
    O: subject.o,
    OU: subject.ou,
    CN: subject.cn,
    emailAddress: subject.email,
  }).flatMap(([label, value]) => (value === undefined ? [] : [`${label} = ${value}`]));
  const sans = (options.sans ?? []).map(({ type, value }) => `${OPENSSL_SAN_KINDS[type]}:${value}`);
  const keyUsage =
    options.keyUsage ?? (name === 'rsa' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature']);
  const extendedKeyUsage = options.extendedKeyUsage ?? ['serverAuth', 'clientAuth'];
  const config = [
    '[req]',
    'prompt = no',
    'utf8 = yes',
    'string_mask = utf8only',
    'distinguished_name = dn',
    'req_extensions = ext',
    ...(options.challengePassword === undefined
      ? []
      : ['attributes = attrs', '[attrs]', `challengePassword = ${options.challengePassword}`]),
    '[dn]',
    ...dn,
    '[ext]',
    ...(sans.length > 0 ? [`subjectAltName = ${sans.join(', ')}`] : []),
    ...(keyUsage.length > 0 ? [`keyUsage = critical, ${keyUsage.join(', ')}`] : []),
    ...(extendedKeyUsage.length > 0 ? [`extendedKeyUsage = ${extendedKeyUsage.join(', ')}`] : []),
  ];
  await scratch.write(`${file}.cnf`, `${config.join('\n')}\n`);
  const digest = name === 'ed25519' ? [] : [`-${(options.hash ?? 'SHA-256').replace('-', '').toLowerCase()}`];
  await scratch.openssl(
    'req',
    '-new',
    '-config',
    `${file}.cnf`,
    '-key',
    `${name}.key`,
    ...digest,
    '-outform',
    'DER',
    '-out',
    `${file}.openssl.der`,
  );
  return scratch.read(`${file}.openssl.der`);
}

const OPENSSL_SAN_KINDS = { dns: 'DNS', ip: 'IP', email: 'email', uri: 'URI' } as const;

describe.each(CASES)('createCsr with a %s key and %s', (name, hash) => {
  const file = `${name}-${hash ?? 'pure'}`;
  const options = (): CreateCsrOptions => ({
    key: key(name),
    subject: SUBJECT,
    sans: SANS,
    challengePassword: PASSWORD,
    ...(hash === undefined ? {} : { hash }),
  });

  it('verifies with openssl and with verifyCsr', async () => {
    const csr = await createCsr(options());
    await scratch.write(`${file}.der`, csr.der);
    const verified = await scratch.opensslStatus('req', '-inform', 'DER', '-in', `${file}.der`, '-verify', '-noout');
    expect(verified.output).toContain('self-signature verify OK');
    expect(verified.ok).toBe(true);
    expect(await verifyCsr(csr)).toBe(true);
    expect(await verifyCsr(csr.der)).toBe(true);
  });

  it('survives openssl req -outform DER byte for byte', async () => {
    const csr = await createCsr(options());
    await scratch.write(`${file}.rt.der`, csr.der);
    await scratch.openssl(
      'req',
      '-inform',
      'DER',
      '-in',
      `${file}.rt.der`,
      '-outform',
      'DER',
      '-out',
      `${file}.rt2.der`,
    );
    expect(Buffer.from(await scratch.read(`${file}.rt2.der`)).equals(csr.der)).toBe(true);
  });

  // OpenSSL keeps a request's CertificationRequestInfo bytes as read, so the round trip above cannot
  // catch non-canonical DER there; a request OpenSSL encodes itself from the same contents can.
  it('writes the bytes openssl req -new writes for the same key and contents', async () => {
    const csr = await createCsr(options());
    const theirs = partsOf(await opensslRequest(name, options(), file));
    const ours = partsOf(csr.der);
    expect(ours.requestInfo).toEqual(theirs.requestInfo);
    expect(ours.algorithm).toEqual(theirs.algorithm);
    // RSA PKCS#1 v1.5 and Ed25519 signatures are deterministic; ECDSA's are not.
    if (SPECS[name]?.type !== 'ec') expect(ours.signature).toEqual(theirs.signature);
  });
});

describe('createCsr DER', () => {
  it('orders the attributes as DER sorts a SET OF, whatever their lengths', async () => {
    const options: CreateCsrOptions = {
      key: key('p-256'),
      subject: { cn: 'ovoc.example.com' },
      keyUsage: [],
      extendedKeyUsage: ['clientAuth'],
      challengePassword: `${'long '.repeat(40)}!`,
    };
    const csr = await createCsr(options);
    const theirs = partsOf(await opensslRequest('p-256', options, 'sorted'));
    expect(partsOf(csr.der).requestInfo).toEqual(theirs.requestInfo);
  });

  it('writes a challengePassword that fits a PrintableString as one', async () => {
    const csr = await createCsr({ key: key('p-256'), subject: { cn: 'x.example.com' }, challengePassword: 'secret 1' });
    const attributes = readChildren(readChildren(partsOf(csr.der).requestInfo).at(-1) as DerElement);
    const values = readChildren(readChildren(attributes[0] as DerElement)[1] as DerElement);
    expect(values[0]?.tag).toBe(0x13);
  });
});

describe('createCsr against the @peculiar/x509 generator it replaced', () => {
  const USAGE_SETS: KeyUsageName[][] = [
    ['digitalSignature'],
    ['digitalSignature', 'keyEncipherment'],
    ['nonRepudiation', 'keyAgreement'],
    ['keyCertSign', 'cRLSign', 'encipherOnly'],
    ['digitalSignature', 'decipherOnly'],
    ['decipherOnly'],
  ];

  it.each(USAGE_SETS.map((usages) => [usages]))('writes the same request for key usage %j', async (keyUsage) => {
    const options = { subject: SUBJECT, sans: SANS, keyUsage, challengePassword: 'secret 1' };
    const ours = await createCsr({ key: key('ed25519'), ...options });
    const theirs = await x509Request(key('ed25519'), options);
    // Ed25519 is deterministic: equal inputs sign to equal requests.
    expect(Buffer.from(ours.der).toString('hex')).toBe(Buffer.from(theirs).toString('hex'));
  });

  it('writes the same subject Name as @peculiar/x509 for every subset of fields', async () => {
    const x509 = await loadX509();
    const fields = Object.keys(SUBJECT) as (keyof SubjectFields)[];
    for (let mask = 1; mask < 1 << fields.length; mask++) {
      const subject: SubjectFields = {};
      fields.forEach((field, bit) => {
        // Non-ASCII where the field is a UTF8String, to tell the string types apart.
        const utf8 = field !== 'c' && field !== 'email';
        if ((mask & (1 << bit)) !== 0) subject[field] = utf8 ? `${SUBJECT[field]} ü` : SUBJECT[field];
      });
      const theirs = new Uint8Array(new x509.Name(subjectToJsonName(subject)).toArrayBuffer());
      expect(encodeName(subject)).toEqual(theirs);
    }
  });
});

/** The request the @peculiar/x509 generator makes (what createCsr used to do). */
async function x509Request(
  signer: PrivateKey,
  options: { subject: SubjectFields; sans: typeof SANS; keyUsage: KeyUsageName[]; challengePassword: string },
): Promise<Uint8Array> {
  const x509 = await loadX509();
  const { KeyUsageFlags } = x509;
  const flags = options.keyUsage.reduce((all, name) => all | KeyUsageFlags[name], 0);
  const pkcs8 = signer.keyObject.export({ format: 'der', type: 'pkcs8' });
  const { createPublicKey } = await import('node:crypto');
  const spki = createPublicKey(signer.keyObject).export({ format: 'der', type: 'spki' });
  const subtle = webcrypto.subtle;
  const privateKey = await subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
  const publicKey = await subtle.importKey('spki', spki, { name: 'Ed25519' }, true, ['verify']);
  const password = new asn1js.PrintableString({ value: options.challengePassword }).toBER();
  const request = await x509.Pkcs10CertificateRequestGenerator.create(
    {
      name: new x509.Name(subjectToJsonName(options.subject)),
      extensions: [
        new x509.SubjectAlternativeNameExtension(
          options.sans.map(({ type, value }) => ({ type: type === 'uri' ? 'url' : type, value })),
        ),
        new x509.KeyUsagesExtension(flags, true),
        new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'], false),
      ],
      attributes: [new x509.Attribute('1.2.840.113549.1.9.7', [password])],
      signingAlgorithm: { name: 'Ed25519' },
      keys: { privateKey, publicKey },
    },
    asX509Crypto(webcrypto),
  );
  return new Uint8Array(request.rawData);
}

describe('ecdsaSignatureToDer', () => {
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
  const raw = (r: string, s: string) => Uint8Array.from(Buffer.from(r + s, 'hex'));

  it('writes r and s as they are when their top bit is clear', () => {
    expect(hex(ecdsaSignatureToDer(raw('0102', '7f03')))).toBe('300802020102' + '02027f03');
  });

  it('adds a zero byte when the top bit is set, so the INTEGER stays positive', () => {
    expect(hex(ecdsaSignatureToDer(raw('8001', 'ff02')))).toBe('300a0203008001' + '020300ff02');
  });

  it('drops leading zero bytes, down to one byte for zero', () => {
    expect(hex(ecdsaSignatureToDer(raw('000001', '000080')))).toBe('3007020101' + '02020080');
    expect(hex(ecdsaSignatureToDer(raw('0000', '0000')))).toBe('3006020100' + '020100');
  });

  it('refuses an odd length', () => {
    expect(() => ecdsaSignatureToDer(new Uint8Array(3))).toThrow();
  });
});
