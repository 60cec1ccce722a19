import { execFile } from 'node:child_process';
import { createSecureContext } from 'node:tls';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, openssl, tempDir } from './helpers.js';

const run = promisify(execFile);
const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const rsa = join(vectors, 'chains', 'rsa-two-intermediates');
const certs = ['root.crt', 'ca1.crt', 'ca2.crt'].map((name) => join(rsa, name));
const serverKey = join(vectors, 'keys', 'test-rsa-2048.key');
const otherKey = join(vectors, 'keys', 'test-rsa-2048-ca1.key');
const PASS = 'store-Pass-1';
const STOREPASS = ['--storepass-env', 'STOREPASS'];
const env = { STOREPASS: PASS };

async function keytoolList(dir: string, file: string): Promise<string> {
  const { stdout } = await run('keytool', ['-list', '-keystore', file, '-storepass', PASS], { cwd: dir });
  return stdout;
}

function count(text: string, word: string): number {
  return text.split(word).length - 1;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('certwright truststore', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterAll(async () => cleanup());

  it('creates a PKCS#12 trust store that keytool and openssl (no -legacy) open', async () => {
    const result = await cli(
      dir,
      ['truststore', 'create', '--format', 'p12', '--out', 'trust.p12', ...STOREPASS, '--json', ...certs],
      env,
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.entries).toHaveLength(3);
    expect(json.entries.every((entry: { alias: string | null }) => typeof entry.alias === 'string')).toBe(true);
    expect((await stat(join(dir, 'trust.p12'))).mode & 0o777).toBe(0o644);
    expect(count(await keytoolList(dir, 'trust.p12'), 'trustedCertEntry')).toBe(3);
    const info = await openssl(dir, ['pkcs12', '-info', '-nokeys', '-in', 'trust.p12', '-passin', `pass:${PASS}`]);
    expect(count(info, 'BEGIN CERTIFICATE')).toBe(3);
  });

  it('creates a JKS trust store with the given aliases that keytool lists', async () => {
    const result = await cli(
      dir,
      [
        'truststore',
        'create',
        '--format',
        'jks',
        '--out',
        'trust.jks',
        ...STOREPASS,
        '--alias',
        'Root',
        '--alias',
        'one',
        '--alias',
        'two',
        ...certs,
      ],
      env,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('root');
    const listing = await keytoolList(dir, 'trust.jks');
    expect(count(listing, 'trustedCertEntry')).toBe(3);
    expect(listing).toMatch(/^one,/m);
  });

  it('creates a PEM trust store without a password and refuses a storepass option', async () => {
    expect((await cli(dir, ['truststore', 'create', '--format', 'pem', '--out', 'trust.pem', ...certs])).code).toBe(0);
    expect(count(await readFile(join(dir, 'trust.pem'), 'utf8'), 'BEGIN CERTIFICATE')).toBe(3);
    const refused = await cli(
      dir,
      ['truststore', 'create', '--format', 'pem', '--out', 'x.pem', ...STOREPASS, ...certs],
      env,
    );
    expect(refused.code).toBe(2);
    expect(await exists(join(dir, 'x.pem'))).toBe(false);
  });

  it('refuses an alias count that does not match the certificates', async () => {
    const result = await cli(
      dir,
      ['truststore', 'create', '--format', 'jks', '--out', 'n.jks', ...STOREPASS, '--alias', 'a', ...certs],
      env,
    );
    expect(result.code).toBe(2);
    expect(await exists(join(dir, 'n.jks'))).toBe(false);
  });

  it('exits 2 and writes nothing without a store password source', async () => {
    const result = await cli(dir, ['truststore', 'create', '--format', 'jks', '--out', 'none.jks', ...certs]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--storepass-file');
    expect(await exists(join(dir, 'none.jks'))).toBe(false);
  });

  it('refuses an existing output without --force and leaves it untouched', async () => {
    await writeFile(join(dir, 'taken.jks'), 'keep me');
    const result = await cli(
      dir,
      ['truststore', 'create', '--format', 'jks', '--out', 'taken.jks', ...STOREPASS, ...certs],
      env,
    );
    expect(result.code).toBe(2);
    expect(await readFile(join(dir, 'taken.jks'), 'utf8')).toBe('keep me');
  });

  it('lists JKS, PKCS#12 and PEM stores', async () => {
    for (const file of ['trust.jks', 'trust.p12', 'trust.pem']) {
      const result = await cli(dir, ['truststore', 'list', file, ...STOREPASS, '--json'], env);
      expect(result.code).toBe(0);
      const json = JSON.parse(result.stdout);
      expect(json.entries).toHaveLength(3);
      for (const entry of json.entries) {
        expect(entry.sha256).toMatch(/[0-9A-Fa-f:]{64,}/);
        expect(entry.subject).not.toBe('');
        expect(entry.notAfter).toMatch(/^\d{4}-/);
      }
    }
    const jks = JSON.parse((await cli(dir, ['truststore', 'list', 'trust.jks', ...STOREPASS, '--json'], env)).stdout);
    expect(jks.entries.map((entry: { alias: string }) => entry.alias).sort()).toEqual(['one', 'root', 'two']);
    expect(jks.entries[0].type).toBe('trustedCertificate');
  });

  it('exits 3 on a wrong store password', async () => {
    for (const file of ['trust.jks', 'trust.p12']) {
      const result = await cli(dir, ['truststore', 'list', file, ...STOREPASS], { STOREPASS: 'wrong' });
      expect(result.code).toBe(3);
    }
  });

  it('warns above 150 certificates (a device TLS context limit)', async () => {
    const root = await readFile(certs[0] as string, 'utf8');
    await writeFile(join(dir, 'many.pem'), root.repeat(151));
    const result = await cli(dir, [
      'truststore',
      'create',
      '--format',
      'pem',
      '--out',
      'many-trust.pem',
      '--json',
      'many.pem',
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.entries).toHaveLength(151);
    expect(json.warnings.map((warning: { code: string }) => warning.code)).toEqual(['WARN_TRUSTSTORE_DEVICE_LIMIT']);
  });

  it('adds to and removes from a JKS store', async () => {
    await cli(
      dir,
      ['truststore', 'create', '--format', 'jks', '--out', 'edit.jks', ...STOREPASS, certs[0] as string],
      env,
    );
    const added = await cli(
      dir,
      ['truststore', 'add', 'edit.jks', join(rsa, 'server.crt'), '--alias', 'leaf', ...STOREPASS],
      env,
    );
    expect(added.code).toBe(0);
    const removed = await cli(dir, ['truststore', 'remove', 'edit.jks', '--alias', 'leaf', ...STOREPASS], env);
    expect(removed.code).toBe(0);
    const again = await cli(
      dir,
      ['truststore', 'add', 'edit.jks', join(rsa, 'ca1.crt'), '--alias', 'ca1', ...STOREPASS],
      env,
    );
    expect(again.code).toBe(0);
    const listing = await keytoolList(dir, 'edit.jks');
    expect(count(listing, 'trustedCertEntry')).toBe(2);
    expect(listing).toMatch(/^ca1,/m);
    expect(listing).not.toMatch(/^leaf,/m);
    const noSuch = await cli(dir, ['truststore', 'remove', 'edit.jks', '--alias', 'nope', ...STOREPASS], env);
    expect([noSuch.code, noSuch.stderr.trim()]).toEqual([
      2,
      'certwright: error: edit.jks: the store has no entry "nope"',
    ]);
  });

  it('adds to and removes from a PKCS#12 store; a compat store stays compat; keytool lists the result', async () => {
    const create = ['truststore', 'create', '--format', 'p12', '--preset', 'compat', '--out', 'edit.p12', ...STOREPASS];
    expect((await cli(dir, [...create, certs[0] as string], env)).code).toBe(0);
    const add = ['truststore', 'add', 'edit.p12', join(rsa, 'ca1.crt'), '--alias', 'AD-Root', ...STOREPASS];
    expect((await cli(dir, add, env)).code).toBe(0);
    const listing = await keytoolList(dir, 'edit.p12');
    expect(count(listing, 'trustedCertEntry')).toBe(2);
    expect(listing).toMatch(/^ad-root,/m);
    const info = await openssl(dir, ['pkcs12', '-info', '-nokeys', '-in', 'edit.p12', '-passin', `pass:${PASS}`]);
    expect(info).toContain('pbeWithSHA1And3-KeyTripleDES-CBC');
    const duplicate = await cli(dir, [...add.slice(0, 5), 'ad-root', ...STOREPASS, '--json'], env);
    expect([duplicate.code, JSON.parse(duplicate.stdout).error.code]).toEqual([2, 'ERR_TRUSTSTORE_DUPLICATE_ALIAS']);
    expect(JSON.parse(duplicate.stdout).error.message).toBe('edit.p12: the store already has an entry "ad-root"');
    const removed = await cli(dir, ['truststore', 'remove', 'edit.p12', '--alias', 'ad-root', ...STOREPASS], env);
    expect(removed.code).toBe(0);
    expect(count(await keytoolList(dir, 'edit.p12'), 'trustedCertEntry')).toBe(1);
  });

  it('a wrong PKCS#12 store password exits 3 and leaves the store as it was', async () => {
    const before = await readFile(join(dir, 'edit.p12'));
    const result = await cli(
      dir,
      ['truststore', 'remove', 'edit.p12', '--alias', 'x', '--storepass-env', 'WRONG', '--json'],
      {
        WRONG: 'not-it',
      },
    );
    expect([result.code, JSON.parse(result.stdout).error.code]).toEqual([3, 'ERR_FORMAT_PKCS12_BAD_PASSWORD']);
    expect((await readFile(join(dir, 'edit.p12'))).equals(before)).toBe(true);
  });

  it('refuses to modify a PEM bundle (a text file) with a usage error', async () => {
    const result = await cli(dir, ['truststore', 'remove', 'trust.pem', '--alias', 'x', ...STOREPASS], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not a JKS or PKCS#12 store');
  });

  it('list prints an alias with escape sequences escaped (JSON keeps it whole)', async () => {
    const hostile = 'ok\r\u001b[32m all checks passed\u001b[0m\u202e';
    await openssl(dir, [
      'pkcs12',
      '-export',
      '-nokeys',
      '-in',
      join(rsa, 'root.crt'),
      '-caname',
      hostile,
      '-passout',
      `pass:${PASS}`,
      '-out',
      'hostile-alias.p12',
    ]);
    const human = await cli(dir, ['truststore', 'list', 'hostile-alias.p12', ...STOREPASS], env);
    expect(human.code, human.stderr).toBe(0);
    for (const raw of ['\r', '\u001b', '\u202e']) expect(human.stdout).not.toContain(raw);
    expect(human.stdout).toContain('ok\\u000d\\u001b[32m all checks passed\\u001b[0m\\u202e  certificate  CN=');
    const json = await cli(dir, ['truststore', 'list', 'hostile-alias.p12', ...STOREPASS, '--json'], env);
    expect(JSON.parse(json.stdout).entries[0].alias).toBe(hostile);
  });
});

describe('certwright keystore create', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterAll(async () => cleanup());

  const chain = ['--chain', join(rsa, 'ca2.crt'), '--chain', join(rsa, 'ca1.crt'), '--chain', join(rsa, 'root.crt')];

  it('writes a PKCS#12 key store that Node accepts, mode 0600', async () => {
    const result = await cli(
      dir,
      [
        'keystore',
        'create',
        '--format',
        'p12',
        '--key',
        serverKey,
        '--cert',
        join(rsa, 'server.crt'),
        ...chain,
        '--out',
        'server.p12',
        ...STOREPASS,
        '--json',
      ],
      env,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).chain).toHaveLength(4);
    expect((await stat(join(dir, 'server.p12'))).mode & 0o777).toBe(0o600);
    const pfx = await readFile(join(dir, 'server.p12'));
    expect(() => createSecureContext({ pfx, passphrase: PASS })).not.toThrow();
  });

  it('compat preset and an encrypted --key: keytool lists the key entry, openssl names 3DES, Node loads it', async () => {
    await openssl(dir, ['pkcs8', '-topk8', '-in', serverKey, '-passout', 'pass:key-pass-1', '-out', 'enc.key']);
    await writeFile(join(dir, 'key-pass.txt'), 'key-pass-1\n');
    const argv = ['keystore', 'create', '--format', 'p12', '--preset', 'compat', '--key', 'enc.key'];
    const more = [
      '--passphrase-file',
      'key-pass.txt',
      '--cert',
      join(rsa, 'server.crt'),
      ...chain,
      '--out',
      'compat.p12',
    ];
    const result = await cli(dir, [...argv, ...more, ...STOREPASS], env);
    expect(result.code).toBe(0);
    const listing = await keytoolList(dir, 'compat.p12');
    expect(count(listing, 'PrivateKeyEntry')).toBe(1);
    const info = await openssl(dir, ['pkcs12', '-info', '-in', 'compat.p12', '-passin', `pass:${PASS}`, '-nodes']);
    expect(info).toContain('pbeWithSHA1And3-KeyTripleDES-CBC');
    expect(info).toContain('MAC: sha1');
    const pfx = await readFile(join(dir, 'compat.p12'));
    expect(() => createSecureContext({ pfx, passphrase: PASS })).not.toThrow();
    const wrongArgv = [...argv, '--passphrase-env', 'NOPE', ...more.slice(2, -1), 'wrong.p12', ...STOREPASS, '--json'];
    const wrong = await cli(dir, wrongArgv, { ...env, NOPE: 'not-the-passphrase' });
    expect([wrong.code, JSON.parse(wrong.stdout).error.code]).toEqual([3, 'ERR_KEY_BAD_PASSPHRASE']);
    expect(await exists(join(dir, 'wrong.p12'))).toBe(false);
  });

  it('writes a JKS key store that lists as a private key entry', async () => {
    const result = await cli(
      dir,
      [
        'keystore',
        'create',
        '--format',
        'jks',
        '--key',
        serverKey,
        '--cert',
        join(rsa, 'server.crt'),
        '--out',
        'server.jks',
        '--alias',
        'tomcat',
        ...STOREPASS,
      ],
      env,
    );
    expect(result.code).toBe(0);
    const listed = JSON.parse(
      (await cli(dir, ['truststore', 'list', 'server.jks', ...STOREPASS, '--json'], env)).stdout,
    );
    expect(listed.entries).toEqual([expect.objectContaining({ alias: 'tomcat', type: 'privateKey' })]);
  });

  it('exits 1 and writes nothing when the key does not match the certificate', async () => {
    const result = await cli(
      dir,
      [
        'keystore',
        'create',
        '--format',
        'p12',
        '--key',
        otherKey,
        '--cert',
        join(rsa, 'server.crt'),
        '--out',
        'bad.p12',
        ...STOREPASS,
      ],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not match');
    expect(await exists(join(dir, 'bad.p12'))).toBe(false);
  });

  it('exits 2 and writes nothing without a store password source', async () => {
    const result = await cli(dir, [
      'keystore',
      'create',
      '--format',
      'p12',
      '--key',
      serverKey,
      '--cert',
      join(rsa, 'server.crt'),
      '--out',
      'nopass.p12',
    ]);
    expect(result.code).toBe(2);
    expect(await exists(join(dir, 'nopass.p12'))).toBe(false);
  });
});
