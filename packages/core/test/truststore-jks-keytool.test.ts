/** Interop with Java's own JKS code: keytool reads what we write, we read what keytool writes. */
import { execFile } from 'node:child_process';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addJksTrustedCertificate,
  createJksKeyStore,
  createJksTrustStore,
  exportPublicKeyDer,
  type PrivateKey,
  readJks,
  readJksPrivateKey,
  readPrivateKey,
  removeJksEntry,
} from '../src/index.js';

const run = promisify(execFile);
const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const chainDir = `${vectors}chains/rsa-two-intermediates/`;
const PASSWORD = 'changeit-jks';
const NOW = new Date('2026-01-15T10:00:00.000Z');
let dir: string;
let chain: Uint8Array[]; // server, ca2, ca1, root
let key: PrivateKey;

async function keytool(...args: string[]): Promise<string> {
  const { stdout } = await run('keytool', args, { cwd: dir, timeout: 60_000, env: { ...process.env, LC_ALL: 'C' } });
  return stdout;
}

/** keytool -list -v of a JKS file in the temp directory. */
function list(file: string, password = PASSWORD): Promise<string> {
  return keytool('-list', '-v', '-keystore', file, '-storepass', password, '-storetype', 'JKS');
}

const file = (name: string) => join(dir, name);
const count = (text: string, needle: string) => text.split(needle).length - 1;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certwright-jks-'));
  const pems = await Promise.all(['server', 'ca2', 'ca1', 'root'].map((n) => readFile(`${chainDir}${n}.crt`, 'utf8')));
  chain = pems.map((pem) => new Uint8Array(new X509Certificate(pem).raw));
  key = (await readPrivateKey(await readFile(`${vectors}keys/test-rsa-2048.key`))).key;
  // Stores written by Java itself: two trusted certificates, and a generated key pair.
  const store = ['-storetype', 'JKS', '-storepass', PASSWORD];
  for (const name of ['root', 'ca1']) {
    await keytool(
      '-importcert',
      '-noprompt',
      '-trustcacerts',
      '-alias',
      `Java-${name}`,
      '-file',
      `${chainDir}${name}.crt`,
      '-keystore',
      'java-trust.jks',
      ...store,
    );
  }
  await keytool(
    '-genkeypair',
    '-alias',
    'java-key',
    '-keyalg',
    'RSA',
    '-keysize',
    '2048',
    '-dname',
    'CN=java.example.com',
    '-validity',
    '30',
    '-keypass',
    PASSWORD,
    '-keystore',
    'java-key.jks',
    ...store,
  );
  // An EC key under its own key password, which JKS allows and keytool asks for separately.
  const ecKey = ['-genkeypair', '-alias', 'java-ec', '-keyalg', 'EC', '-groupname', 'secp256r1', '-dname', 'CN=ec'];
  await keytool(...ecKey, '-keypass', 'java-key-pass', '-keystore', 'java-keypass.jks', ...store);
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('keytool reads stores we write', () => {
  it('lists every trusted certificate of our trust store, and refuses a wrong password', async () => {
    const [server, ca2, ca1, root] = chain as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    const certificates = [{ der: root }, { der: ca1 }, { der: ca2 }, { der: server, alias: 'OVOC' }];
    await writeFile(file('ours-trust.jks'), createJksTrustStore({ certificates, password: PASSWORD, now: NOW }));
    const output = await list('ours-trust.jks');
    expect(output).toContain('Keystore type: JKS');
    expect(output).toContain('Your keystore contains 4 entries');
    expect(count(output, 'Entry type: trustedCertEntry')).toBe(4);
    expect(output).toContain('Alias name: certwright test root ca rsa-2048');
    expect(output).toContain('Alias name: ovoc');
    // keytool exits 1 and says why on stdout.
    const failure = await list('ours-trust.jks', 'wrong-password').then(
      () => undefined,
      (error: { code?: number; stdout?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain('Keystore was tampered with, or password was incorrect');
  }, 60_000);

  it('opens our key store and exports the key, which matches the leaf certificate', async () => {
    const bytes = await createJksKeyStore({ alias: 'ovoc', key, chain, password: PASSWORD, now: NOW });
    await writeFile(file('ours-key.jks'), bytes);
    const output = await list('ours-key.jks');
    expect(output).toContain('Your keystore contains 1 entry');
    expect(output).toContain('Entry type: PrivateKeyEntry');
    expect(output).toContain('Certificate chain length: 4');
    // Java has to decrypt the key to move it into PKCS#12; OpenSSL then shows it.
    await keytool(
      '-importkeystore',
      '-noprompt',
      '-srckeystore',
      'ours-key.jks',
      '-srcstoretype',
      'JKS',
      '-srcstorepass',
      PASSWORD,
      '-destkeystore',
      'out.p12',
      '-deststoretype',
      'PKCS12',
      '-deststorepass',
      PASSWORD,
    );
    const { stdout } = await run('openssl', [
      'pkcs12',
      '-in',
      file('out.p12'),
      '-nodes',
      '-nocerts',
      '-passin',
      `pass:${PASSWORD}`,
    ]);
    const exported = createPublicKey(stdout).export({ format: 'der', type: 'spki' });
    const leafKey = new X509Certificate(Buffer.from(chain[0] as Uint8Array)).publicKey.export({
      format: 'der',
      type: 'spki',
    });
    expect(exported).toEqual(leafKey);
    expect(new Uint8Array(exported)).toEqual(exportPublicKeyDer(key));
  }, 60_000);
  it('protects the key with a separate key password the way Java expects', async () => {
    const options = { alias: 'ovoc', key, chain, password: PASSWORD, keyPassword: 'key-pass-2' };
    await writeFile(file('ours-keypass.jks'), await createJksKeyStore(options));
    await keytool(
      '-importkeystore',
      '-noprompt',
      '-srckeystore',
      'ours-keypass.jks',
      '-srcstoretype',
      'JKS',
      '-srcstorepass',
      PASSWORD,
      '-srcalias',
      'ovoc',
      '-srckeypass',
      'key-pass-2',
      '-destkeystore',
      'keypass.p12',
      '-deststoretype',
      'PKCS12',
      '-deststorepass',
      PASSWORD,
    );
    const { stdout } = await run('openssl', [
      'pkcs12',
      '-in',
      file('keypass.p12'),
      '-nodes',
      '-nocerts',
      '-passin',
      `pass:${PASSWORD}`,
    ]);
    const exported = createPublicKey(stdout).export({ format: 'der', type: 'spki' });
    expect(new Uint8Array(exported)).toEqual(exportPublicKeyDer(key));
  }, 60_000);
});

describe('we read stores keytool writes', () => {
  it('lists keytool trusted entries with their certificates', async () => {
    const { entries } = readJks(new Uint8Array(await readFile(file('java-trust.jks'))), { password: PASSWORD });
    expect(entries.map((e) => [e.alias, e.type])).toEqual(
      expect.arrayContaining([
        ['java-root', 'trustedCertificate'],
        ['java-ca1', 'trustedCertificate'],
      ]),
    );
    expect(entries).toHaveLength(2);
    const root = entries.find((e) => e.alias === 'java-root');
    expect(root?.certificates).toEqual([chain[3]]);
  });

  it('decrypts the private key keytool generated', async () => {
    const bytes = new Uint8Array(await readFile(file('java-key.jks')));
    const [entry] = readJks(bytes, { password: PASSWORD }).entries;
    expect(entry?.type).toBe('privateKey');
    expect(entry?.alias).toBe('java-key');
    const read = await readJksPrivateKey(bytes, 'java-key', { password: PASSWORD });
    expect(read.description).toEqual({ type: 'rsa', bits: 2048 });
    const leafKey = new X509Certificate(Buffer.from(entry?.certificates[0] as Uint8Array)).publicKey;
    expect(exportPublicKeyDer(read)).toEqual(new Uint8Array(leafKey.export({ format: 'der', type: 'spki' })));
    expect(new X509Certificate(Buffer.from(entry?.certificates[0] as Uint8Array)).subject).toBe('CN=java.example.com');
    const cut = bytes.subarray(0, bytes.byteLength - 7);
    expect(() => readJks(cut, { password: PASSWORD })).toThrow(
      expect.objectContaining({ code: 'ERR_TRUSTSTORE_TRUNCATED' }),
    );
    const flipped = bytes.slice();
    flipped[100] = (flipped[100] as number) ^ 0x80;
    expect(() => readJks(flipped, { password: PASSWORD })).toThrow(
      expect.objectContaining({ code: 'ERR_TRUSTSTORE_INTEGRITY' }),
    );
  });

  it('decrypts a keytool key under its own key password, and refuses the wrong one', async () => {
    const bytes = new Uint8Array(await readFile(file('java-keypass.jks')));
    const read = await readJksPrivateKey(bytes, 'java-ec', { password: PASSWORD, keyPassword: 'java-key-pass' });
    expect(read.description).toEqual({ type: 'ec', bits: 256, curve: 'P-256' });
    const wrong = await readJksPrivateKey(bytes, 'java-ec', { password: PASSWORD }).catch((error: unknown) => error);
    expect(wrong).toMatchObject({ code: 'ERR_TRUSTSTORE_BAD_KEY_PASSWORD' });
  });

  it('adds to and removes from a keytool store, keeping other entries byte for byte; keytool still opens it', async () => {
    const original = new Uint8Array(await readFile(file('java-trust.jks')));
    const body = original.subarray(12, original.byteLength - 20);
    const added = addJksTrustedCertificate(original, {
      alias: 'ovoc',
      der: chain[0] as Uint8Array,
      password: PASSWORD,
    });
    expect(added.subarray(12, 12 + body.byteLength)).toEqual(body);
    const removed = removeJksEntry(added, { alias: 'java-root', password: PASSWORD });
    const kept = readJks(removed, { password: PASSWORD }).entries.map((e) => e.alias);
    expect(kept).toHaveLength(2);
    expect(kept).toContain('ovoc');
    expect(kept).toContain('java-ca1');
    // The surviving keytool entry is found verbatim in the new file.
    const ca1Entry = readJks(original, { password: PASSWORD }).entries.find((e) => e.alias === 'java-ca1');
    expect(Buffer.from(removed).includes(Buffer.from(ca1Entry?.certificates[0] as Uint8Array))).toBe(true);
    await writeFile(file('edited.jks'), removed);
    const output = await list('edited.jks');
    expect(output).toContain('Your keystore contains 2 entries');
    expect(output).toContain('Alias name: ovoc');
    expect(output).not.toContain('Alias name: java-root');
    expect(count(output, 'Entry type: trustedCertEntry')).toBe(2);
  }, 60_000);
});
