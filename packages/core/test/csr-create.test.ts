import { webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCsr,
  type CsrInfo,
  generateKey,
  type KeySpec,
  parseCsr,
  parseSubjectAltName,
  type PrivateKey,
} from '../src/index.js';
import { makeScratch, type Scratch } from './csr-openssl.js';

const SPECS: Record<string, KeySpec> = {
  'rsa-2048': { type: 'rsa', bits: 2048 },
  'ec-p256': { type: 'ec', curve: 'P-256' },
  'ec-p384': { type: 'ec', curve: 'P-384' },
  ed25519: { type: 'ed25519' },
};
const SIGNATURES: Record<string, string> = {
  'rsa-2048': 'sha256WithRSAEncryption',
  'ec-p256': 'ecdsa-with-SHA256',
  'ec-p384': 'ecdsa-with-SHA256',
  ed25519: 'ED25519',
};
const SUBJECT = {
  c: 'IL',
  st: 'Center',
  l: 'Tel Aviv',
  o: 'Example Ltd',
  ou: 'Voice PKI',
  cn: 'ovoc.example.com',
  email: 'pki@example.com',
};
const SAN_TEXTS = [
  'dns:ovoc.example.com',
  'dns:*.ovoc.example.com',
  'ip:192.0.2.10',
  'ip:2001:db8::10',
  'email:pki@example.com',
  'uri:https://ovoc.example.com/ovoc',
];
// How `openssl req -text` prints each of SAN_TEXTS.
const SAN_OPENSSL = [
  'DNS:ovoc.example.com',
  'DNS:*.ovoc.example.com',
  'IP Address:192.0.2.10',
  'IP Address:2001:DB8:0:0:0:0:0:10',
  'email:pki@example.com',
  'URI:https://ovoc.example.com/ovoc',
];

let scratch: Scratch;
const keys = new Map<string, PrivateKey>();

beforeAll(async () => {
  scratch = await makeScratch();
  const names = Object.keys(SPECS);
  const generated = await Promise.all(names.map((name) => generateKey(SPECS[name] as KeySpec)));
  for (const [index, name] of names.entries()) keys.set(name, generated[index] as PrivateKey);
});
afterAll(() => scratch?.remove());

function key(name: string): PrivateKey {
  return keys.get(name) as PrivateKey;
}

/** Writes the CSR, has openssl verify its signature, and returns `openssl req -text`. */
async function opensslText(csr: CsrInfo, name: string): Promise<string> {
  await scratch.write(name, csr.pem);
  const verified = await scratch.opensslStatus('req', '-in', name, '-verify', '-noout');
  expect(verified.output).toContain('self-signature verify OK');
  expect(verified.ok).toBe(true);
  return scratch.openssl('req', '-in', name, '-noout', '-text', '-nameopt', 'RFC2253,-esc_msb');
}

describe.each(Object.keys(SPECS))('createCsr with a %s key', (name) => {
  let csr: CsrInfo;
  let text: string;
  beforeAll(async () => {
    csr = await createCsr({
      key: key(name),
      subject: SUBJECT,
      sans: SAN_TEXTS.map((san) => parseSubjectAltName(san)),
      challengePassword: 'one-time 2024',
    });
    text = await opensslText(csr, `${name}.csr`);
  });

  it('writes every subject field, in the usual order', () => {
    expect(text).toContain(
      'Subject: emailAddress=pki@example.com,CN=ovoc.example.com,OU=Voice PKI,O=Example Ltd,L=Tel Aviv,ST=Center,C=IL',
    );
  });

  it('writes every SAN kind', () => {
    for (const san of SAN_OPENSSL) expect(text).toContain(san);
  });

  it('requests the default key usages for the key type, critical', () => {
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature(, Key Encipherment)?\n/);
    expect(text.includes('Key Encipherment')).toBe(name.startsWith('rsa'));
    expect(text).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
  });

  it('signs with SHA-256 (or Ed25519)', () => {
    expect(text).toContain(`Signature Algorithm: ${SIGNATURES[name]}`);
    expect(csr.signatureAlgorithm).toBe(SIGNATURES[name]);
  });

  it('includes the challenge password', () => {
    expect(text).toMatch(/challengePassword\s*:one-time 2024/);
    expect(csr.hasChallengePassword).toBe(true);
  });

  it('describes the request exactly as parseCsr reads it back', async () => {
    expect(csr).toEqual(await parseCsr(csr.der));
    expect(csr.publicKey).toEqual(key(name).description);
  });
});

describe('createCsr options', () => {
  it.each<['SHA-384' | 'SHA-512', string, string]>([
    ['SHA-384', 'rsa-2048', 'sha384WithRSAEncryption'],
    ['SHA-512', 'rsa-2048', 'sha512WithRSAEncryption'],
    ['SHA-384', 'ec-p384', 'ecdsa-with-SHA384'],
    ['SHA-512', 'ec-p256', 'ecdsa-with-SHA512'],
  ])('signs with %s when asked (%s)', async (hash, name, expected) => {
    const csr = await createCsr({ key: key(name), subject: { cn: 'ovoc.example.com' }, hash });
    const text = await opensslText(csr, `${name}-${hash}.csr`);
    expect(text).toContain(`Signature Algorithm: ${expected}`);
    expect(csr.signatureAlgorithm).toBe(expected);
  });

  it('writes the key usages and extended key usages asked for', async () => {
    const csr = await createCsr({
      key: key('rsa-2048'),
      subject: { cn: 'signer.example.com' },
      keyUsage: ['nonRepudiation', 'digitalSignature', 'dataEncipherment', 'keyAgreement'],
      extendedKeyUsage: ['clientAuth', 'codeSigning', 'emailProtection', 'timeStamping', 'OCSPSigning'],
    });
    const text = await opensslText(csr, 'usages.csr');
    expect(text).toContain('Digital Signature, Non Repudiation, Data Encipherment, Key Agreement');
    expect(text).toContain(
      'TLS Web Client Authentication, Code Signing, E-mail Protection, Time Stamping, OCSP Signing',
    );
    expect(csr.keyUsage).toEqual(['digitalSignature', 'nonRepudiation', 'dataEncipherment', 'keyAgreement']);
    expect(csr.extendedKeyUsage).toEqual([
      'clientAuth',
      'codeSigning',
      'emailProtection',
      'timeStamping',
      'OCSPSigning',
    ]);
  });

  it('leaves out SAN, key usage, extended key usage and challenge password when there are none', async () => {
    const csr = await createCsr({ key: key('ec-p256'), subject: { o: 'Example' }, keyUsage: [], extendedKeyUsage: [] });
    const text = await opensslText(csr, 'bare.csr');
    expect(text).toContain('Subject: O=Example');
    // OpenSSL prints a "Requested Extensions:" heading even for none; the DER has no such attribute.
    for (const absent of ['X509v3', 'Key Usage', 'Subject Alternative Name', 'challengePassword']) {
      expect(text).not.toContain(absent);
    }
    expect(await scratch.openssl('asn1parse', '-in', 'bare.csr')).not.toContain('Extension Request');
    expect(csr).toMatchObject({ sans: [], keyUsage: [], extendedKeyUsage: [], hasChallengePassword: false });
  });

  it('writes non-ASCII subject values and passwords as UTF-8', async () => {
    const csr = await createCsr({
      key: key('ec-p256'),
      subject: { cn: 'ovoc.example.com', o: 'Société Générale', l: 'Zürich' },
      challengePassword: 'pässwörd!',
    });
    const text = await opensslText(csr, 'utf8.csr');
    expect(text).toContain('Subject: CN=ovoc.example.com,O=Société Générale,L=Zürich');
    expect(text).toContain('challengePassword');
    expect(csr.subjectText).toBe('CN=ovoc.example.com, O=Société Générale, L=Zürich');
  });

  it('signs through the injected crypto provider', async () => {
    let signatures = 0;
    const subtle = new Proxy(webcrypto.subtle, {
      get(target, property) {
        if (property === 'sign') signatures++;
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const crypto = {
      subtle,
      getRandomValues: webcrypto.getRandomValues.bind(webcrypto),
    } as unknown as webcrypto.Crypto;
    const csr = await createCsr({ key: key('ec-p256'), subject: { cn: 'injected.example.com' }, crypto });
    expect(signatures).toBe(1);
    await opensslText(csr, 'injected.csr');
  });

  it('refuses an unknown SAN kind given as an object', async () => {
    const sans = [{ type: 'foo', value: 'bar' }] as unknown as Parameters<typeof createCsr>[0]['sans'];
    await expect(createCsr({ key: key('ec-p256'), subject: { cn: 'x' }, sans })).rejects.toMatchObject({
      code: 'ERR_SAN_INVALID',
      field: 'sans[0]',
    });
  });

  it('refuses an unknown key usage name', async () => {
    const keyUsage = ['digitalSignature', 'signEverything'] as unknown as Parameters<typeof createCsr>[0]['keyUsage'];
    await expect(createCsr({ key: key('ec-p256'), subject: { cn: 'x' }, keyUsage })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      field: 'keyUsage[1]',
    });
  });
});
