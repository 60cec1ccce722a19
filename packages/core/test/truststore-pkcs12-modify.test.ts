/** Adding to and removing from existing PKCS#12 stores: ours, and one keytool wrote with a key entry. */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addPkcs12TrustedCertificate,
  CertwrightError,
  createPkcs12TrustStore,
  readPkcs12,
  removePkcs12Entry,
} from '../src/index.js';
import { readPkcs12Contents } from '../src/pkcs12/read-structure.js';

const run = promisify(execFile);
const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const PASSWORD = 'changeit-p12';
let dir: string;
let chain: Uint8Array[]; // server, ca2, ca1, root

const keytool = (...args: string[]) =>
  run('keytool', args, { cwd: dir, timeout: 60_000, env: { ...process.env, LC_ALL: 'C' } });

async function keytoolList(bytes: Uint8Array, name: string): Promise<string> {
  await writeFile(join(dir, name), bytes);
  return (await keytool('-list', '-keystore', name, '-storetype', 'PKCS12', '-storepass', PASSWORD)).stdout;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** Every bag of a store, decrypted, as hex: what "kept byte for byte" is checked against. */
async function rawBags(bytes: Uint8Array): Promise<string[]> {
  const contents = await readPkcs12Contents(bytes, { source: undefined, password: PASSWORD, maxIterations: 1_000_000 });
  return contents.bags.map((bag) => hex(bag.raw));
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (error instanceof CertwrightError ? error.code : String(error)),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certwright-p12-modify-'));
  const names = ['server', 'ca2', 'ca1', 'root'];
  const pems = await Promise.all(names.map((n) => readFile(`${vectors}chains/rsa-two-intermediates/${n}.crt`, 'utf8')));
  chain = pems.map((pem) => new Uint8Array(new X509Certificate(pem).raw));
  // What an OVOC server's Java side holds: a key entry and an LDAP root, written by keytool itself.
  await writeFile(join(dir, 'ldap-root.crt'), pems[3] as string);
  const store = ['-keystore', 'java.p12', '-storetype', 'PKCS12', '-storepass', PASSWORD];
  await keytool('-genkeypair', '-alias', 'ovoc', '-keyalg', 'EC', '-dname', 'CN=ovoc.example.com', ...store);
  await keytool('-importcert', '-noprompt', '-alias', 'ldap-root', '-file', 'ldap-root.crt', ...store);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('addPkcs12TrustedCertificate / removePkcs12Entry', () => {
  it('adds a trusted root to a keytool store: keytool lists it, the key entry bags are kept byte for byte', async () => {
    const original = new Uint8Array(await readFile(join(dir, 'java.p12')));
    const before = await rawBags(original);
    const updated = await addPkcs12TrustedCertificate(original, {
      alias: 'AD-Root',
      der: chain[2] as Uint8Array,
      password: PASSWORD,
    });
    const after = await rawBags(updated);
    expect(before.every((bag) => after.includes(bag))).toBe(true);
    expect(after.filter((bag) => !before.includes(bag))).toHaveLength(1);
    expect(after).toHaveLength(before.length + 1);
    const listing = await keytoolList(updated, 'java-added.p12');
    expect(listing).toContain('Your keystore contains 3 entries');
    expect(count(listing, 'trustedCertEntry')).toBe(2);
    expect(count(listing, 'PrivateKeyEntry')).toBe(1);
    expect(listing).toMatch(/^ad-root, /m);
  }, 60_000);

  it('removes the LDAP root and keeps the key entry; removing the key entry takes its certificate along', async () => {
    const original = new Uint8Array(await readFile(join(dir, 'java.p12')));
    const withoutRoot = await removePkcs12Entry(original, { alias: 'LDAP-ROOT', password: PASSWORD });
    const listing = await keytoolList(withoutRoot, 'java-removed.p12');
    expect(listing).toContain('Your keystore contains 1 entry');
    expect(count(listing, 'PrivateKeyEntry')).toBe(1);
    const withoutKey = await removePkcs12Entry(original, { alias: 'ovoc', password: PASSWORD });
    const read = await readPkcs12(withoutKey, { password: PASSWORD, includeKeys: true });
    expect([read.keyCount, read.certificates.length]).toEqual([0, 1]);
    expect(read.certificates[0]?.friendlyName).toBe('ldap-root');
  }, 60_000);

  it('a compat store stays compat (3DES, SHA-1 MAC) after a change', async () => {
    const compat = await createPkcs12TrustStore({
      certificates: [{ der: chain[3] as Uint8Array }],
      password: PASSWORD,
      preset: 'compat',
    });
    const updated = await addPkcs12TrustedCertificate(compat, {
      alias: 'ca1',
      der: chain[2] as Uint8Array,
      password: PASSWORD,
    });
    const read = await readPkcs12(updated, { password: PASSWORD });
    expect(read.mac).toMatch(/^HMAC-SHA1 /);
    expect(read.encryption).toEqual(['pbeWithSHAAnd3-KeyTripleDES-CBC']);
    expect(read.certificates.map((c) => c.friendlyName)).toEqual(['certwright test root ca rsa-2048', 'ca1']);
  });

  it('refuses a taken alias (ignoring case), an unknown alias, a wrong password and a truncated file', async () => {
    const store = await createPkcs12TrustStore({
      certificates: [{ der: chain[3] as Uint8Array, alias: 'root' }],
      password: PASSWORD,
    });
    expect(
      await codeOf(
        addPkcs12TrustedCertificate(store, { alias: 'ROOT', der: chain[2] as Uint8Array, password: PASSWORD }),
      ),
    ).toBe('ERR_TRUSTSTORE_DUPLICATE_ALIAS');
    expect(await codeOf(removePkcs12Entry(store, { alias: 'nope', password: PASSWORD }))).toBe(
      'ERR_TRUSTSTORE_NO_SUCH_ALIAS',
    );
    expect(await codeOf(removePkcs12Entry(store, { alias: 'root', password: 'wrong' }))).toBe(
      'ERR_FORMAT_PKCS12_BAD_PASSWORD',
    );
    expect(await codeOf(removePkcs12Entry(store.subarray(0, 200), { alias: 'root', password: PASSWORD }))).toBe(
      'ERR_FORMAT_TRUNCATED',
    );
  });
});
