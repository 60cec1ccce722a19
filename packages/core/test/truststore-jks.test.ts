import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addJksTrustedCertificate,
  createJksKeyStore,
  createJksTrustStore,
  detectFormat,
  exportPublicKeyDer,
  type PrivateKey,
  readJks,
  readJksPrivateKey,
  readCertificates,
  readPrivateKey,
  removeJksEntry,
} from '../src/index.js';
import { jksIntegrityDigest } from '../src/jks/integrity.js';

const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const NOW = new Date('2026-01-15T10:00:00.000Z');
const PASSWORD = 'store-pass-1';
let root: Uint8Array;
let ca1: Uint8Array;
let ca2: Uint8Array;
let server: Uint8Array;
let key: PrivateKey;

async function certificateDer(name: string): Promise<Uint8Array> {
  const pem = await readFile(`${vectors}chains/rsa-two-intermediates/${name}.crt`, 'utf8');
  return new Uint8Array(new X509Certificate(pem).raw);
}

beforeAll(async () => {
  [root, ca1, ca2, server] = (await Promise.all(['root', 'ca1', 'ca2', 'server'].map(certificateDer))) as Uint8Array[];
  key = (await readPrivateKey(await readFile(`${vectors}keys/test-rsa-2048.key`))).key;
});

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

async function asyncCodeOf(action: () => Promise<unknown>): Promise<string | undefined> {
  return action().then(
    () => undefined,
    (error: { code?: string }) => error.code,
  );
}

function trustStore(): Uint8Array {
  return createJksTrustStore({
    certificates: [{ der: root }, { der: ca1 }, { der: ca2 }],
    password: PASSWORD,
    now: NOW,
  });
}

describe('createJksTrustStore and readJks', () => {
  it('writes trusted entries with lower-cased common-name aliases, made unique', () => {
    const bytes = createJksTrustStore({
      certificates: [{ der: root }, { der: root }, { der: server, alias: 'OVOC-Server' }],
      password: PASSWORD,
      now: NOW,
    });
    expect([...bytes.subarray(0, 8)]).toEqual([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]);
    const { entries } = readJks(bytes, { password: PASSWORD });
    expect(entries.map((entry) => entry.alias)).toEqual([
      'certwright test root ca rsa-2048',
      'certwright test root ca rsa-2048-2',
      'ovoc-server',
    ]);
    expect(entries.every((entry) => entry.type === 'trustedCertificate')).toBe(true);
    expect(entries[0]?.created).toEqual(NOW);
    expect(entries[2]?.certificates).toEqual([server]);
  });

  it('refuses a chosen alias that is taken, ignoring case', () => {
    const certificates = [
      { der: root, alias: 'Root' },
      { der: ca1, alias: 'ROOT' },
    ];
    expect(codeOf(() => createJksTrustStore({ certificates, password: PASSWORD }))).toBe(
      'ERR_TRUSTSTORE_DUPLICATE_ALIAS',
    );
  });

  it('keeps non-ASCII aliases intact (Java modified UTF-8)', () => {
    const alias = 'zürich-\u0000-ca-😀';
    const bytes = createJksTrustStore({ certificates: [{ der: root, alias }], password: PASSWORD });
    expect(readJks(bytes, { password: PASSWORD }).entries[0]?.alias).toBe(alias);
    // U+0000 is written as C0 80, never as a zero byte.
    expect(Buffer.from(bytes).includes(Buffer.from([0xc0, 0x80]))).toBe(true);
  });

  it('refuses bytes that are not a certificate', () => {
    const certificates = [{ der: Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01) }];
    expect(codeOf(() => createJksTrustStore({ certificates, password: PASSWORD }))).toBe('ERR_CERT_INVALID');
  });
});

describe('readJks failures', () => {
  it('reports a wrong password and an altered byte as ERR_TRUSTSTORE_INTEGRITY', () => {
    const bytes = trustStore();
    expect(codeOf(() => readJks(bytes, { password: 'wrong-pass' }))).toBe('ERR_TRUSTSTORE_INTEGRITY');
    const altered = bytes.slice();
    altered[200] = (altered[200] as number) ^ 0x01;
    expect(codeOf(() => readJks(altered, { password: PASSWORD }))).toBe('ERR_TRUSTSTORE_INTEGRITY');
  });

  it('reports a cut-off file as ERR_TRUSTSTORE_TRUNCATED wherever it is cut', () => {
    const bytes = trustStore();
    for (const length of [0, 4, 11, 12, 30, 500, bytes.byteLength - 21, bytes.byteLength - 1]) {
      const expected = length < 4 ? 'ERR_TRUSTSTORE_NOT_JKS' : 'ERR_TRUSTSTORE_TRUNCATED';
      expect(
        codeOf(() => readJks(bytes.subarray(0, length), { password: PASSWORD })),
        `length ${length}`,
      ).toBe(expected);
    }
  });

  it('reports other formats as ERR_TRUSTSTORE_NOT_JKS', () => {
    expect(codeOf(() => readJks(new TextEncoder().encode('-----BEGIN CERTIFICATE-----'), { password: PASSWORD }))).toBe(
      'ERR_TRUSTSTORE_NOT_JKS',
    );
  });

  it('limits the entry count even when the digest verifies', () => {
    const body = Uint8Array.of(0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0xff);
    const hostile = Buffer.concat([body, jksIntegrityDigest(PASSWORD, body)]);
    expect(codeOf(() => readJks(hostile, { password: PASSWORD }))).toBe('ERR_TRUSTSTORE_LIMIT_EXCEEDED');
  });

  it('answers every flipped byte and every cut with a typed error, never a crash', () => {
    const bytes = createJksTrustStore({ certificates: [{ der: root, alias: 'r' }], password: PASSWORD, now: NOW });
    const codes = new Set<string | undefined>();
    for (let i = 0; i < bytes.byteLength; i += 7) {
      const flipped = bytes.slice();
      flipped[i] = (flipped[i] as number) ^ 0x10;
      codes.add(codeOf(() => readJks(flipped, { password: PASSWORD })));
      codes.add(codeOf(() => readJks(bytes.subarray(0, i), { password: PASSWORD })));
    }
    expect([...codes].sort()).toEqual([
      'ERR_TRUSTSTORE_INTEGRITY',
      'ERR_TRUSTSTORE_NOT_JKS',
      'ERR_TRUSTSTORE_TRUNCATED',
    ]);
  });

  it('refuses an empty password', () => {
    expect(codeOf(() => readJks(trustStore(), { password: '' }))).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('createJksKeyStore and readJksPrivateKey', () => {
  it('round-trips the key under a separate key password', async () => {
    const options = { alias: 'OVOC', key, chain: [server, ca2, ca1, root], password: PASSWORD, now: NOW };
    const bytes = await createJksKeyStore({ ...options, keyPassword: 'key-pass-2' });
    const { entries } = readJks(bytes, { password: PASSWORD });
    expect(entries).toEqual([
      { alias: 'ovoc', type: 'privateKey', created: NOW, certificates: [server, ca2, ca1, root] },
    ]);
    const read = await readJksPrivateKey(bytes, 'Ovoc', { password: PASSWORD, keyPassword: 'key-pass-2' });
    expect(exportPublicKeyDer(read)).toEqual(exportPublicKeyDer(key));
    expect(read.description).toEqual({ type: 'rsa', bits: 2048 });
    expect(await asyncCodeOf(() => readJksPrivateKey(bytes, 'ovoc', { password: PASSWORD }))).toBe(
      'ERR_TRUSTSTORE_BAD_KEY_PASSWORD',
    );
    expect(await asyncCodeOf(() => readJksPrivateKey(bytes, 'other', { password: PASSWORD }))).toBe(
      'ERR_TRUSTSTORE_NO_SUCH_ALIAS',
    );
  });

  it('refuses a key from a trusted certificate entry, and an empty chain', async () => {
    const alias = 'certwright test root ca rsa-2048';
    expect(await asyncCodeOf(() => readJksPrivateKey(trustStore(), alias, { password: PASSWORD }))).toBe(
      'ERR_TRUSTSTORE_NOT_KEY_ENTRY',
    );
    expect(await asyncCodeOf(() => createJksKeyStore({ alias: 'a', key, chain: [], password: PASSWORD }))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
  });
});

describe('addJksTrustedCertificate and removeJksEntry', () => {
  const certificates = () => [
    { der: root, alias: 'root' },
    { der: ca1, alias: 'ca1' },
    { der: ca2, alias: 'ca2' },
  ];

  it('leave the other entries byte for byte', () => {
    const original = createJksTrustStore({ certificates: certificates(), password: PASSWORD, now: NOW });
    const removed = removeJksEntry(original, { alias: 'CA1', password: PASSWORD });
    const expected = createJksTrustStore({
      certificates: certificates().filter((c) => c.alias !== 'ca1'),
      password: PASSWORD,
      now: NOW,
    });
    expect(removed).toEqual(expected);
    const added = addJksTrustedCertificate(removed, { alias: 'ca1', der: ca1, password: PASSWORD, now: NOW });
    const reordered = [certificates()[0], certificates()[2], certificates()[1]] as ReturnType<typeof certificates>;
    expect(added).toEqual(createJksTrustStore({ certificates: reordered, password: PASSWORD, now: NOW }));
  });

  it('refuse a duplicate alias, a missing alias and a wrong password', () => {
    const original = trustStore();
    const alias = 'Certwright Test Root CA RSA-2048';
    expect(codeOf(() => addJksTrustedCertificate(original, { alias, der: server, password: PASSWORD }))).toBe(
      'ERR_TRUSTSTORE_DUPLICATE_ALIAS',
    );
    expect(codeOf(() => removeJksEntry(original, { alias: 'nope', password: PASSWORD }))).toBe(
      'ERR_TRUSTSTORE_NO_SUCH_ALIAS',
    );
    expect(codeOf(() => removeJksEntry(original, { alias, password: 'wrong-pass' }))).toBe('ERR_TRUSTSTORE_INTEGRITY');
  });
});

describe('a JKS through the format readers', () => {
  it("detectFormat names it; readCertificates returns every entry's certificates with the store password", async () => {
    const store = await createJksKeyStore({
      alias: 'ovoc',
      key,
      chain: [server, ca2, ca1],
      password: PASSWORD,
      now: NOW,
    });
    const withRoot = addJksTrustedCertificate(store, { alias: 'root', der: root, password: PASSWORD, now: NOW });
    expect(detectFormat(withRoot, { source: 'ovoc.jks' })).toEqual({ format: 'jks', encoding: 'binary' });
    const read = await readCertificates(withRoot, { source: 'ovoc.jks', password: async () => PASSWORD });
    const fingerprints = (list: Uint8Array[]) => list.map((der) => new X509Certificate(der).fingerprint256).sort();
    expect(fingerprints(read)).toEqual(fingerprints([server, ca2, ca1, root]));
    await expect(readCertificates(withRoot, { source: 'ovoc.jks' })).rejects.toMatchObject({
      code: 'ERR_FORMAT_JKS_PASSWORD_REQUIRED',
      message: 'ovoc.jks: the file is a Java KeyStore (JKS); its password is required',
    });
    await expect(readCertificates(withRoot, { source: 'ovoc.jks', password: 'wrong' })).rejects.toMatchObject({
      code: 'ERR_TRUSTSTORE_INTEGRITY',
    });
  });
});
