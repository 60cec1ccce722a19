import { webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabCa, type LabCa, parseCertificate } from '../src/index.js';
import { epochSeconds, makeScratch, opensslDate, type Scratch } from './csr-openssl.js';

const AT = new Date('2025-03-01T12:00:00.500Z');
const EC = { type: 'ec', curve: 'P-256' } as const;

let scratch: Scratch;
beforeAll(async () => {
  scratch = await makeScratch();
});
afterAll(() => scratch?.remove());

/** Writes root.crt, ca1.crt and ca2.crt (as far as they exist) into a fresh subdirectory name prefix. */
async function writeCa(ca: LabCa, prefix: string): Promise<string[]> {
  const files = [`${prefix}-root.crt`];
  await scratch.write(files[0] as string, ca.root.certificatePem);
  for (const member of ca.intermediates) {
    files.push(`${prefix}-${member.name}.crt`);
    await scratch.write(`${prefix}-${member.name}.crt`, member.certificatePem);
  }
  return files;
}

/** `openssl verify` of the last CA in the chain against the root, at a given time. */
async function opensslVerify(files: string[], at: Date): Promise<{ ok: boolean; output: string }> {
  const [root, ...rest] = files;
  const target = rest.at(-1) ?? (root as string);
  const untrusted = rest.slice(0, -1).flatMap((file) => ['-untrusted', file]);
  return scratch.opensslStatus('verify', '-attime', epochSeconds(at), '-CAfile', root as string, ...untrusted, target);
}

async function text(file: string): Promise<string> {
  return scratch.openssl('x509', '-in', file, '-noout', '-text');
}

describe.each([0, 1, 2] as const)('createLabCa with %i intermediates', (intermediates) => {
  let ca: LabCa;
  let files: string[];
  beforeAll(async () => {
    ca = await createLabCa({ intermediates, keySpec: EC, at: AT });
    files = await writeCa(ca, `chain${intermediates}`);
  });

  it('names the members root, ca1, ca2', () => {
    expect([ca.root, ...ca.intermediates].map((member) => member.name)).toEqual(
      ['root', 'ca1', 'ca2'].slice(0, intermediates + 1),
    );
  });

  it('makes a chain openssl verifies', async () => {
    const result = await opensslVerify(files, new Date(AT.getTime() + 86_400_000));
    expect(result.output).toContain(': OK');
    expect(result.ok).toBe(true);
  });

  it('marks each CA with critical basicConstraints and the pathLen of the CAs below it', async () => {
    for (const [depth, file] of files.entries()) {
      const output = await text(file);
      expect(output).toMatch(new RegExp(`Basic Constraints: critical\\s+CA:TRUE, pathlen:${intermediates - depth}\\n`));
      expect(output).toMatch(/Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign\n/);
      expect(output).toContain('Subject Key Identifier');
    }
  });

  it('links each issued CA to its issuer by AKI, and the root to none', async () => {
    const parsed = await Promise.all(files.map(async (file) => parseCertificate(await scratch.readText(file))));
    expect(parsed[0]?.authorityKeyId).toBeUndefined();
    expect(parsed[0]?.selfIssued).toBe(true);
    for (let depth = 1; depth < parsed.length; depth++) {
      expect(parsed[depth]?.authorityKeyId).toBe(parsed[depth - 1]?.subjectKeyId);
      expect(parsed[depth]?.issuerText).toBe(parsed[depth - 1]?.subjectText);
      const aki = await scratch.openssl(
        'x509',
        '-in',
        files[depth] as string,
        '-noout',
        '-ext',
        'authorityKeyIdentifier',
      );
      expect(aki.replace(/[^0-9A-F]/g, '').toLowerCase()).toContain(parsed[depth - 1]?.subjectKeyId);
    }
  });

  it('names the CAs and gives each one the same window, from `at` for 3650 days', async () => {
    const commonNames = [
      'Certwright Lab Root CA',
      'Certwright Lab Intermediate CA 1',
      'Certwright Lab Intermediate CA 2',
    ];
    for (const [depth, file] of files.entries()) {
      const subject = await scratch.openssl('x509', '-in', file, '-noout', '-subject');
      expect(subject.trim()).toBe(`subject=O = Certwright Lab CA, CN = ${commonNames[depth]}`);
      const dates = await scratch.openssl('x509', '-in', file, '-noout', '-dates');
      expect(opensslDate(dates, 'notBefore')).toEqual(new Date('2025-03-01T12:00:00Z'));
      expect(opensslDate(dates, 'notAfter')).toEqual(new Date(Date.parse('2025-03-01T12:00:00Z') + 3650 * 86_400_000));
    }
  });

  it('gives every CA a positive 16-byte random serial', async () => {
    const serials = await Promise.all(
      files.map(async (file) =>
        (await scratch.openssl('x509', '-in', file, '-noout', '-serial')).trim().slice('serial='.length),
      ),
    );
    for (const serial of serials) expect(serial).toMatch(/^[4-7][0-9A-F]{31}$/);
    expect(new Set(serials).size).toBe(serials.length);
  });
});

describe('createLabCa options', () => {
  it('defaults to RSA 3072 keys and SHA-256', async () => {
    const ca = await createLabCa({ at: AT });
    const root = await parseCertificate(ca.root.certificatePem);
    expect(root.publicKey).toEqual({ type: 'rsa', bits: 3072 });
    expect(root.signatureAlgorithm).toBe('sha256WithRSAEncryption');
    expect(ca.intermediates).toEqual([]);
    const files = await writeCa(ca, 'rsa');
    expect((await opensslVerify(files, AT)).ok).toBe(true);
  });

  it('signs P-384 CAs with SHA-384 and Ed25519 CAs with Ed25519', async () => {
    for (const [keySpec, algorithm] of [
      [{ type: 'ec', curve: 'P-384' }, 'ecdsa-with-SHA384'],
      [{ type: 'ed25519' }, 'ED25519'],
    ] as const) {
      const ca = await createLabCa({ intermediates: 1, keySpec, at: AT });
      const files = await writeCa(ca, algorithm);
      expect((await opensslVerify(files, AT)).ok).toBe(true);
      expect(await text(files[1] as string)).toContain(`Signature Algorithm: ${algorithm}`);
    }
  });

  it('takes a fixed window, serials and organisation for test vectors', async () => {
    let next = 0;
    const serial = () => new Uint8Array([0x01, 0x00, ++next]);
    const options = {
      intermediates: 2,
      keySpec: EC,
      organization: 'Vector Lab',
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2044-01-01T00:00:00Z'),
      serial,
    } as const;
    const files = await writeCa(await createLabCa(options), 'fixed');
    for (const [index, file] of files.entries()) {
      const fields = await scratch.openssl('x509', '-in', file, '-noout', '-serial', '-dates', '-subject');
      expect(fields).toContain(`serial=01000${index + 1}`);
      expect(fields).toContain('notBefore=Jan  1 00:00:00 2024 GMT');
      expect(fields).toContain('notAfter=Jan  1 00:00:00 2044 GMT');
      expect(fields).toContain('O = Vector Lab');
    }
    expect((await opensslVerify(files, new Date('2030-06-01T00:00:00Z'))).ok).toBe(true);
    expect((await opensslVerify(files, new Date('2045-06-01T00:00:00Z'))).ok).toBe(false);
  });

  it('writes dates after 2049 as GeneralizedTime', async () => {
    const ca = await createLabCa({
      keySpec: EC,
      notBefore: new Date('2049-06-01T00:00:00Z'),
      notAfter: new Date('2060-01-01T00:00:00Z'),
    });
    const files = await writeCa(ca, 'y2050');
    expect(await scratch.openssl('x509', '-in', files[0] as string, '-noout', '-enddate')).toContain(
      'Jan  1 00:00:00 2060 GMT',
    );
    expect(await scratch.openssl('asn1parse', '-in', files[0] as string)).toContain(
      'GENERALIZEDTIME   :20600101000000Z',
    );
  });

  it('uses the injected crypto provider for serials and signatures', async () => {
    const calls = { random: 0, sign: 0 };
    const subtle = new Proxy(webcrypto.subtle, {
      get(target, property) {
        if (property === 'sign') calls.sign++;
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const crypto = {
      subtle,
      getRandomValues: (array: Uint8Array) => {
        calls.random++;
        return webcrypto.getRandomValues(array);
      },
    } as unknown as webcrypto.Crypto;
    const files = await writeCa(await createLabCa({ intermediates: 1, keySpec: EC, at: AT, crypto }), 'injected');
    expect(calls).toEqual({ random: 2, sign: 2 });
    expect((await opensslVerify(files, AT)).ok).toBe(true);
  });

  it.each([
    [
      'notAfter before notBefore',
      { notBefore: new Date('2030-01-01Z'), notAfter: new Date('2029-01-01Z') },
      'ERR_VALIDITY_INVALID',
    ],
    [
      'notAfter equal to notBefore',
      { notBefore: new Date('2030-01-01Z'), notAfter: new Date('2030-01-01Z') },
      'ERR_VALIDITY_INVALID',
    ],
    ['validityDays of 0', { validityDays: 0 }, 'ERR_VALIDITY_INVALID'],
    ['an invalid date', { at: new Date('not a date') }, 'ERR_INVALID_ARGUMENT'],
    ['three intermediates', { intermediates: 3 as 2 }, 'ERR_INVALID_ARGUMENT'],
    ['an all-zero serial', { serial: () => new Uint8Array(4) }, 'ERR_INVALID_ARGUMENT'],
    ['a 21-octet serial', { serial: () => new Uint8Array(21).fill(1) }, 'ERR_INVALID_ARGUMENT'],
    ['an empty organisation', { organization: '' }, 'ERR_SUBJECT_INVALID'],
  ])('refuses %s', async (_name, options, code) => {
    await expect(createLabCa({ keySpec: EC, at: AT, ...options })).rejects.toMatchObject({ code });
  });
});
