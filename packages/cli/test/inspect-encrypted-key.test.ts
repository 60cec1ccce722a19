import { PassThrough } from 'node:stream';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { cli, memoryIo, openssl, tempDir } from './helpers.js';

/**
 * inspect of an encrypted private key describes its protection without decrypting it and asks for
 * no passphrase; a passphrase given is checked and the key described. Keys made by OpenSSL.
 */
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFile(join(dir, 'pass.txt'), 'key pass\n');
  await writeFile(join(dir, 'wrong.txt'), 'not the pass\n');
  await openssl(dir, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'plain.key']);
  const topk8 = ['pkcs8', '-topk8', '-in', 'plain.key', '-passout', 'file:pass.txt'];
  await openssl(dir, [...topk8, '-v2', 'aes-256-cbc', '-iter', '100000', '-out', 'pbes2.key']);
  await openssl(dir, [
    ...topk8,
    '-v2',
    'aes-128-cbc',
    '-v2prf',
    'hmacWithSHA512',
    '-iter',
    '2048',
    '-outform',
    'DER',
    '-out',
    'pbes2-sha512.der',
  ]);
  await openssl(dir, [
    ...topk8,
    '-scrypt',
    '-scrypt_N',
    '1024',
    '-scrypt_r',
    '8',
    '-scrypt_p',
    '1',
    '-out',
    'scrypt.key',
  ]);
  await openssl(dir, [
    'pkey',
    '-in',
    'plain.key',
    '-traditional',
    '-des3',
    '-passout',
    'file:pass.txt',
    '-out',
    'legacy.key',
  ]);
});
afterAll(() => cleanup());

async function inspectJson(argv: string[]) {
  const run = await cli(dir, ['inspect', ...argv, '--json']);
  return { ...run, json: JSON.parse(run.stdout) };
}

describe('inspect of an encrypted key without a passphrase', () => {
  it('describes PKCS#8 PBES2 (KDF, PRF, iterations, cipher) and decrypts nothing', async () => {
    const { code, json, stderr } = await inspectJson(['pbes2.key']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(json.keys).toEqual([
      {
        description: null,
        kind: 'private',
        protection: {
          format: 'encrypted-pkcs8',
          encoding: 'pem',
          encrypted: true,
          scheme: 'PBES2',
          kdf: 'PBKDF2',
          prf: 'hmacWithSHA256',
          iterations: 100000,
          cipher: 'aes-256-cbc',
        },
        passphraseChecked: false,
      },
    ]);
  });

  it('reads DER too, with the PRF and cipher the file names', async () => {
    const { code, json } = await inspectJson(['pbes2-sha512.der']);
    expect(code).toBe(0);
    expect(json.keys[0].protection).toMatchObject({
      encoding: 'der',
      prf: 'hmacWithSHA512',
      iterations: 2048,
      cipher: 'aes-128-cbc',
    });
  });

  it('names scrypt and its cost', async () => {
    const { json } = await inspectJson(['scrypt.key']);
    expect(json.keys[0].protection).toMatchObject({
      scheme: 'PBES2',
      kdf: 'scrypt',
      scryptCost: 8192,
      cipher: 'aes-256-cbc',
    });
  });

  it("gives legacy PEM's DEK-Info cipher, with the legacy warning", async () => {
    const { code, json } = await inspectJson(['legacy.key']);
    expect(code).toBe(0);
    expect(json.keys[0].protection).toMatchObject({
      format: 'legacy-encrypted',
      scheme: 'Proc-Type: 4,ENCRYPTED',
      cipher: 'DES-EDE3-CBC',
    });
    expect(json.warnings.map((warning: { code: string }) => warning.code)).toEqual(['WARN_KEY_LEGACY_ENCRYPTION']);
  });

  it('says so in text, and asks for no passphrase even on a terminal', async () => {
    const io = Object.assign(memoryIo(dir), { interactive: true, stdin: new PassThrough() });
    const code = await runCli(['inspect', 'pbes2.key'], io);
    expect(code).toBe(0);
    expect(io.err()).toBe('');
    expect(io.out()).toContain('Private key: encrypted; not decrypted (give --passphrase-file');
    expect(io.out()).toContain(
      'Encryption:  PKCS#8 PBES2: PBKDF2 with hmacWithSHA256; 100000 iterations; cipher aes-256-cbc',
    );
  });
});

describe('inspect of an encrypted key with a passphrase given', () => {
  it('checks the passphrase and describes the key', async () => {
    const { code, json, stdout } = await inspectJson(['pbes2.key', '--passphrase-file', 'pass.txt']);
    expect(code).toBe(0);
    expect(json.keys[0]).toMatchObject({
      description: { type: 'rsa', bits: 2048 },
      passphraseChecked: true,
      protection: { iterations: 100000 },
    });
    expect(stdout).not.toContain('key pass');
    const text = await cli(dir, ['inspect', 'legacy.key', '--passphrase-file', 'pass.txt']);
    expect(text.stdout).toContain('Private key: RSA 2048; the passphrase given decrypts it');
    expect(text.stdout).toContain('cipher DES-EDE3-CBC');
  });

  it('a wrong passphrase is ERR_KEY_BAD_PASSPHRASE (exit 3)', async () => {
    const { code, json } = await inspectJson(['scrypt.key', '--passphrase-file', 'wrong.txt']);
    expect([code, json.error.code]).toEqual([3, 'ERR_KEY_BAD_PASSPHRASE']);
  });

  it('an unencrypted key says it is not protected', async () => {
    const { json } = await inspectJson(['plain.key']);
    expect(json.keys[0]).toEqual({
      description: { type: 'rsa', bits: 2048 },
      kind: 'private',
      protection: { format: 'pkcs8', encoding: 'pem', encrypted: false },
    });
  });
});
