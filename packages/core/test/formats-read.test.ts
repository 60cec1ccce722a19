import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FormatError, readCertificates } from '../src/index.js';
import type { Scratch } from './csr-openssl.js';
import { makeFormatFixtures, PFX_PASSWORD, toIndefiniteBer } from './formats-fixtures.js';

let scratch: Scratch;
let chainDers: Uint8Array[];

beforeAll(async () => {
  scratch = await makeFormatFixtures();
  chainDers = [];
  for (const index of [0, 1, 2]) {
    await scratch.openssl('x509', '-in', `cert${index}.pem`, '-outform', 'DER', '-out', `chain${index}.der`);
    chainDers.push(await scratch.read(`chain${index}.der`));
  }
});
afterAll(() => scratch.remove());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FormatError);
  return (error as FormatError).code;
}

/** Subjects in the order `openssl pkcs7 -print_certs` lists them. */
async function opensslP7Subjects(file: string, inform: 'DER' | 'PEM'): Promise<string[]> {
  const printed = await scratch.openssl('pkcs7', '-print_certs', '-inform', inform, '-in', file, '-noout');
  return [...printed.matchAll(/^subject=(.*)$/gm)].map((match) => match[1] as string);
}

async function subjectOf(der: Uint8Array): Promise<string> {
  await scratch.write('one.der', der);
  return (await scratch.openssl('x509', '-inform', 'DER', '-in', 'one.der', '-noout', '-subject')).trim().slice(8);
}

describe('readCertificates', () => {
  it('reads a PEM chain in file order, byte for byte as openssl writes the DER', async () => {
    expect(await readCertificates(await scratch.read('chain.pem'), { source: 'chain.pem' })).toEqual(chainDers);
  });

  it('reads one DER certificate', async () => {
    expect(await readCertificates(await scratch.read('cert0.der'))).toEqual([chainDers[0]]);
  });

  it.each([
    ['chain.p7b', 'DER'],
    ['chain-p7b.pem', 'PEM'],
  ] as const)('reads the PKCS#7 %s openssl wrote, in the order openssl lists it', async (file, inform) => {
    const ders = await readCertificates(await scratch.read(file), { source: file });
    expect(ders).toHaveLength(3);
    expect([...ders].sort(Buffer.compare)).toEqual([...chainDers].sort(Buffer.compare));
    const subjects = [];
    for (const der of ders) subjects.push(await subjectOf(der));
    expect(subjects).toEqual(await opensslP7Subjects(file, inform));
  });

  it('reads a PKCS#7 in BER with indefinite lengths (as streaming CMS writes it)', async () => {
    const ber = toIndefiniteBer(await scratch.read('chain.p7b'));
    expect(ber[1]).toBe(0x80);
    const ders = await readCertificates(ber);
    expect([...ders].sort(Buffer.compare)).toEqual([...chainDers].sort(Buffer.compare));
  });

  it('reads the certificates of a signed CMS message that openssl streamed in BER (signers ignored)', async () => {
    await scratch.write('message.txt', 'hello\n');
    const sign = ['cms', '-sign', '-in', 'message.txt', '-signer', 'own.crt', '-inkey', 'own.key'];
    await scratch.openssl(...sign, '-certfile', 'chain.pem', '-outform', 'DER', '-stream', '-out', 'signed.p7');
    const signed = await scratch.read('signed.p7');
    expect(signed[1]).toBe(0x80);
    expect(await readCertificates(signed)).toHaveLength(4);
  });

  it('takes certificates from a PEM bundle that also holds a key and text, skipping the key', async () => {
    const bundle = `notes\n${await scratch.readText('own.key')}${await scratch.readText('chain.pem')}`;
    expect(await readCertificates(bundle)).toEqual(chainDers);
  });

  it("reads OpenSSL's TRUSTED CERTIFICATE blocks, without their trust settings", async () => {
    await scratch.openssl('x509', '-in', 'cert0.pem', '-addtrust', 'serverAuth', '-trustout', '-out', 'trusted.pem');
    expect(await scratch.readText('trusted.pem')).toContain('BEGIN TRUSTED CERTIFICATE');
    expect(await readCertificates(await scratch.read('trusted.pem'))).toEqual([chainDers[0]]);
  });

  it('reads PKCS#12, asking for the password only then', async () => {
    const password = vi.fn(async () => PFX_PASSWORD);
    await readCertificates(await scratch.read('chain.pem'), { password });
    expect(password).not.toHaveBeenCalled();
    const ders = await readCertificates(await scratch.read('aes.p12'), { source: 'aes.p12', password });
    expect(password).toHaveBeenCalledTimes(1);
    expect(ders).toHaveLength(4);
    expect(ders.slice(1)).toEqual(chainDers);
  });

  it.each([
    ['empty.p7b', 'ERR_FORMAT_NO_CERTIFICATES'],
    ['req.der', 'ERR_FORMAT_NO_CERTIFICATES'],
    ['key.der', 'ERR_FORMAT_NO_CERTIFICATES'],
    ['own.key', 'ERR_FORMAT_NO_CERTIFICATES'],
    ['aes.p12', 'ERR_FORMAT_PKCS12_PASSWORD_REQUIRED'],
  ])('%s → %s, naming the file', async (file, code) => {
    const promise = readCertificates(await scratch.read(file), { source: file });
    await expect(promise).rejects.toThrow(new RegExp(`^${file.replace('.', '\\.')}: `));
    expect(await codeOf(readCertificates(await scratch.read(file), { source: file }))).toBe(code);
  });

  it('refuses PKCS#7 that is not SignedData', async () => {
    // ContentInfo { data, [0] OCTET STRING "hi" }
    const data = Uint8Array.from([
      0x30, 0x11, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x04, 0x04, 0x02, 0x68, 0x69,
    ]);
    expect(await codeOf(readCertificates(data))).toBe('ERR_FORMAT_PKCS7_UNSUPPORTED');
  });

  it('refuses a PKCS#7 holding more than 1,000 certificates, and one whose certificate is not one', async () => {
    const p7b = await scratch.read('chain.p7b');
    const many = Array.from({ length: 1_001 }, () => `-certfile cert0.pem`)
      .join(' ')
      .split(' ');
    await scratch.openssl('crl2pkcs7', '-nocrl', ...many, '-outform', 'DER', '-out', 'many.p7b');
    expect(await codeOf(readCertificates(await scratch.read('many.p7b')))).toBe('ERR_FORMAT_LIMIT_EXCEEDED');
    // Turn the first certificate's tbsCertificate SEQUENCE into a SET: still DER, no longer a certificate.
    const broken = p7b.slice();
    const certificateStart = Buffer.from(broken).indexOf(Buffer.from(chainDers[0]?.subarray(0, 8) ?? []));
    broken[certificateStart + 4] = 0x31;
    expect(await codeOf(readCertificates(broken))).toBe('ERR_FORMAT_DER_INVALID');
  });

  it('turns truncation anywhere in a PKCS#7 into ERR_FORMAT_TRUNCATED, never a crash', async () => {
    const p7b = await scratch.read('chain.p7b');
    for (const cut of [4, 20, 100, 1000, p7b.length - 1]) {
      expect(await codeOf(readCertificates(p7b.subarray(0, cut)))).toBe('ERR_FORMAT_TRUNCATED');
    }
  });
});
