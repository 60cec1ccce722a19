import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsrError, FormatError, parseCsr } from '../src/index.js';
import { makeScratch, type Scratch } from './csr-openssl.js';

let scratch: Scratch;

// An OpenSSL config with a challenge password and every SAN kind, as an operator would write it.
const CONFIG = `
[req]
prompt = no
distinguished_name = dn
attributes = attrs
req_extensions = ext
[dn]
C = US
ST = California
L = San Jose
O = Example Inc
OU = Voice
CN = ovoc.example.com
[attrs]
challengePassword = s3cret-pass
[ext]
subjectAltName = DNS:ovoc.example.com, DNS:ovoc2.example.com, IP:10.1.2.3, IP:2001:db8::53, email:noc@example.com, URI:https://ovoc.example.com/
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, 1.3.6.1.4.1.311.10.3.4
`;

beforeAll(async () => {
  scratch = await makeScratch();
  await scratch.write('req.cnf', CONFIG);
  await scratch.openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'rsa.key');
  await scratch.openssl('genpkey', '-algorithm', 'ED25519', '-out', 'ed.key');
  await scratch.openssl('req', '-new', '-key', 'rsa.key', '-config', 'req.cnf', '-out', 'full.csr');
  await scratch.openssl('req', '-in', 'full.csr', '-outform', 'DER', '-out', 'full.der');
  await scratch.openssl('req', '-new', '-key', 'ed.key', '-subj', '/CN=device-17.example.com', '-out', 'ed.csr');
});
afterAll(() => scratch?.remove());

describe('parseCsr on CSRs made by openssl req -new', () => {
  it('reads subject, SANs, usages, key, signature algorithm and challenge password', async () => {
    const csr = await parseCsr(await scratch.readText('full.csr'));
    expect(csr.subject).toEqual({
      c: 'US',
      st: 'California',
      l: 'San Jose',
      o: 'Example Inc',
      ou: 'Voice',
      cn: 'ovoc.example.com',
    });
    expect(csr.subjectText).toBe('CN=ovoc.example.com, OU=Voice, O=Example Inc, L=San Jose, ST=California, C=US');
    expect(csr.sans).toEqual([
      { type: 'dns', value: 'ovoc.example.com' },
      { type: 'dns', value: 'ovoc2.example.com' },
      { type: 'ip', value: '10.1.2.3' },
      { type: 'ip', value: '2001:db8::53' },
      { type: 'email', value: 'noc@example.com' },
      { type: 'uri', value: 'https://ovoc.example.com/' },
    ]);
    expect(csr.keyUsage).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(csr.extendedKeyUsage).toEqual(['serverAuth', '1.3.6.1.4.1.311.10.3.4']);
    expect(csr.publicKey).toEqual({ type: 'rsa', bits: 2048 });
    expect(csr.signatureAlgorithm).toBe('sha256WithRSAEncryption');
    expect(csr.hasChallengePassword).toBe(true);
    expect(JSON.stringify(csr)).not.toContain('s3cret-pass');
  });

  it('gives the fingerprint and public key openssl gives', async () => {
    const csr = await parseCsr(await scratch.readText('full.csr'));
    const digest = await scratch.openssl('dgst', '-sha256', '-c', 'full.der');
    expect(csr.fingerprintSha256).toBe(digest.trim().split('= ')[1]?.toUpperCase());
    await scratch.openssl('req', '-in', 'full.csr', '-pubkey', '-noout', '-out', 'pub.pem');
    await scratch.openssl('pkey', '-pubin', '-in', 'pub.pem', '-outform', 'DER', '-out', 'pub.der');
    expect(csr.spkiDer).toEqual(await scratch.read('pub.der'));
  });

  it('reads DER, PEM bytes, CRLF PEM and the NEW CERTIFICATE REQUEST label alike', async () => {
    const pem = await scratch.readText('full.csr');
    const expected = await parseCsr(pem);
    const variants = [
      await scratch.read('full.der'),
      new TextEncoder().encode(pem),
      pem.replace(/\n/g, '\r\n'),
      `notes before the block\n${pem.replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST')}`,
    ];
    for (const input of variants) {
      const csr = await parseCsr(input);
      expect(csr.fingerprintSha256).toBe(expected.fingerprintSha256);
      expect(csr.pem).toBe(expected.pem);
    }
    expect(expected.pem).toBe(pem);
  });

  it('reads an Ed25519 CSR', async () => {
    const csr = await parseCsr(await scratch.readText('ed.csr'));
    expect(csr).toMatchObject({
      subject: { cn: 'device-17.example.com' },
      publicKey: { type: 'ed25519' },
      signatureAlgorithm: 'ED25519',
      sans: [],
      keyUsage: [],
      extendedKeyUsage: [],
      hasChallengePassword: false,
    });
  });
});

describe('parseCsr on what is not a CSR', () => {
  async function failure(input: string | Uint8Array, source?: string): Promise<CsrError | FormatError> {
    try {
      await parseCsr(input, { source });
    } catch (error) {
      return error as CsrError;
    }
    throw new Error('parseCsr accepted it');
  }

  it('refuses random bytes with ERR_CSR_INVALID', async () => {
    const error = await failure(new Uint8Array([0x30, 0x82, 0x01, 0x00, 1, 2, 3, 4, 5]), 'random.der');
    expect(error).toBeInstanceOf(CsrError);
    expect(error.code).toBe('ERR_CSR_INVALID');
    expect(error.message.startsWith('random.der: ')).toBe(true);
  });

  it('refuses binary garbage that does not even start like DER', async () => {
    const error = await failure(new Uint8Array([0xde, 0xad, 0xbe, 0xef]), 'garbage.bin');
    expect(error.code).toBe('ERR_CSR_INVALID');
    expect(error.message.startsWith('garbage.bin: ')).toBe(true);
  });

  it('refuses a well-formed PEM block whose content is not a CSR', async () => {
    const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${Buffer.from('not a csr at all').toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    const error = await failure(pem, 'server.csr');
    expect(error.code).toBe('ERR_CSR_INVALID');
    expect(error.message.startsWith('server.csr: ')).toBe(true);
  });

  it('refuses trailing bytes after the DER', async () => {
    const der = await scratch.read('full.der');
    const padded = new Uint8Array([...der, 0, 0]);
    expect((await failure(padded)).code).toBe('ERR_CSR_INVALID');
    expect((await failure(der.subarray(0, der.length - 1))).code).toBe('ERR_CSR_INVALID');
  });

  it('leaves bad PEM to the PEM reader', async () => {
    expect(await failure('just some text', 'notes.txt')).toMatchObject({ code: 'ERR_FORMAT_NOT_PEM' });
    const certificatePem = '-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n';
    const error = await failure(certificatePem, 'cert.pem');
    expect(error).toBeInstanceOf(FormatError);
    expect(error.code).toBe('ERR_FORMAT_UNEXPECTED_PEM_LABEL');
  });
});
