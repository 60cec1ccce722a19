import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_PASSWORD, writeFormatFixtures } from './formats-fixtures.js';
import { cli, openssl, tempDir } from './helpers.js';

const run = promisify(execFile);
const NEW_PASS = 'new-Store-Pass-1';
const env = { NEWPASS: NEW_PASS };
const STOREPASS = ['--storepass-env', 'NEWPASS'];

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFormatFixtures(dir);
  const text = (name: string) => readFile(join(dir, name), 'utf8');
  await writeFile(join(dir, 'own-encrypted.pem'), (await text('own.crt')) + (await text('enc.key')));
  await writeFile(join(dir, 'mismatch.pem'), (await text('server.crt')) + (await text('own.key')));
});
afterAll(() => cleanup());

async function keytoolList(file: string, password = NEW_PASS): Promise<string> {
  const { stdout } = await run('keytool', ['-list', '-keystore', file, '-storepass', password], { cwd: dir });
  return stdout;
}

function count(text: string, word: string): number {
  return text.split(word).length - 1;
}

async function convertJson(argv: string[]) {
  const result = await cli(dir, ['convert', ...argv, '--json'], env);
  return { code: result.code, json: JSON.parse(result.stdout) };
}

async function modeOf(file: string): Promise<number> {
  return (await stat(join(dir, file))).mode & 0o777;
}

describe('certwright convert --to p12 | jks', () => {
  it('legacy RC2 .pfx → modern PKCS#12 keystore: openssl reads it without -legacy, Node loads it, 0600', async () => {
    const argv = ['legacy.pfx', '--to', 'p12', '--out', 'modern.p12', '--inpass-file', 'store-pass.txt', ...STOREPASS];
    const { code, json } = await convertJson(argv);
    expect(code).toBe(0);
    expect(json.kind).toBe('keystore');
    expect(json.chain[0].subject).toBe('CN=pfx.example.com');
    // own.crt is self-signed: the three unrelated chain certificates of the fixture stay out, with a warning.
    expect(json.warnings.map((warning: { code: string }) => warning.code)).toEqual([
      'WARN_FORMAT_CERTIFICATES_LEFT_OUT',
    ]);
    expect(await modeOf('modern.p12')).toBe(0o600);
    const info = await openssl(dir, ['pkcs12', '-info', '-in', 'modern.p12', '-passin', `pass:${NEW_PASS}`, '-nodes']);
    expect(info).toContain('AES-256-CBC');
    expect(info).toContain('BEGIN PRIVATE KEY');
    expect(count(info, 'BEGIN CERTIFICATE')).toBe(1);
    const pfx = await readFile(join(dir, 'modern.p12'));
    expect(() => createSecureContext({ pfx, passphrase: NEW_PASS })).not.toThrow();
    expect(() => createSecureContext({ pfx, passphrase: 'wrong' })).toThrow();
  });

  it('.pfx → JKS keystore that keytool lists as one PrivateKeyEntry under the input alias; a wrong password fails', async () => {
    const argv = ['bundle.pfx', '--to', 'jks', '--out', 'server.jks', '--inpass-file', 'store-pass.txt', ...STOREPASS];
    const { code, json } = await convertJson(argv);
    expect(code).toBe(0);
    expect(json.alias).toBe('ovoc');
    const listed = await keytoolList('server.jks');
    expect(count(listed, 'PrivateKeyEntry')).toBe(1);
    expect(listed).toContain('ovoc,');
    await expect(keytoolList('server.jks', 'not-the-password')).rejects.toThrow();
  });

  it('a PEM chain → compat PKCS#12 trust store: keytool lists trusted entries, openssl names 3DES', async () => {
    const argv = ['chain.pem', '--to', 'p12', '--preset', 'compat', '--out', 'trust-compat.p12', ...STOREPASS];
    const { code, json } = await convertJson(argv);
    expect([code, json.kind, json.entries.length]).toEqual([0, 'truststore', 3]);
    expect(await modeOf('trust-compat.p12')).toBe(0o644);
    expect(count(await keytoolList('trust-compat.p12'), 'trustedCertEntry')).toBe(3);
    const info = await openssl(dir, [
      'pkcs12',
      '-info',
      '-nokeys',
      '-in',
      'trust-compat.p12',
      '-passin',
      `pass:${NEW_PASS}`,
    ]);
    expect(info).toContain('pbeWithSHA1And3-KeyTripleDES-CBC');
    expect(info).toMatch(/MAC: sha1/);
  });

  it('a PKCS#7 chain → JKS trust store of trustedCertEntry', async () => {
    const { code } = await convertJson(['chain.p7b', '--to', 'jks', '--out', 'trust.jks', ...STOREPASS]);
    expect(code).toBe(0);
    expect(count(await keytoolList('trust.jks'), 'trustedCertEntry')).toBe(3);
  });

  it('--trust-only keeps the key behind and says so', async () => {
    const argv = [
      'bundle.pfx',
      '--to',
      'jks',
      '--trust-only',
      '--out',
      'bundle-trust.jks',
      '--inpass-file',
      'store-pass.txt',
    ];
    const { code, json } = await convertJson([...argv, ...STOREPASS]);
    expect([code, json.kind, json.entries.length]).toEqual([0, 'truststore', 4]);
    expect(json.warnings.map((warning: { code: string }) => warning.code)).toEqual(['WARN_FORMAT_KEYS_NOT_CONVERTED']);
    const listed = await keytoolList('bundle-trust.jks');
    expect([count(listed, 'trustedCertEntry'), count(listed, 'PrivateKeyEntry')]).toEqual([4, 0]);
  });

  it('a PEM certificate with an encrypted key → keystore, the passphrase from --passphrase-file', async () => {
    const argv = ['own-encrypted.pem', '--to', 'p12', '--out', 'own.p12', '--passphrase-file', 'key-pass.txt'];
    const { code, json } = await convertJson([...argv, ...STOREPASS]);
    expect([code, json.kind]).toEqual([0, 'keystore']);
    const pfx = await readFile(join(dir, 'own.p12'));
    expect(() => createSecureContext({ pfx, passphrase: NEW_PASS })).not.toThrow();
    const wrong = await convertJson([
      ...argv.slice(0, 4),
      'own2.p12',
      '--passphrase-file',
      'store-pass.txt',
      ...STOREPASS,
    ]);
    expect([wrong.code, wrong.json.error.code]).toEqual([3, 'ERR_KEY_BAD_PASSPHRASE']);
  });

  it('a key that matches none of the certificates: exit 1, nothing written', async () => {
    const { code, json } = await convertJson(['mismatch.pem', '--to', 'jks', '--out', 'mismatch.jks', ...STOREPASS]);
    expect([code, json.error.code]).toEqual([1, 'ERR_KEY_MISMATCH']);
    await expect(stat(join(dir, 'mismatch.jks'))).rejects.toThrow();
  });

  describe('a Java KeyStore as input (keytool wrote it: a key entry and a trusted root)', () => {
    beforeAll(async () => {
      const pass = STORE_PASSWORD;
      await run(
        'keytool',
        [
          '-importkeystore',
          '-noprompt',
          '-srckeystore',
          'bundle.pfx',
          '-srcstoretype',
          'PKCS12',
          '-srcstorepass',
          pass,
          '-destkeystore',
          'keytool.jks',
          '-deststoretype',
          'JKS',
          '-deststorepass',
          pass,
        ],
        { cwd: dir },
      );
      await run(
        'keytool',
        ['-importcert', '-noprompt', '-alias', 'extra-root', '-file', 'expired.crt', '-keystore', 'keytool.jks'].concat(
          ['-storetype', 'JKS', '-storepass', pass],
        ),
        { cwd: dir },
      );
    });

    it('→ PKCS#12 keystore: the key entry with its certificate, loadable by Node and listed by keytool', async () => {
      const argv = ['keytool.jks', '--to', 'p12', '--out', 'from-jks.p12', '--inpass-file', 'store-pass.txt'];
      const { code, json } = await convertJson([...argv, ...STOREPASS]);
      expect([code, json.kind, json.alias]).toEqual([0, 'keystore', 'ovoc']);
      expect(json.chain[0].subject).toBe('CN=pfx.example.com');
      const pfx = await readFile(join(dir, 'from-jks.p12'));
      expect(() => createSecureContext({ pfx, passphrase: NEW_PASS })).not.toThrow();
      const listed = await keytoolList('from-jks.p12');
      expect(count(listed, 'PrivateKeyEntry')).toBe(1);
      const keyFromP12 = await openssl(dir, [
        'pkcs12',
        '-in',
        'from-jks.p12',
        '-passin',
        `pass:${NEW_PASS}`,
        '-nocerts',
        '-nodes',
      ]);
      await writeFile(join(dir, 'from-jks.key'), keyFromP12);
      const keyPub = await openssl(dir, ['pkey', '-in', 'from-jks.key', '-pubout']);
      expect(keyPub).toBe(await openssl(dir, ['x509', '-in', 'own.crt', '-noout', '-pubkey']));
    });

    it("→ PEM: every entry's certificates, with a warning that the key stays behind; a wrong password fails", async () => {
      const argv = ['keytool.jks', '--to', 'pem', '--out', 'from-jks.pem', '--inpass-file', 'store-pass.txt'];
      const { code, json } = await convertJson(argv);
      expect(code).toBe(0);
      expect(json.warnings.map((warning: { code: string }) => warning.code)).toEqual([
        'WARN_FORMAT_KEYS_NOT_CONVERTED',
      ]);
      const certificates = await readFile(join(dir, 'from-jks.pem'), 'utf8');
      expect(count(certificates, 'BEGIN CERTIFICATE')).toBe(
        count(await keytoolList('keytool.jks', STORE_PASSWORD), 'SHA-256'),
      );
      await writeFile(join(dir, 'wrong-pass.txt'), 'not-the-password\n');
      const wrong = await convertJson([
        'keytool.jks',
        '--to',
        'pem',
        '--out',
        'x2.pem',
        '--inpass-file',
        'wrong-pass.txt',
      ]);
      expect([wrong.code, wrong.json.error.code]).toEqual([3, 'ERR_TRUSTSTORE_INTEGRITY']);
    });

    it('inspect lists each entry by alias, the key entry as a private key', async () => {
      const result = await cli(dir, ['inspect', 'keytool.jks', '--storepass-file', 'store-pass.txt', '--json']);
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.format).toEqual({ format: 'jks', encoding: 'binary' });
      expect(report.keys).toEqual([expect.objectContaining({ kind: 'private', friendlyName: 'ovoc' })]);
      const aliases = report.certificates.map((certificate: { friendlyName?: string }) => certificate.friendlyName);
      expect(aliases).toContain('extra-root');
      expect(aliases).toContain('ovoc');
    });
  });

  it('store options with a certificate format, and --preset with jks, are usage errors', async () => {
    const storepassToPem = await convertJson(['chain.pem', '--to', 'pem', '--out', 'x.pem', ...STOREPASS]);
    expect([storepassToPem.code, storepassToPem.json.error.code]).toEqual([2, 'ERR_USAGE']);
    const presetJks = await convertJson([
      'chain.pem',
      '--to',
      'jks',
      '--preset',
      'compat',
      '--out',
      'x.jks',
      ...STOREPASS,
    ]);
    expect([presetJks.code, presetJks.json.error.code]).toEqual([2, 'ERR_USAGE']);
  });
});
