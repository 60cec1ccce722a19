import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCsr,
  createLabCa,
  type CsrInfo,
  generateKey,
  type LabCa,
  type LabCaMember,
  parseCertificate,
  parseSubjectAltName,
  type PrivateKey,
  signCsr,
} from '../src/index.js';
import { epochSeconds, flipByte, makeScratch, opensslDate, type Scratch } from './csr-openssl.js';

const AT = new Date('2025-03-01T12:00:00Z');
const DAY = 86_400_000;
const EC = { type: 'ec', curve: 'P-256' } as const;
const SAN_TEXTS = [
  'dns:ovoc.example.com',
  'dns:ovoc-2.example.com',
  'ip:192.0.2.10',
  'ip:2001:db8::10',
  'email:noc@example.com',
  'uri:https://ovoc.example.com/',
];
const SAN_OPENSSL =
  'DNS:ovoc.example.com, DNS:ovoc-2.example.com, IP Address:192.0.2.10, IP Address:2001:DB8:0:0:0:0:0:10, email:noc@example.com, URI:https://ovoc.example.com/';

let scratch: Scratch;
let serverKey: PrivateKey;
let serverCsr: CsrInfo;
const labs = new Map<number, LabCa>();

beforeAll(async () => {
  scratch = await makeScratch();
  serverKey = await generateKey({ type: 'rsa', bits: 2048 });
  serverCsr = await createCsr({
    key: serverKey,
    subject: { cn: 'ovoc.example.com', o: 'Example' },
    sans: SAN_TEXTS.map((text) => parseSubjectAltName(text)),
  });
  await scratch.write('server.csr', serverCsr.pem);
  expect((await scratch.opensslStatus('req', '-in', 'server.csr', '-verify', '-noout')).output).toContain('verify OK');
  for (const intermediates of [0, 1, 2] as const)
    labs.set(intermediates, await createLabCa({ intermediates, keySpec: EC, at: AT }));
});
afterAll(() => scratch?.remove());

function issuerOf(lab: LabCa): LabCaMember {
  return lab.intermediates.at(-1) ?? lab.root;
}

/** Writes the chain and the leaf; returns openssl verify's result at `at` and `openssl x509 -text` of the leaf. */
async function checkWithOpenssl(lab: LabCa, leafPem: string, prefix: string, at = new Date(AT.getTime() + DAY)) {
  await scratch.write(`${prefix}-root.crt`, lab.root.certificatePem);
  const untrusted: string[] = [];
  for (const member of lab.intermediates) {
    await scratch.write(`${prefix}-${member.name}.crt`, member.certificatePem);
    untrusted.push('-untrusted', `${prefix}-${member.name}.crt`);
  }
  await scratch.write(`${prefix}-server.crt`, leafPem);
  const verify = await scratch.opensslStatus(
    'verify',
    '-attime',
    epochSeconds(at),
    '-purpose',
    'sslserver',
    '-CAfile',
    `${prefix}-root.crt`,
    ...untrusted,
    `${prefix}-server.crt`,
  );
  const text = await scratch.openssl('x509', '-in', `${prefix}-server.crt`, '-noout', '-text', '-dates');
  return { verify, text };
}

describe.each([0, 1, 2] as const)('signCsr below a lab CA with %i intermediates', (intermediates) => {
  let leaf: Awaited<ReturnType<typeof signCsr>>;
  let verify: { ok: boolean; output: string };
  let text: string;
  beforeAll(async () => {
    const lab = labs.get(intermediates) as LabCa;
    const issuer = issuerOf(lab);
    leaf = await signCsr({ csr: serverCsr, issuerCertificate: issuer.certificatePem, issuerKey: issuer.key, at: AT });
    ({ verify, text } = await checkWithOpenssl(lab, leaf.pem, `chain${intermediates}`));
  });

  it('issues a certificate openssl verifies through the whole chain', () => {
    expect(verify.output).toContain('server.crt: OK');
    expect(verify.ok).toBe(true);
  });

  it('keeps the subject and every SAN', () => {
    expect(text).toContain('Subject: O = Example, CN = ovoc.example.com');
    expect(text).toContain(SAN_OPENSSL);
    expect(leaf.sans).toEqual(serverCsr.sans);
  });

  it('marks it CA:FALSE with the requested usages, SKI and AKI', async () => {
    expect(text).toMatch(/Basic Constraints: \s+CA:FALSE\n/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment\n/);
    expect(text).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
    const issuer = await parseCertificate(issuerOf(labs.get(intermediates) as LabCa).certificatePem);
    expect(leaf.authorityKeyId).toBe(issuer.subjectKeyId);
    expect(text.replace(/:/g, '')).toContain(
      `Authority Key Identifier \n                ${issuer.subjectKeyId?.toUpperCase()}`,
    );
    expect(text).toContain('Subject Key Identifier');
    expect(leaf.isCa).toBe(false);
  });

  it('is valid from `at` for 397 days, with no warnings', () => {
    expect(opensslDate(text, 'notBefore')).toEqual(AT);
    expect(opensslDate(text, 'notAfter')).toEqual(new Date(AT.getTime() + 397 * DAY));
    expect(leaf.warnings).toEqual([]);
  });
});

describe('signCsr choices', () => {
  const lab = () => labs.get(1) as LabCa;
  const issuer = () => issuerOf(lab());

  it('keeps SAN kinds it does not list, copying the requested extension as is', async () => {
    await scratch.openssl(
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'other.key',
      '-subj',
      '/CN=user.example.com',
      '-addext',
      'subjectAltName=DNS:user.example.com, otherName:1.3.6.1.4.1.311.20.2.3;UTF8:user@example.com, dirName:dir',
      '-config',
      await scratch.write('dir.cnf', '[req]\ndistinguished_name = dn\n[dn]\n[dir]\nCN = Directory Name\n'),
      '-out',
      'other.csr',
    );
    const leaf = await signCsr({
      csr: await scratch.readText('other.csr'),
      issuerCertificate: issuer().certificatePem,
      issuerKey: issuer().key,
      at: AT,
    });
    const { verify, text } = await checkWithOpenssl(lab(), leaf.pem, 'othername');
    expect(verify.ok).toBe(true);
    expect(text).toContain('DNS:user.example.com, othername: UPN::user@example.com, DirName:/CN=Directory Name');
    expect(leaf.sans).toEqual([{ type: 'dns', value: 'user.example.com' }]);
  });

  it('adds names after the requested ones (a device CSR has none), skipping one already requested', async () => {
    const deviceKey = await generateKey(EC);
    const bare = await createCsr({ key: deviceKey, subject: { cn: 'sbc-1' }, sans: [] });
    const added = [
      { type: 'dns', value: 'sbc-1.example.com' },
      { type: 'ip', value: '192.0.2.44' },
    ] as const;
    const device = await signCsr({
      csr: bare.pem,
      issuerCertificate: issuer().certificatePem,
      issuerKey: issuer().key,
      at: AT,
      addSubjectAltNames: added,
    });
    expect(device.sans).toEqual(added);
    const { verify, text } = await checkWithOpenssl(lab(), device.pem, 'device');
    expect(verify.ok).toBe(true);
    expect(text).toContain('DNS:sbc-1.example.com, IP Address:192.0.2.44');
    const both = await signCsr({
      csr: serverCsr,
      issuerCertificate: issuer().certificatePem,
      issuerKey: issuer().key,
      at: AT,
      addSubjectAltNames: [
        { type: 'dns', value: 'ovoc.example.com' },
        { type: 'ip', value: '192.0.2.99' },
      ],
    });
    expect(both.sans.map((san) => san.value)).toEqual([
      ...SAN_TEXTS.map((text) => parseSubjectAltName(text).value),
      '192.0.2.99',
    ]);
    await expect(
      signCsr({
        csr: bare.pem,
        issuerCertificate: issuer().certificatePem,
        issuerKey: issuer().key,
        addSubjectAltNames: [{ type: 'ip', value: 'not-an-ip' }],
      }),
    ).rejects.toMatchObject({ code: 'ERR_SAN_INVALID' });
  });

  it('applies the default usages when the CSR asks for none, and drops CA usages with a warning', async () => {
    await scratch.openssl(
      'req',
      '-new',
      '-key',
      'other.key',
      '-subj',
      '/CN=bare.example.com',
      '-addext',
      'subjectAltName=DNS:bare.example.com',
      '-out',
      'bare.csr',
    );
    const bare = await signCsr({
      csr: await scratch.readText('bare.csr'),
      issuerCertificate: issuer().certificatePem,
      issuerKey: issuer().key,
      at: AT,
    });
    expect(bare).toMatchObject({
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: ['serverAuth', 'clientAuth'],
      warnings: [],
    });

    await scratch.openssl(
      'req',
      '-new',
      '-key',
      'other.key',
      '-subj',
      '/CN=greedy.example.com',
      '-addext',
      'subjectAltName=DNS:greedy.example.com',
      '-addext',
      'keyUsage=critical,digitalSignature,keyCertSign',
      '-addext',
      'extendedKeyUsage=clientAuth',
      '-out',
      'greedy.csr',
    );
    const greedy = await signCsr({
      csr: await scratch.readText('greedy.csr'),
      issuerCertificate: issuer().certificatePem,
      issuerKey: issuer().key,
      at: AT,
    });
    expect(greedy.keyUsage).toEqual(['digitalSignature']);
    expect(greedy.extendedKeyUsage).toEqual(['clientAuth']);
    expect(greedy.warnings.map((warning) => warning.code)).toEqual(['WARN_KEY_USAGE_DROPPED']);
    const { text } = await checkWithOpenssl(lab(), greedy.pem, 'greedy');
    expect(text).not.toContain('Certificate Sign');
  });

  it('clamps a notAfter past the issuer to the issuer, with a warning', async () => {
    const short = await createLabCa({ keySpec: EC, at: AT, validityDays: 100 });
    const leaf = await signCsr({
      csr: serverCsr.pem,
      issuerCertificate: short.root.certificatePem,
      issuerKey: short.root.key,
      at: AT,
    });
    expect(leaf.notAfter).toEqual(new Date(AT.getTime() + 100 * DAY));
    expect(leaf.warnings.map((warning) => warning.code)).toEqual(['WARN_VALIDITY_CLAMPED']);
    const { verify, text } = await checkWithOpenssl(short, leaf.pem, 'clamped', new Date(AT.getTime() + 99 * DAY));
    expect(verify.ok).toBe(true);
    expect(opensslDate(text, 'notAfter')).toEqual(new Date(AT.getTime() + 100 * DAY));
  });

  it('takes explicit dates, a serial and a hash', async () => {
    const leaf = await signCsr({
      csr: serverCsr.der,
      issuerCertificate: issuer().certificatePem,
      issuerKey: issuer().key,
      notBefore: new Date('2025-06-01T00:00:00Z'),
      notAfter: new Date('2026-06-01T00:00:00Z'),
      serial: () => new Uint8Array([0x0a, 0xbc]),
      hash: 'SHA-384',
    });
    const { verify, text } = await checkWithOpenssl(lab(), leaf.pem, 'explicit', new Date('2025-07-01T00:00:00Z'));
    expect(verify.ok).toBe(true);
    expect(text).toContain('Serial Number: 2748 (0xabc)');
    expect(text).toContain('Signature Algorithm: ecdsa-with-SHA384');
    expect(opensslDate(text, 'notBefore')).toEqual(new Date('2025-06-01T00:00:00Z'));
    expect(opensslDate(text, 'notAfter')).toEqual(new Date('2026-06-01T00:00:00Z'));
  });

  it('uses the CSR bytes, not fields a caller changed in the CsrInfo', async () => {
    const edited = { ...serverCsr, sans: [], subject: { cn: 'evil.example.com' } };
    const leaf = await signCsr({
      csr: edited,
      issuerCertificate: issuer().certificatePem,
      issuerKey: issuer().key,
      at: AT,
    });
    expect(leaf.subject.cn).toBe('ovoc.example.com');
    expect(leaf.sans).toEqual(serverCsr.sans);
  });
});

describe('signCsr refusals', () => {
  const issuer = () => issuerOf(labs.get(1) as LabCa);

  it('refuses a CSR whose signature was altered, with ERR_CSR_BAD_SIGNATURE', async () => {
    const tampered = flipByte(serverCsr.der, -2);
    await scratch.write('tampered.der', tampered);
    const openssl = await scratch.opensslStatus('req', '-inform', 'DER', '-in', 'tampered.der', '-verify', '-noout');
    expect(openssl.output).not.toContain('verify OK');
    await expect(
      signCsr({ csr: tampered, issuerCertificate: issuer().certificatePem, issuerKey: issuer().key, at: AT }),
    ).rejects.toMatchObject({
      code: 'ERR_CSR_BAD_SIGNATURE',
    });
  });

  it('refuses a CSR that names no one, and marks a SAN critical when the subject is empty', async () => {
    await scratch.openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'anon.key');
    await scratch.openssl('req', '-new', '-key', 'anon.key', '-subj', '/', '-out', 'anon.csr');
    const sign = (csr: string) =>
      signCsr({ csr, issuerCertificate: issuer().certificatePem, issuerKey: issuer().key, at: AT });
    await expect(sign(await scratch.readText('anon.csr'))).rejects.toMatchObject({ code: 'ERR_CSR_INVALID' });

    await scratch.openssl(
      'req',
      '-new',
      '-key',
      'anon.key',
      '-subj',
      '/',
      '-addext',
      'subjectAltName=DNS:only.example.com',
      '-out',
      'san-only.csr',
    );
    const leaf = await sign(await scratch.readText('san-only.csr'));
    const { verify, text } = await checkWithOpenssl(labs.get(1) as LabCa, leaf.pem, 'san-only');
    expect(verify.ok).toBe(true);
    expect(text).toMatch(/Subject Alternative Name: critical\s+DNS:only.example.com\n/);
  });

  it('refuses an issuer key that does not match the issuer certificate', async () => {
    const lab = labs.get(1) as LabCa;
    await expect(
      signCsr({ csr: serverCsr, issuerCertificate: issuer().certificatePem, issuerKey: lab.root.key, at: AT }),
    ).rejects.toMatchObject({
      code: 'ERR_KEY_MISMATCH',
    });
  });

  it('refuses an issuer that is not a CA', async () => {
    const leaf = await signCsr({
      csr: serverCsr,
      issuerCertificate: issuer().certificatePem,
      issuerKey: issuer().key,
      at: AT,
    });
    await expect(
      signCsr({ csr: serverCsr, issuerCertificate: leaf.pem, issuerKey: serverKey, at: AT }),
    ).rejects.toMatchObject({
      code: 'ERR_CA_INVALID',
    });
  });

  it.each([
    ['days of 0', { days: 0 }],
    ['fractional days', { days: 1.5 }],
    ['notAfter before notBefore', { notBefore: new Date('2026-01-01Z'), notAfter: new Date('2025-12-01Z') }],
    ['a start after the issuer expires', { notBefore: new Date('2040-01-01Z') }],
  ])('refuses %s with ERR_VALIDITY_INVALID', async (_name, options) => {
    await expect(
      signCsr({
        csr: serverCsr,
        issuerCertificate: issuer().certificatePem,
        issuerKey: issuer().key,
        at: AT,
        ...options,
      }),
    ).rejects.toMatchObject({ code: 'ERR_VALIDITY_INVALID' });
  });
});
