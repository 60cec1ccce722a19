import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportPrivateKeyPem, generateKey, type KeySpec, type PrivateKey, readPrivateKey } from '@certwright/core';
import { openssl } from './openssl.js';

/** The public passphrase of the encrypted test keys: the first line of PASSPHRASE.txt. */
export const TEST_PASSPHRASE = 'certwright-public-test-passphrase';
export const PASSPHRASE_FILE = 'PASSPHRASE.txt';

const PASSPHRASE_TEXT = `${TEST_PASSPHRASE}

The first line above is the passphrase of every *-encrypted.key file in this directory.
It is PUBLIC, like the keys themselves: they are test keys for Certwright's test vectors,
published on purpose. Never use these keys or this passphrase for anything real.
`;

const RSA_2048: KeySpec = { type: 'rsa', bits: 2048 };
const EC_P256: KeySpec = { type: 'ec', curve: 'P-256' };
const EC_P384: KeySpec = { type: 'ec', curve: 'P-384' };
const ED25519: KeySpec = { type: 'ed25519' };

/** Keys core generates, written as unencrypted PKCS#8. The -root/-ca1/-ca2 keys belong to the test CAs. */
const GENERATED_KEYS = {
  'test-rsa-2048': RSA_2048,
  'test-ec-p256': EC_P256,
  'test-ec-p384': EC_P384,
  'test-ed25519': ED25519,
  'test-rsa-2048-root': RSA_2048,
  'test-rsa-2048-ca1': RSA_2048,
  'test-rsa-2048-ca2': RSA_2048,
  'test-rsa-2048-other-root': RSA_2048,
  'test-ec-p256-root': EC_P256,
  'test-ec-p256-ca1': EC_P256,
  'test-ec-p256-ca2': EC_P256,
  'test-ed25519-root': ED25519,
  'test-ed25519-ca1': ED25519,
  'test-ed25519-ca2': ED25519,
} satisfies Record<string, KeySpec>;

export type TestKeyName = keyof typeof GENERATED_KEYS;

/** Written next to their plain key as `<name>-encrypted.key` (PBES2, 600,000 iterations). */
const ENCRYPTED_VARIANTS: TestKeyName[] = ['test-rsa-2048', 'test-ec-p256', 'test-ec-p384', 'test-ed25519'];

/** A weak key for the RSA-1024 CSR case: core refuses to generate it, so openssl does. */
export const WEAK_RSA_KEY = 'test-rsa-1024';

/** The committed test keys, loaded. */
export interface TestKeys {
  dir: string;
  get(name: TestKeyName): PrivateKey;
  /** The key file's path, for openssl. */
  path(name: TestKeyName | typeof WEAK_RSA_KEY): string;
}

/**
 * Loads the test keys from `dir`, creating only the missing ones (all of them with `fresh`).
 * Reusing committed keys is what makes the vectors reproducible: certificates signed with
 * RSA and Ed25519 keys come out byte-identical on every run.
 */
export async function ensureTestKeys(dir: string, fresh: boolean): Promise<TestKeys> {
  await mkdir(dir, { recursive: true });
  const path = (name: string) => join(dir, `${name}.key`);
  const created = new Set<string>();
  const loaded = new Map<string, PrivateKey>();
  for (const [name, spec] of Object.entries(GENERATED_KEYS)) {
    const reuse = !fresh && (await exists(path(name)));
    const key = reuse
      ? (await readPrivateKey(await readFile(path(name)), { source: path(name) })).key
      : await generateKey(spec);
    if (!reuse) {
      await writeFile(path(name), await exportPrivateKeyPem(key));
      created.add(name);
    }
    loaded.set(name, key);
  }
  await writeFile(join(dir, PASSPHRASE_FILE), PASSPHRASE_TEXT);
  // A derived file is remade when its source key was just made, so the two always hold the same key.
  const stale = async (file: string, source: string) => fresh || created.has(source) || !(await exists(file));
  for (const name of ENCRYPTED_VARIANTS) {
    const file = path(`${name}-encrypted`);
    if (await stale(file, name)) {
      await writeFile(file, await exportPrivateKeyPem(loaded.get(name) as PrivateKey, { passphrase: TEST_PASSPHRASE }));
    }
  }
  await writeLegacyKeys(dir, path, stale);
  if (fresh || !(await exists(path(WEAK_RSA_KEY)))) {
    await openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', path(WEAK_RSA_KEY)]);
  }
  return {
    dir,
    get: (name) => loaded.get(name) as PrivateKey,
    path,
  };
}

/** PKCS#1 and SEC 1 keys as older tools (and older OVOC installations) write them, made by openssl itself. */
async function writeLegacyKeys(
  dir: string,
  path: (name: string) => string,
  stale: (file: string, source: string) => Promise<boolean>,
): Promise<void> {
  const rsa = path('test-rsa-2048');
  if (await stale(path('test-rsa-2048-legacy'), 'test-rsa-2048')) {
    await openssl(['rsa', '-in', rsa, '-traditional', '-out', path('test-rsa-2048-legacy')]);
  }
  if (await stale(path('test-rsa-2048-legacy-encrypted'), 'test-rsa-2048')) {
    const passout = `file:${join(dir, PASSPHRASE_FILE)}`;
    const out = path('test-rsa-2048-legacy-encrypted');
    await openssl(['rsa', '-in', rsa, '-aes256', '-traditional', '-passout', passout, '-out', out]);
  }
  if (await stale(path('test-ec-p256-legacy'), 'test-ec-p256')) {
    await openssl(['ec', '-in', path('test-ec-p256'), '-out', path('test-ec-p256-legacy')]);
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
