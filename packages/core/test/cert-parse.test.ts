import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateError, parseCertificate } from '../src/index.js';
import { makeScratch, opensslDate, type Scratch } from './csr-openssl.js';

let scratch: Scratch;

const CA_EXTENSIONS = `
[ca]
basicConstraints = critical, CA:TRUE, pathlen:3
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth, 1.3.6.1.4.1.311.20.2.2
subjectAltName = DNS:ovoc.example.com, IP:10.0.0.5, IP:fd00::5, email:noc@example.com, URI:https://ovoc.example.com/
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

beforeAll(async () => {
  scratch = await makeScratch();
  await scratch.write('ext.cnf', CA_EXTENSIONS);
  // OpenSSL 3.0's `req -x509` reads extensions only from its -config file.
  await scratch.write('req.cnf', `[req]\ndistinguished_name = dn\nx509_extensions = ca\n[dn]\n${CA_EXTENSIONS}`);
  await scratch.openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-384',
    '-nodes',
    '-keyout',
    'ca.key',
    '-subj',
    '/C=US/O=Example/CN=Example Root',
    '-days',
    '30',
    '-sha384',
    '-config',
    'req.cnf',
    '-out',
    'ca.crt',
  );
  await scratch.openssl(
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'leaf.key',
    '-subj',
    '/O=Example/CN=ovoc.example.com',
    '-out',
    'leaf.csr',
  );
  await signLeaf('0x00ab12cd', 'leaf.crt', ['-sha256', '-extfile', 'ext.cnf', '-extensions', 'leaf']);
  await scratch.openssl('x509', '-in', 'leaf.crt', '-outform', 'DER', '-out', 'leaf.der');
});
afterAll(() => scratch?.remove());

/** Signs leaf.csr with the test CA: the given serial, 10 days, into `out`. */
async function signLeaf(serial: string, out: string, extra: string[] = []): Promise<void> {
  await scratch.openssl(
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-set_serial',
    serial,
    '-days',
    '10',
    ...extra,
    '-out',
    out,
  );
}

/** What `openssl x509` prints for one option, after the `name=` prefix. */
async function opensslField(file: string, option: string): Promise<string> {
  const line = await scratch.openssl('x509', '-in', file, '-noout', option);
  return line.trim().replace(/^[^=]*=/, '');
}

describe('parseCertificate on certificates made by openssl', () => {
  it('reads a CA certificate', async () => {
    const ca = await parseCertificate(await scratch.readText('ca.crt'));
    expect(ca).toMatchObject({
      subject: { c: 'US', o: 'Example', cn: 'Example Root' },
      subjectText: 'CN=Example Root, O=Example, C=US',
      issuerText: 'CN=Example Root, O=Example, C=US',
      isCa: true,
      pathLength: 3,
      keyUsage: ['keyCertSign', 'cRLSign'],
      sans: [],
      publicKey: { type: 'ec', bits: 384, curve: 'P-384' },
      signatureAlgorithm: 'ecdsa-with-SHA384',
      selfIssued: true,
    });
    const ski = await scratch.openssl('x509', '-in', 'ca.crt', '-noout', '-ext', 'subjectKeyIdentifier');
    expect(ca.subjectKeyId).toBe(ski.split('\n')[1]?.trim().replace(/:/g, '').toLowerCase());
    const dates = await scratch.openssl('x509', '-in', 'ca.crt', '-noout', '-dates');
    expect(ca.notBefore).toEqual(opensslDate(dates, 'notBefore'));
    expect(ca.notAfter).toEqual(opensslDate(dates, 'notAfter'));
  });

  it('reads a leaf certificate and links it to its issuer', async () => {
    const ca = await parseCertificate(await scratch.readText('ca.crt'));
    const leaf = await parseCertificate(await scratch.readText('leaf.crt'));
    expect(leaf).toMatchObject({
      subjectText: 'CN=ovoc.example.com, O=Example',
      issuerText: 'CN=Example Root, O=Example, C=US',
      serialNumber: 'ab12cd',
      isCa: false,
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: ['serverAuth', 'clientAuth', '1.3.6.1.4.1.311.20.2.2'],
      sans: [
        { type: 'dns', value: 'ovoc.example.com' },
        { type: 'ip', value: '10.0.0.5' },
        { type: 'ip', value: 'fd00::5' },
        { type: 'email', value: 'noc@example.com' },
        { type: 'uri', value: 'https://ovoc.example.com/' },
      ],
      signatureAlgorithm: 'ecdsa-with-SHA256',
      selfIssued: false,
      authorityKeyId: ca.subjectKeyId,
    });
    expect(leaf.pathLength).toBeUndefined();
    expect(leaf.subjectKeyId).toMatch(/^[0-9a-f]{40}$/);
    expect(await opensslField('leaf.crt', '-serial')).toBe('AB12CD');
    const fingerprint = await scratch.openssl('x509', '-in', 'leaf.crt', '-noout', '-fingerprint', '-sha256');
    expect(leaf.fingerprintSha256).toBe(fingerprint.trim().split('=')[1]);
  });

  it("prints a serial number with its high bit set without DER's padding zero, as openssl does", async () => {
    await signLeaf('0x92b888dbb08ac163', 'leaf-high-serial.crt');
    const leaf = await parseCertificate(await scratch.readText('leaf-high-serial.crt'));
    expect(leaf.serialNumber).toBe('92b888dbb08ac163');
    expect(await opensslField('leaf-high-serial.crt', '-serial')).toBe(leaf.serialNumber.toUpperCase());
  });

  it('reads DER and PEM alike', async () => {
    const fromPem = await parseCertificate(await scratch.readText('leaf.crt'));
    const fromDer = await parseCertificate(await scratch.read('leaf.der'));
    expect(fromDer).toEqual(fromPem);
    expect(fromPem.pem).toBe(await scratch.readText('leaf.crt'));
  });
});

describe('parseCertificate on what is not a certificate', () => {
  it('refuses garbage with ERR_CERT_INVALID naming the source first', async () => {
    const attempt = parseCertificate(new Uint8Array([0x30, 0x03, 1, 2, 3]), { source: 'server.crt' });
    await expect(attempt).rejects.toBeInstanceOf(CertificateError);
    await expect(attempt).rejects.toMatchObject({
      code: 'ERR_CERT_INVALID',
      message: expect.stringMatching(/^server\.crt: /),
    });
  });

  it('refuses a truncated certificate and a CSR in DER', async () => {
    const der = await scratch.read('leaf.der');
    await expect(parseCertificate(der.subarray(0, der.length - 10))).rejects.toMatchObject({
      code: 'ERR_CERT_INVALID',
    });
    await scratch.openssl('req', '-in', 'leaf.csr', '-outform', 'DER', '-out', 'leaf.csr.der');
    await expect(parseCertificate(await scratch.read('leaf.csr.der'))).rejects.toMatchObject({
      code: 'ERR_CERT_INVALID',
    });
  });

  it('leaves a CSR in PEM to the PEM reader', async () => {
    await expect(parseCertificate(await scratch.readText('leaf.csr'))).rejects.toMatchObject({
      code: 'ERR_FORMAT_UNEXPECTED_PEM_LABEL',
    });
  });
});
