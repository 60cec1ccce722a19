/** Interop with Java: keytool lists our PKCS#12 trust stores as trustedCertEntry and key stores as PrivateKeyEntry. */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPkcs12KeyStore, createPkcs12TrustStore, type PrivateKey, readPrivateKey } from '../src/index.js';

const run = promisify(execFile);
const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const PASSWORD = 'changeit-p12';
let dir: string;
let chain: Uint8Array[]; // server, ca2, ca1, root
let key: PrivateKey;

/** `keytool -list` (with `-v` when asked) of a PKCS#12 file; one JVM start each, so the file keeps to four. */
async function keytoolList(bytes: Uint8Array, name: string, verbose = false): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, bytes);
  const args = ['-list', ...(verbose ? ['-v'] : []), '-keystore', file, '-storetype', 'PKCS12', '-storepass', PASSWORD];
  const { stdout } = await run('keytool', args, { timeout: 60_000, env: { ...process.env, LC_ALL: 'C' } });
  return stdout;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certwright-p12-keytool-'));
  const names = ['server', 'ca2', 'ca1', 'root'];
  const pems = await Promise.all(names.map((n) => readFile(`${vectors}chains/rsa-two-intermediates/${n}.crt`, 'utf8')));
  chain = pems.map((pem) => new Uint8Array(new X509Certificate(pem).raw));
  key = (await readPrivateKey(await readFile(`${vectors}keys/test-rsa-2048.key`))).key;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(['modern', 'compat'] as const)('preset %s', (preset) => {
  it('keytool lists every trust-store certificate as a trustedCertEntry', async () => {
    const certificates = chain.map((der) => ({ der }));
    const bytes = await createPkcs12TrustStore({ certificates, password: PASSWORD, preset });
    const listing = await keytoolList(bytes, `trust-${preset}.p12`);
    expect(listing).toContain('Your keystore contains 4 entries');
    expect(count(listing, 'trustedCertEntry')).toBe(4);
    expect(listing).toContain('certwright test root ca rsa-2048, ');
    expect(listing).toContain('ovoc.example.com, ');
  }, 60_000);

  it('keytool lists the key store as one PrivateKeyEntry with a chain of 4', async () => {
    const bytes = await createPkcs12KeyStore({ key, chain, password: PASSWORD, preset });
    const listing = await keytoolList(bytes, `key-${preset}.p12`, true);
    expect(listing).toContain('Your keystore contains 1 entry');
    expect(listing).toContain('Alias name: ovoc.example.com');
    expect(count(listing, 'Entry type: PrivateKeyEntry')).toBe(1);
    expect(listing).toContain('Certificate chain length: 4');
  }, 60_000);
});
