import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCsr,
  type CsrInfo,
  generateKey,
  lintCsr,
  parseCsr,
  parseSubjectAltName,
  type PrivateKey,
  type SubjectAltName,
} from '../src/index.js';
import { makeScratch, type Scratch } from './csr-openssl.js';

let scratch: Scratch;
let ecKey: PrivateKey;

beforeAll(async () => {
  scratch = await makeScratch();
  ecKey = await generateKey({ type: 'ec', curve: 'P-256' });
  await scratch.openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ec.key');
  await scratch.openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'rsa2048.key');
  await scratch.openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', 'rsa1024.key');
});
afterAll(() => scratch?.remove());

const SAN_OK = 'subjectAltName=DNS:ovoc.example.com';

/** A CSR made by `openssl req -new`, parsed by us. */
async function opensslCsr(name: string, key: string, extra: string[]): Promise<CsrInfo> {
  await scratch.openssl('req', '-new', '-key', key, '-subj', '/O=Example/CN=ovoc.example.com', ...extra, '-out', name);
  return parseCsr(await scratch.readText(name), { source: name });
}

function codes(csr: CsrInfo): string[] {
  return lintCsr(csr).map((finding) => finding.code);
}

/** One of our CSRs, checked by openssl too. */
async function ourCsr(options: Partial<Parameters<typeof createCsr>[0]> & { sanTexts?: string[] }): Promise<CsrInfo> {
  const sans: SubjectAltName[] = (options.sanTexts ?? ['dns:ovoc.example.com']).map((text) =>
    parseSubjectAltName(text),
  );
  const csr = await createCsr({ key: ecKey, subject: { cn: 'ovoc.example.com', o: 'Example' }, sans, ...options });
  await scratch.write('ours.csr', csr.pem);
  const verified = await scratch.opensslStatus('req', '-in', 'ours.csr', '-verify', '-noout');
  expect(verified.output).toContain('self-signature verify OK');
  return csr;
}

describe('lintCsr on CSRs made by openssl', () => {
  it('finds nothing wrong with a sound CSR', async () => {
    expect(lintCsr(await opensslCsr('sound.csr', 'ec.key', ['-addext', SAN_OK]))).toEqual([]);
  });

  it('reports a missing SAN as an error', async () => {
    const findings = lintCsr(await opensslCsr('nosan.csr', 'ec.key', []));
    expect(findings).toEqual([expect.objectContaining({ code: 'LINT_NO_SAN', severity: 'error' })]);
  });

  it('reports a SHA-1 signature', async () => {
    const csr = await opensslCsr('sha1.csr', 'rsa2048.key', ['-sha1', '-addext', SAN_OK]);
    expect(csr.signatureAlgorithm).toBe('sha1WithRSAEncryption');
    expect(codes(csr)).toEqual(['LINT_WEAK_SIGNATURE']);
  });

  it('reports an RSA 1024 key', async () => {
    const csr = await opensslCsr('rsa1024.csr', 'rsa1024.key', ['-addext', SAN_OK]);
    expect(csr.publicKey).toEqual({ type: 'rsa', bits: 1024 });
    expect(codes(csr)).toEqual(['LINT_WEAK_RSA']);
  });

  it('reports a SAN that is not a valid host name, and a CN missing from the SANs', async () => {
    const csr = await opensslCsr('syntax.csr', 'ec.key', ['-addext', 'subjectAltName=DNS:bad_name.example.com']);
    expect(codes(csr)).toEqual(['LINT_SAN_SYNTAX', 'LINT_CN_NOT_IN_SAN']);
  });
});

describe('lintCsr on CSRs made by createCsr', () => {
  it('finds nothing wrong with the defaults', async () => {
    expect(lintCsr(await ourCsr({}))).toEqual([]);
  });

  it('reports the CN missing from the SANs, matching DNS names without regard to case', async () => {
    expect(codes(await ourCsr({ sanTexts: ['dns:OVOC.example.com'] }))).toEqual([]);
    expect(codes(await ourCsr({ sanTexts: ['dns:other.example.com'] }))).toEqual(['LINT_CN_NOT_IN_SAN']);
  });

  it('accepts an IP address CN that is among the SANs', async () => {
    const csr = await ourCsr({ subject: { cn: '2001:DB8::1' }, sanTexts: ['ip:2001:db8::1'] });
    expect(codes(csr)).toEqual([]);
  });

  it('warns about no CN, wildcards and an email address in the subject', async () => {
    expect(codes(await ourCsr({ subject: { o: 'Example' } }))).toEqual(['LINT_NO_CN']);
    expect(codes(await ourCsr({ sanTexts: ['dns:ovoc.example.com', 'dns:*.example.com'] }))).toEqual(['LINT_WILDCARD']);
    const withEmail = await ourCsr({ subject: { cn: 'ovoc.example.com', email: 'pki@example.com' } });
    expect(codes(withEmail)).toEqual(['LINT_EMAIL_IN_SUBJECT']);
  });

  it('warns about usages the key cannot perform, and about an EKU without serverAuth', async () => {
    const csr = await ourCsr({ keyUsage: ['digitalSignature', 'keyEncipherment'], extendedKeyUsage: ['clientAuth'] });
    expect(lintCsr(csr)).toEqual([
      expect.objectContaining({ code: 'LINT_KEY_USAGE_MISMATCH', severity: 'warning' }),
      expect.objectContaining({ code: 'LINT_EKU_NO_SERVER_AUTH', severity: 'warning' }),
    ]);
  });

  it('reports country codes and CN lengths that createCsr itself would refuse', async () => {
    // createCsr refuses these, so they are written into a parsed CSR's fields directly.
    const csr = await ourCsr({});
    expect(codes({ ...csr, subject: { ...csr.subject, c: 'USA' } })).toEqual(['LINT_COUNTRY_CODE']);
    const longCn = `${'a'.repeat(61)}.example.com`;
    const long = { ...csr, subject: { cn: longCn }, sans: [{ type: 'dns' as const, value: longCn }] };
    expect(codes(long)).toEqual(['LINT_CN_TOO_LONG']);
  });
});
