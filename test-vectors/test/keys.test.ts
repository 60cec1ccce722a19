import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportPublicKeyPem, readPrivateKey } from '@certwright/core';
import { describe, expect, it } from 'vitest';
import { KEYS_DIR, runOpenssl, testPassphrase } from './support.js';

const keyFiles = (await readdir(KEYS_DIR)).filter((file) => file.endsWith('.key')).sort();
const passphrase = await testPassphrase();

/** What each file name promises about how the key is stored. */
function storedFormat(file: string): 'pkcs8' | 'encrypted-pkcs8' | 'legacy' | 'legacy-encrypted' {
  if (file.endsWith('-legacy-encrypted.key')) return 'legacy-encrypted';
  if (file.endsWith('-legacy.key')) return 'legacy';
  if (file.endsWith('-encrypted.key')) return 'encrypted-pkcs8';
  return 'pkcs8';
}

const isEncrypted = (file: string) => storedFormat(file).includes('encrypted');

/** The unencrypted PKCS#8 key a derived file (encrypted, legacy) was made from. */
const baseKeyFile = (file: string) => file.replace(/(-legacy)?(-encrypted)?\.key$/, '.key');

async function publicKeyFromOpenssl(file: string): Promise<string> {
  const passin = isEncrypted(file) ? ['-passin', `file:${join(KEYS_DIR, 'PASSPHRASE.txt')}`] : [];
  const result = await runOpenssl(['pkey', '-in', join(KEYS_DIR, file), ...passin, '-pubout']);
  expect(result.status, result.output).toBe(0);
  return result.output;
}

async function readWithCore(file: string) {
  const encrypted = isEncrypted(file);
  return readPrivateKey(await readFile(join(KEYS_DIR, file)), {
    source: file,
    ...(encrypted ? { passphrase } : {}),
  });
}

describe('test keys', () => {
  it('has every key the cases and docs name, all marked test-', () => {
    for (const name of ['rsa-2048', 'ec-p256', 'ec-p384', 'ed25519']) {
      expect(keyFiles).toContain(`test-${name}.key`);
      expect(keyFiles).toContain(`test-${name}-encrypted.key`);
    }
    expect(keyFiles).toEqual(
      expect.arrayContaining([
        'test-rsa-2048-legacy.key',
        'test-rsa-2048-legacy-encrypted.key',
        'test-ec-p256-legacy.key',
      ]),
    );
    expect(keyFiles.filter((file) => !file.startsWith('test-'))).toEqual([]);
  });

  it('PASSPHRASE.txt says the passphrase is public', async () => {
    const text = await readFile(join(KEYS_DIR, 'PASSPHRASE.txt'), 'utf8');
    expect(passphrase.length).toBeGreaterThan(0);
    expect(text).toMatch(/PUBLIC/);
  });

  it.each(keyFiles)('%s: core reads it in the format its name says, with the right warnings', async (file) => {
    const { format, warnings } = await readWithCore(file);
    expect(format).toBe(storedFormat(file));
    const expectedWarnings = format === 'legacy-encrypted' ? ['WARN_KEY_LEGACY_ENCRYPTION'] : [];
    expect(warnings.map((warning) => warning.code)).toEqual(expectedWarnings);
  });

  it.each(keyFiles)('%s: openssl pkey reads the same key as core', async (file) => {
    const { key } = await readWithCore(file);
    expect(exportPublicKeyPem(key)).toBe(await publicKeyFromOpenssl(file));
  });

  it.each(keyFiles.filter((file) => baseKeyFile(file) !== file))(
    '%s: holds the same key as its plain file',
    async (file) => {
      const [derived, base] = await Promise.all([readWithCore(file), readWithCore(baseKeyFile(file))]);
      expect(exportPublicKeyPem(derived.key)).toBe(exportPublicKeyPem(base.key));
    },
  );

  it.each(keyFiles.filter(isEncrypted))('%s: cannot be read without the passphrase', async (file) => {
    await expect(readPrivateKey(await readFile(join(KEYS_DIR, file)))).rejects.toMatchObject({
      code: 'ERR_KEY_PASSPHRASE_REQUIRED',
    });
  });
});
