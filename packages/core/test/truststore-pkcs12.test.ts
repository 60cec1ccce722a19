/** PKCS#12 writing: core reads back what it writes, OpenSSL (without -legacy) and Node's TLS accept it. */
import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPkcs12KeyStore,
  createPkcs12TrustStore,
  type Pkcs12Preset,
  type PrivateKey,
  readPkcs12,
  readPrivateKey,
} from '../src/index.js';

const run = promisify(execFile);
const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const PASSWORD = 'changeit-p12';
let dir: string;
let chain: Uint8Array[]; // server, ca2, ca1, root
let key: PrivateKey;

/** What each preset must make `openssl pkcs12 -info` print. */
const EXPECTED: Record<Pkcs12Preset, { encryption: string; mac: string; keyBag: string }> = {
  modern: {
    encryption: 'PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256',
    mac: 'MAC: sha256, Iteration 10000',
    keyBag: 'Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256',
  },
  compat: {
    encryption: 'PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048',
    mac: 'MAC: sha1, Iteration 2048',
    keyBag: 'Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048',
  },
};

/** `openssl pkcs12 -info -nokeys` output (stdout and stderr: OpenSSL prints the MAC line on stderr). */
async function opensslInfo(file: string, password = PASSWORD): Promise<string> {
  const args = ['pkcs12', '-info', '-in', file, '-passin', `pass:${password}`, '-nokeys'];
  const { stdout, stderr } = await run('openssl', args, { timeout: 30_000 });
  return `${stdout}\n${stderr}`;
}

const pkcs8Of = (privateKey: PrivateKey) => privateKey.keyObject.export({ format: 'der', type: 'pkcs8' });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certwright-p12-'));
  const names = ['server', 'ca2', 'ca1', 'root'];
  const pems = await Promise.all(names.map((n) => readFile(`${vectors}chains/rsa-two-intermediates/${n}.crt`, 'utf8')));
  chain = pems.map((pem) => new Uint8Array(new X509Certificate(pem).raw));
  key = (await readPrivateKey(await readFile(`${vectors}keys/test-rsa-2048.key`))).key;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(['modern', 'compat'] as const)('preset %s', (preset) => {
  it('writes a trust store that core and OpenSSL read, with the preset’s algorithms', async () => {
    const certificates = chain.slice(1).map((der) => ({ der }));
    const bytes = await createPkcs12TrustStore({ certificates, password: PASSWORD, preset });
    const result = await readPkcs12(bytes, { password: PASSWORD });
    expect(result.certificates.map((c) => c.der)).toEqual(chain.slice(1));
    expect(result.certificates.map((c) => c.friendlyName)).toEqual([
      'certwright test intermediate ca 2 rsa-2048',
      'certwright test intermediate ca 1 rsa-2048',
      'certwright test root ca rsa-2048',
    ]);
    expect(result.keyCount).toBe(0);

    const file = join(dir, `trust-${preset}.p12`);
    await writeFile(file, bytes);
    const info = await opensslInfo(file);
    expect(info).toContain(EXPECTED[preset].mac);
    expect(info).toContain(EXPECTED[preset].encryption);
    // The Java trusted-certificate attribute (OpenSSL 3.0 prints its OID).
    expect(info.split('2.16.840.1.113894.746875.1.1').length - 1).toBe(3);
    await expect(opensslInfo(file, 'wrong-password')).rejects.toThrow();
  });

  it('writes a key store that core, OpenSSL and Node’s TLS read', async () => {
    const bytes = await createPkcs12KeyStore({ key, chain, password: PASSWORD, preset });
    const result = await readPkcs12(bytes, { password: PASSWORD, includeKeys: true });
    const leafId = createHash('sha1')
      .update(chain[0] as Uint8Array)
      .digest('hex');
    expect(result.certificates.map((c) => c.der)).toEqual(chain);
    expect(result.certificates[0]).toMatchObject({ friendlyName: 'ovoc.example.com', localKeyId: leafId });
    expect(result.keys).toHaveLength(1);
    expect(result.keys[0]).toMatchObject({ friendlyName: 'ovoc.example.com', localKeyId: leafId });
    expect(pkcs8Of(result.keys[0]?.key as PrivateKey).equals(pkcs8Of(key))).toBe(true);

    expect(() => createSecureContext({ pfx: Buffer.from(bytes), passphrase: PASSWORD })).not.toThrow();
    expect(() => createSecureContext({ pfx: Buffer.from(bytes), passphrase: 'wrong' })).toThrow();

    const file = join(dir, `key-${preset}.p12`);
    await writeFile(file, bytes);
    const info = await opensslInfo(file);
    expect(info).toContain(EXPECTED[preset].mac);
    expect(info).toContain(EXPECTED[preset].encryption);
    expect(info).toContain(EXPECTED[preset].keyBag);
    await expect(opensslInfo(file, 'wrong-password')).rejects.toThrow();
  });
});

describe('createPkcs12TrustStore aliases and arguments', () => {
  it('lower-cases chosen aliases and numbers repeated default ones', async () => {
    const [, ca2, , root] = chain as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    const certificates = [{ der: root, alias: 'My-Root' }, { der: ca2 }, { der: ca2 }];
    const bytes = await createPkcs12TrustStore({ certificates, password: PASSWORD });
    const { certificates: read, mac } = await readPkcs12(bytes, { password: PASSWORD });
    expect(read.map((c) => c.friendlyName)).toEqual([
      'my-root',
      'certwright test intermediate ca 2 rsa-2048',
      'certwright test intermediate ca 2 rsa-2048-2',
    ]);
    expect(mac).toBe('HMAC-SHA256 (10000 iterations)');
  });

  it('refuses a chosen alias that is taken, ignoring case', async () => {
    const certificates = chain.slice(2).map((der) => ({ der, alias: 'Root' }));
    await expect(createPkcs12TrustStore({ certificates, password: PASSWORD })).rejects.toMatchObject({
      code: 'ERR_TRUSTSTORE_DUPLICATE_ALIAS',
    });
  });

  it('refuses bad input before writing anything', async () => {
    const certificates = [{ der: chain[3] as Uint8Array }];
    await expect(createPkcs12TrustStore({ certificates, password: '' })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
    await expect(createPkcs12TrustStore({ certificates: [], password: PASSWORD })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
    const preset = 'legacy' as Pkcs12Preset;
    await expect(createPkcs12TrustStore({ certificates, password: PASSWORD, preset })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
    const notCertificate = [{ der: Uint8Array.of(0x30, 0x00) }];
    await expect(createPkcs12TrustStore({ certificates: notCertificate, password: PASSWORD })).rejects.toMatchObject({
      code: 'ERR_CERT_INVALID',
    });
  });
});

describe('createPkcs12KeyStore arguments', () => {
  it('uses a chosen alias, lower-cased', async () => {
    const bytes = await createPkcs12KeyStore({ alias: 'OVOC', key, chain: chain.slice(0, 1), password: PASSWORD });
    const result = await readPkcs12(bytes, { password: PASSWORD, includeKeys: true });
    expect(result.certificates.map((c) => c.friendlyName)).toEqual(['ovoc']);
    expect(result.keys[0]?.friendlyName).toBe('ovoc');
  });

  it('refuses an empty chain', async () => {
    await expect(createPkcs12KeyStore({ key, chain: [], password: PASSWORD })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
  });
});
