import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, openssl, tempDir } from './helpers.js';
import { noSecret, parseArgv, writeFormatFixtures } from './formats-fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFormatFixtures(dir);
});
afterAll(() => cleanup());

async function inspectJson(argv: string[], env: Record<string, string> = {}) {
  const result = await cli(dir, ['inspect', ...argv, '--json'], env);
  return { ...result, json: JSON.parse(result.stdout) };
}

describe('inspect argv → options', () => {
  it.each([
    [['inspect', 'a.pem'], { file: 'a.pem', storepass: noSecret, passphrase: noSecret, json: false }],
    [
      ['inspect', 'a.pfx', '--storepass-env', 'STORE', '--passphrase-fd', '3', '--json'],
      {
        file: 'a.pfx',
        storepass: { file: undefined, env: 'STORE', fd: undefined },
        passphrase: { file: undefined, env: undefined, fd: 3 },
        json: true,
      },
    ],
  ])('%j', async (argv, options) => {
    expect(await parseArgv(argv)).toEqual({ command: 'inspect', options });
  });

  it('refuses two store password sources and a missing file argument (exit 2)', async () => {
    expect((await cli(dir, ['inspect', 'bundle.pfx', '--storepass-file', 'a', '--storepass-env', 'B'])).code).toBe(2);
    expect((await cli(dir, ['inspect'])).code).toBe(2);
  });
});

describe('certwright inspect', () => {
  it('describes a PEM chain: subject, issuer, serial, validity, SANs, key, role, SHA-256 as openssl prints it', async () => {
    const { code, stdout } = await cli(dir, ['inspect', 'chain.pem']);
    expect(code).toBe(0);
    expect(stdout).toContain('Format:  PEM (CERTIFICATE, CERTIFICATE, CERTIFICATE)');
    expect(stdout).toContain('Certificate 3 of 3');
    expect(stdout).toMatch(/Subject: +CN=ovoc\.example\.com, O=Certwright Test Vectors/);
    expect(stdout).toMatch(/SANs: +DNS:ovoc\.example\.com/);
    expect(stdout).toMatch(/Role: +leaf/);
    expect(stdout).toMatch(/Role: +CA\n/);
    const fingerprint = (await openssl(dir, ['x509', '-in', 'server.crt', '-noout', '-fingerprint', '-sha256'])).trim();
    expect(stdout).toContain(fingerprint.split('=')[1]);
  });

  it('JSON for a DER PKCS#7 bundle and a DER certificate', async () => {
    const p7b = await inspectJson(['chain.p7b']);
    expect(p7b.code).toBe(0);
    expect(p7b.json.format).toEqual({ format: 'pkcs7', encoding: 'der' });
    expect(p7b.json.certificates).toHaveLength(3);
    const der = await inspectJson(['server.der']);
    expect(der.json.format).toEqual({ format: 'der-certificate', encoding: 'der' });
    expect(der.json.certificates[0]).toMatchObject({
      subject: 'CN=ovoc.example.com, O=Certwright Test Vectors',
      role: 'leaf',
      validity: 'valid',
      serialNumber: expect.stringMatching(/^[0-9a-f]+$/),
      publicKey: { type: 'rsa', bits: 2048 },
    });
  });

  it('says when a certificate has expired', async () => {
    const { json } = await inspectJson(['expired.crt']);
    expect(json.certificates[0].validity).toBe('expired');
    expect((await cli(dir, ['inspect', 'expired.crt'])).stdout).toContain('(EXPIRED)');
  });

  it('PKCS#12: certificates with aliases, the key described, never its material', async () => {
    const { code, json, stdout } = await inspectJson(['bundle.pfx', '--storepass-env', 'STORE'], {
      STORE: 'store-pass',
    });
    expect(code).toBe(0);
    expect(json.format.format).toBe('pkcs12');
    expect(json.certificates).toHaveLength(4);
    expect(json.certificates[0]).toMatchObject({ subject: 'CN=pfx.example.com', friendlyName: 'ovoc' });
    expect(json.keys).toEqual([
      { description: { type: 'ec', bits: 256, curve: 'P-256' }, kind: 'private', friendlyName: 'ovoc' },
    ]);
    expect(json.pkcs12.mac).toMatch(/^HMAC-SHA256/);
    expect(stdout).not.toMatch(/PRIVATE KEY|"d"|BEGIN/);
    const human = await cli(dir, ['inspect', 'bundle.pfx', '--storepass-file', 'store-pass.txt']);
    expect(human.stdout).toContain('Private key (alias ovoc): EC P-256');
  });

  it('legacy RC2 PKCS#12 (openssl -legacy) is read, with a warning that names the weak encryption', async () => {
    const legacy = await inspectJson(['legacy.pfx', '--storepass-file', 'store-pass.txt']);
    expect(legacy.code).toBe(0);
    expect(legacy.json.pkcs12.encryption).toContain('pbeWithSHAAnd40BitRC2-CBC');
    expect(legacy.json.certificates.length).toBeGreaterThan(0);
    expect(legacy.json.warnings.map((warning: { code: string }) => warning.code)).toContain(
      'WARN_PKCS12_LEGACY_ENCRYPTION',
    );
  });

  it('PKCS#12 failures: wrong password exits 3; no password source and no terminal exits 2', async () => {
    const wrong = await inspectJson(['bundle.pfx', '--storepass-env', 'STORE'], { STORE: 'nope' });
    expect([wrong.code, wrong.json.error.code]).toEqual([3, 'ERR_FORMAT_PKCS12_BAD_PASSWORD']);
    const legacyWrong = await inspectJson(['legacy.pfx', '--storepass-env', 'STORE'], { STORE: 'nope' });
    expect([legacyWrong.code, legacyWrong.json.error.code]).toEqual([3, 'ERR_FORMAT_PKCS12_BAD_PASSWORD']);
    const none = await inspectJson(['bundle.pfx']);
    expect([none.code, none.json.error.code]).toEqual([2, 'ERR_SECRET_UNAVAILABLE']);
  });

  it('a key: plain without asking, encrypted with its passphrase', async () => {
    expect((await cli(dir, ['inspect', 'own.key'])).stdout).toContain('Private key: EC P-256');
    const encrypted = await cli(dir, ['inspect', 'enc.key', '--passphrase-file', 'key-pass.txt']);
    expect(encrypted.code).toBe(0);
    expect(encrypted.stdout).toContain('Private key: EC P-256');
    expect(encrypted.stdout).not.toContain('BEGIN');
    // Without a passphrase the key's protection is described and nothing is asked for (inspect-encrypted-key.test.ts).
    expect((await cli(dir, ['inspect', 'enc.key'])).code).toBe(0);
  });

  it('a public key, DER or PEM, even after a certificate in the same file', async () => {
    await openssl(dir, ['pkey', '-in', 'own.key', '-pubout', '-out', 'pub.pem']);
    await openssl(dir, ['pkey', '-in', 'own.key', '-pubout', '-outform', 'DER', '-out', 'pub.der']);
    const { readFile, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const mixed = (await readFile(join(dir, 'server.crt'), 'utf8')) + (await readFile(join(dir, 'pub.pem'), 'utf8'));
    await writeFile(join(dir, 'mixed.pem'), mixed);
    const der = await inspectJson(['pub.der']);
    expect(der.json.keys).toEqual([{ description: { type: 'ec', bits: 256, curve: 'P-256' }, kind: 'public' }]);
    const pem = await inspectJson(['mixed.pem']);
    expect(pem.json.certificates).toHaveLength(1);
    expect(pem.json.keys).toEqual([{ description: { type: 'ec', bits: 256, curve: 'P-256' }, kind: 'public' }]);
  });

  it('a DER CSR gets the csr show report', async () => {
    const { code, json } = await inspectJson(['req.der']);
    expect(code).toBe(0);
    expect(json.format.format).toBe('der-csr');
    expect(json.csr.subject).toBe('CN=csr.example.com');
  });

  it('garbage, truncated DER and a missing file exit 3 with a code naming the file', async () => {
    const { writeFile, readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    await writeFile(join(dir, 'junk.bin'), 'this is not a certificate\n');
    const der = await readFile(join(dir, 'server.der'));
    await writeFile(join(dir, 'cut.der'), der.subarray(0, der.length - 7));
    for (const [file, errorCode] of [
      ['junk.bin', 'ERR_FORMAT_UNRECOGNIZED'],
      ['cut.der', 'ERR_FORMAT_TRUNCATED'],
      ['missing.crt', 'ERR_FILE_NOT_FOUND'],
    ]) {
      const { code, json, stderr } = await inspectJson([file as string]);
      expect([code, json.error.code]).toEqual([3, errorCode]);
      expect(stderr).toContain(`${file}: `);
    }
  });
});
