import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, openssl, tempDir } from './helpers.js';

/**
 * A CA reply as a PKCS#12 file holding the server's key (made by `openssl pkcs12 -export`):
 * import, convert --key-out and install --key take the key out of it, encrypted as every key we write.
 */
const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const chain = join(vectors, 'chains', 'rsa-two-intermediates');
const serverKey = join(vectors, 'keys', 'test-rsa-2048.key');
const AT = ['--at', '2030-06-01T00:00:00Z'];
const SECRETS = ['--storepass-file', 'pfx-pass.txt', '--passphrase-file', 'pass.txt'];

let dir: string;
let cleanup: () => Promise<void>;
let serverPublicKey: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFile(join(dir, 'pfx-pass.txt'), 'pfx-pass\n');
  await writeFile(join(dir, 'pass.txt'), 'new key passphrase\n');
  await writeFile(
    join(dir, 'cas.pem'),
    (await Promise.all(['ca1.crt', 'ca2.crt', 'root.crt'].map((name) => readFile(join(chain, name), 'utf8')))).join(''),
  );
  // OpenSSL 3's defaults: PBES2 AES-256-CBC for the key and certificates, HMAC-SHA256 MAC.
  const pkcs12 = ['pkcs12', '-export', '-in', join(chain, 'server.crt'), '-inkey', serverKey, '-certfile', 'cas.pem'];
  await openssl(dir, [...pkcs12, '-out', 'reply.pfx', '-passout', 'pass:pfx-pass']);
  // Two keys in one file: OpenSSL writes one, so two replies go to one import instead.
  await openssl(dir, [
    'pkcs12',
    '-export',
    '-in',
    join(vectors, 'chains', 'rsa-one-intermediate', 'server.crt'),
    '-inkey',
    serverKey,
    '-nocerts',
    '-out',
    'key-only.pfx',
    '-passout',
    'pass:pfx-pass',
  ]);
  await openssl(dir, [
    'pkcs12',
    '-export',
    '-nokeys',
    '-in',
    'cas.pem',
    '-out',
    'no-key.pfx',
    '-passout',
    'pass:pfx-pass',
  ]);
  serverPublicKey = await openssl(dir, ['pkey', '-in', serverKey, '-pubout']);
});
afterAll(() => cleanup());

/** What OpenSSL makes of a key file we wrote: its public key, and the PBES2 parameters it is encrypted with. */
async function opensslReadsEncryptedKey(file: string): Promise<{ publicKey: string; structure: string }> {
  const publicKey = await openssl(dir, ['pkey', '-in', file, '-passin', 'file:pass.txt', '-pubout']);
  const structure = await openssl(dir, ['asn1parse', '-in', file]);
  return { publicKey, structure };
}

function expectStrongEncryption(structure: string): void {
  expect(structure).toContain('PBES2');
  expect(structure).toContain('PBKDF2');
  expect(structure).toContain('aes-256-cbc');
  // 600,000 iterations (0x0927C0), the floor for every key Certwright writes.
  expect(structure).toMatch(/INTEGER\s+:0927C0/);
}

/** The error code of a failed run with --json (the text output carries the message only). */
function errorCode(run: { stdout: string }): string {
  return JSON.parse(run.stdout).error.code;
}

function warningCodes(run: { stdout: string }): string[] {
  return JSON.parse(run.stdout).warnings.map((warning: { code: string }) => warning.code);
}

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe('import of a PKCS#12 reply that holds the key', () => {
  it('writes the set and server.key beside it, encrypted (PBES2, 600,000 iterations), 0600, matching server.crt', async () => {
    const { code, stdout, stderr } = await cli(dir, ['import', 'reply.pfx', '--out-dir', 'set', ...SECRETS, ...AT]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect((await readdir(join(dir, 'set'))).sort()).toEqual([
      'ca1.crt',
      'ca2.crt',
      'root.crt',
      'server.crt',
      'server.key',
    ]);
    expect(await mode(join(dir, 'set', 'server.key'))).toBe(0o600);
    expect(await readFile(join(dir, 'set', 'server.key'), 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    const { publicKey, structure } = await opensslReadsEncryptedKey(join('set', 'server.key'));
    expect(publicKey).toBe(serverPublicKey);
    expectStrongEncryption(structure);
    expect(stdout).toContain('set/server.key ← reply.pfx: the private key, encrypted');
    // The set verifies with the key it now holds (verify --dir reads server.key).
    const verified = await cli(dir, ['verify', '--dir', 'set', '--passphrase-file', 'pass.txt', ...AT]);
    expect(verified.stderr).not.toContain('WARN_VERIFY_KEY_NOT_CHECKED');
    expect(verified.code).toBe(0);
  });

  it('reports the key in --json, never its bytes or passphrase', async () => {
    const { code, stdout } = await cli(dir, [
      'import',
      'reply.pfx',
      '--out-dir',
      'set-json',
      '--key-out',
      'elsewhere.key',
      ...SECRETS,
      ...AT,
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.keyWritten).toEqual({ file: 'elsewhere.key', from: 'reply.pfx', encrypted: true });
    expect(result.key).toBe('elsewhere.key');
    expect(stdout).not.toContain('PRIVATE KEY');
    expect(stdout).not.toContain('new key passphrase');
    expect(await readdir(join(dir, 'set-json'))).not.toContain('server.key');
    expect(await mode(join(dir, 'elsewhere.key'))).toBe(0o600);
  });

  it('writes the key unencrypted only with --no-encrypt, and says so', async () => {
    const run = await cli(dir, [
      'import',
      'reply.pfx',
      '--out-dir',
      'set-plain',
      '--storepass-file',
      'pfx-pass.txt',
      '--no-encrypt',
      ...AT,
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(warningCodes(run)).toEqual(['WARN_KEY_UNENCRYPTED']);
    expect(JSON.parse(run.stdout).keyWritten.encrypted).toBe(false);
    const key = await readFile(join(dir, 'set-plain', 'server.key'), 'utf8');
    expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(await openssl(dir, ['pkey', '-in', join('set-plain', 'server.key'), '-pubout'])).toBe(serverPublicKey);
    expect(await mode(join(dir, 'set-plain', 'server.key'))).toBe(0o600);
  });

  it('writes nothing when no passphrase can be had for the key (no terminal, no source)', async () => {
    const run = await cli(dir, [
      'import',
      'reply.pfx',
      '--out-dir',
      'set-none',
      '--storepass-file',
      'pfx-pass.txt',
      ...AT,
      '--json',
    ]);
    expect(run.code).toBe(2);
    expect(errorCode(run)).toBe('ERR_SECRET_UNAVAILABLE');
    expect(run.stderr).toContain('no passphrase for set-none/server.key');
    await expect(readdir(join(dir, 'set-none'))).rejects.toThrow();
  });

  it('refuses an existing server.key without --force, leaving the set untouched', async () => {
    await cli(dir, ['import', 'reply.pfx', '--out-dir', 'set-kept', ...SECRETS, ...AT]);
    const before = await readFile(join(dir, 'set-kept', 'server.key'), 'utf8');
    await writeFile(join(dir, 'set-kept', 'root.crt'), 'the old root\n');
    const run = await cli(dir, [
      'import',
      'reply.pfx',
      '--out-dir',
      'set-kept',
      '--key-out',
      join('set-kept', 'server.key'),
      ...SECRETS,
      ...AT,
      '--json',
    ]);
    expect(run.code).toBe(2);
    expect(errorCode(run)).toBe('ERR_OUTPUT_EXISTS');
    expect(await readFile(join(dir, 'set-kept', 'server.key'), 'utf8')).toBe(before);
    expect(await readFile(join(dir, 'set-kept', 'root.crt'), 'utf8')).toBe('the old root\n');
  });

  it('refuses a .pfx key beside --key, and two keys, naming the files', async () => {
    const both = await cli(dir, [
      'import',
      'reply.pfx',
      '--key',
      serverKey,
      '--out-dir',
      'set-both',
      ...SECRETS,
      ...AT,
      '--json',
    ]);
    expect(both.code).toBe(3);
    expect(errorCode(both)).toBe('ERR_SERVER_SET_SEVERAL_KEYS');
    expect(both.stderr).toContain('reply.pfx holds a private key and --key gives');
    const two = await cli(dir, ['import', 'reply.pfx', 'key-only.pfx', '--out-dir', 'set-two', ...SECRETS, ...AT]);
    expect(two.code).toBe(3);
    expect(two.stderr).toContain('reply.pfx, key-only.pfx: 2 private keys');
    await expect(readdir(join(dir, 'set-two'))).rejects.toThrow();
  });
});

describe('import --key-out and --no-encrypt without a key among the inputs', () => {
  it('are refused before anything is written, not ignored', async () => {
    for (const option of [['--key-out', 'k.key'], ['--no-encrypt']]) {
      const run = await cli(dir, [
        'import',
        'cas.pem',
        join(chain, 'server.crt'),
        '--out-dir',
        'set-nokey',
        ...option,
        ...AT,
        '--json',
      ]);
      expect(run.code).toBe(2);
      expect(JSON.parse(run.stdout).error.message).toContain(
        'applies to the private key of a PKCS#12 input, and no input holds one',
      );
      await expect(readdir(join(dir, 'set-nokey'))).rejects.toThrow();
    }
  });
});

describe('convert --key-out', () => {
  it('writes the certificates and the key of a .pfx, the key encrypted and 0600', async () => {
    const { code, stderr } = await cli(dir, [
      'convert',
      'reply.pfx',
      '--to',
      'pem',
      '--out',
      'chain.pem',
      '--key-out',
      'converted.key',
      '--inpass-file',
      'pfx-pass.txt',
      '--passphrase-file',
      'pass.txt',
    ]);
    expect(code).toBe(0);
    expect(stderr).toContain('wrote converted.key: the private key of reply.pfx, encrypted (PBES2');
    expect(await mode(join(dir, 'converted.key'))).toBe(0o600);
    const { publicKey, structure } = await opensslReadsEncryptedKey('converted.key');
    expect(publicKey).toBe(serverPublicKey);
    expectStrongEncryption(structure);
    expect((await readFile(join(dir, 'chain.pem'), 'utf8')).match(/BEGIN CERTIFICATE/g)).toHaveLength(4);
  });

  it('without --key-out warns that the key stayed behind and names the option', async () => {
    const run = await cli(dir, [
      'convert',
      'reply.pfx',
      '--to',
      'pem',
      '--out',
      'chain-only.pem',
      '--inpass-file',
      'pfx-pass.txt',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(warningCodes(run)).toEqual(['WARN_FORMAT_KEYS_NOT_CONVERTED']);
    expect(run.stderr).toContain('--key-out FILE');
    expect(JSON.parse(run.stdout).key).toBeNull();
  });

  it('refuses --key-out for an input that is not PKCS#12, a .pfx with no key, and --no-encrypt alone', async () => {
    const pem = await cli(dir, ['convert', 'cas.pem', '--to', 'pem', '--out', 'x.pem', '--key-out', 'x.key']);
    expect(pem.code).toBe(2);
    expect(pem.stderr).toContain('--key-out takes the key out of a PKCS#12 input; cas.pem is not one');
    const noKey = await cli(dir, [
      'convert',
      'no-key.pfx',
      '--to',
      'pem',
      '--out',
      'y.pem',
      '--key-out',
      'y.key',
      '--inpass-file',
      'pfx-pass.txt',
      '--no-encrypt',
    ]);
    expect(noKey.code).toBe(3);
    expect(noKey.stderr).toContain('no-key.pfx: the PKCS#12 file holds no private key');
    await expect(stat(join(dir, 'y.pem'))).rejects.toThrow();
    const alone = await cli(dir, ['convert', 'cas.pem', '--to', 'pem', '--out', 'z.pem', '--no-encrypt']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--no-encrypt applies to --key-out only');
  });
});

describe('install --key reply.pfx', () => {
  it('installs the .pfx key as server.key, encrypted with the new passphrase, 0600', async () => {
    const { code, stderr } = await cli(dir, [
      'install',
      '--dir',
      'set',
      '--key',
      'reply.pfx',
      '--target',
      'installed',
      ...SECRETS,
      ...AT,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(await mode(join(dir, 'installed', 'server.key'))).toBe(0o600);
    const { publicKey, structure } = await opensslReadsEncryptedKey(join('installed', 'server.key'));
    expect(publicKey).toBe(serverPublicKey);
    expectStrongEncryption(structure);
  });

  it('asks for the .pfx password from the --storepass sources only', async () => {
    const run = await cli(dir, [
      'install',
      '--dir',
      'set',
      '--key',
      'reply.pfx',
      '--target',
      'installed-no-pass',
      '--passphrase-file',
      'pass.txt',
      ...AT,
      '--json',
    ]);
    expect(run.code).toBe(2);
    expect(errorCode(run)).toBe('ERR_SECRET_UNAVAILABLE');
    expect(run.stderr).toContain(
      'no store password for reply.pfx given and no terminal to ask on: use --storepass-file',
    );
    await expect(stat(join(dir, 'installed-no-pass', 'server.key'))).rejects.toThrow();
  });

  it('refuses --no-encrypt for a key file that is installed as it is', async () => {
    const { code, stderr } = await cli(dir, [
      'install',
      '--dir',
      'set',
      '--key',
      serverKey,
      '--target',
      'installed-plain',
      '--no-encrypt',
      ...AT,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('applies to a PKCS#12 --key only');
  });
});
