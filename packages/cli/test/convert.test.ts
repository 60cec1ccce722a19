import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, openssl, tempDir } from './helpers.js';
import { noSecret, parseArgv, writeFormatFixtures } from './formats-fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
let subjects: string[];

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFormatFixtures(dir);
  subjects = [];
  for (const name of ['server.crt', 'ca2.crt', 'ca1.crt']) {
    subjects.push((await openssl(dir, ['x509', '-in', name, '-noout', '-subject'])).trim().slice('subject='.length));
  }
});
afterAll(() => cleanup());

async function p7bSubjects(file: string, inform: 'DER' | 'PEM'): Promise<string[]> {
  const printed = await openssl(dir, ['pkcs7', '-inform', inform, '-in', file, '-print_certs', '-noout']);
  return [...printed.matchAll(/^subject=(.*)$/gm)].map((match) => match[1] as string);
}

describe('convert argv → options', () => {
  it.each([
    [
      ['convert', 'in.p7b', '--to', 'pem', '--out', 'out.pem'],
      {
        input: 'in.p7b',
        to: 'pem',
        out: 'out.pem',
        preset: undefined,
        alias: undefined,
        keyOut: undefined,
        encrypt: true,
        trustOnly: false,
        inpass: noSecret,
        passphrase: noSecret,
        storepass: noSecret,
        force: false,
        json: false,
      },
    ],
    [
      ['convert', 'in.pfx', '--to', 'p7b-pem', '--out', 'o', '--inpass-fd', '4', '--force', '--json'],
      {
        input: 'in.pfx',
        to: 'p7b-pem',
        out: 'o',
        preset: undefined,
        alias: undefined,
        keyOut: undefined,
        encrypt: true,
        trustOnly: false,
        inpass: { file: undefined, env: undefined, fd: 4 },
        passphrase: noSecret,
        storepass: noSecret,
        force: true,
        json: true,
      },
    ],
    [
      [
        'convert',
        'in.pfx',
        '--to',
        'jks',
        '--out',
        'o.jks',
        '--inpass-env',
        'IN',
        '--storepass-file',
        'p',
        '--alias',
        'ovoc',
      ],
      {
        input: 'in.pfx',
        to: 'jks',
        out: 'o.jks',
        preset: undefined,
        alias: 'ovoc',
        keyOut: undefined,
        encrypt: true,
        trustOnly: false,
        inpass: { file: undefined, env: 'IN', fd: undefined },
        passphrase: noSecret,
        storepass: { file: 'p', env: undefined, fd: undefined },
        force: false,
        json: false,
      },
    ],
  ])('%j', async (argv, options) => {
    expect(await parseArgv(argv)).toEqual({ command: 'convert', options });
  });

  it('refuses an unknown --to, a missing --to and a missing --out (exit 2)', async () => {
    expect((await cli(dir, ['convert', 'chain.pem', '--to', 'bks', '--out', 'x'])).code).toBe(2);
    expect((await cli(dir, ['convert', 'chain.pem', '--out', 'x'])).code).toBe(2);
    expect((await cli(dir, ['convert', 'chain.pem', '--to', 'pem'])).code).toBe(2);
  });
});

describe('certwright convert', () => {
  it('PEM chain → p7b that openssl lists in our order, mode 0644', async () => {
    const { code, stderr } = await cli(dir, ['convert', 'chain.pem', '--to', 'p7b', '--out', 'out.p7b']);
    expect(code).toBe(0);
    expect(stderr).toContain('wrote 3 certificate(s)');
    expect(await p7bSubjects('out.p7b', 'DER')).toEqual(subjects);
    expect((await stat(join(dir, 'out.p7b'))).mode & 0o777).toBe(0o644);
  });

  it('PEM chain → PEM PKCS#7 that openssl reads', async () => {
    expect((await cli(dir, ['convert', 'chain.pem', '--to', 'p7b-pem', '--out', 'out-p7b.pem'])).code).toBe(0);
    expect(await p7bSubjects('out-p7b.pem', 'PEM')).toEqual(subjects);
  });

  it('openssl p7b → PEM gives back the chain file, byte for byte, when it keeps the order', async () => {
    await openssl(dir, ['crl2pkcs7', '-nocrl', '-certfile', 'server.crt', '-outform', 'DER', '-out', 'one.p7b']);
    expect((await cli(dir, ['convert', 'one.p7b', '--to', 'pem', '--out', 'one.pem'])).code).toBe(0);
    expect(await readFile(join(dir, 'one.pem'), 'utf8')).toBe(await readFile(join(dir, 'server.crt'), 'utf8'));
  });

  it('one certificate → DER that openssl x509 -inform DER reads; a chain → DER is a usage error', async () => {
    expect((await cli(dir, ['convert', 'server.crt', '--to', 'der', '--out', 'out.der'])).code).toBe(0);
    const printed = await openssl(dir, ['x509', '-inform', 'DER', '-in', 'out.der', '-noout', '-subject']);
    expect(printed.trim()).toBe(`subject=${subjects[0]}`);
    const chain = await cli(dir, ['convert', 'chain.pem', '--to', 'der', '--out', 'chain.der', '--json']);
    expect([chain.code, JSON.parse(chain.stdout).error.code]).toEqual([2, 'ERR_USAGE']);
    await expect(stat(join(dir, 'chain.der'))).rejects.toThrow();
  });

  it('PKCS#12 → PEM: certificates only, with a warning that the key stayed behind', async () => {
    const argv = ['convert', 'bundle.pfx', '--to', 'pem', '--out', 'pfx.pem', '--inpass-file', 'store-pass.txt'];
    const { code, stdout } = await cli(dir, [...argv, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.certificates.map((certificate: { subject: string }) => certificate.subject)).toEqual([
      'CN=pfx.example.com',
      ...[
        'CN=ovoc.example.com',
        'CN=Certwright Test Intermediate CA 2 RSA-2048',
        'CN=Certwright Test Intermediate CA 1 RSA-2048',
      ].map((cn) => `${cn}, O=Certwright Test Vectors`),
    ]);
    expect(json.warnings.map((warning: { code: string }) => warning.code)).toEqual(['WARN_FORMAT_KEYS_NOT_CONVERTED']);
    const written = await readFile(join(dir, 'pfx.pem'), 'utf8');
    expect(written.match(/BEGIN CERTIFICATE/g)).toHaveLength(4);
    expect(written).not.toContain('PRIVATE KEY');
  });

  it('never overwrites without --force, and leaves the file untouched', async () => {
    await writeFile(join(dir, 'taken.pem'), 'keep me\n');
    const refused = await cli(dir, ['convert', 'chain.p7b', '--to', 'pem', '--out', 'taken.pem']);
    expect(refused.code).toBe(2);
    expect(await readFile(join(dir, 'taken.pem'), 'utf8')).toBe('keep me\n');
    expect((await cli(dir, ['convert', 'chain.p7b', '--to', 'pem', '--out', 'taken.pem', '--force'])).code).toBe(0);
    expect((await readFile(join(dir, 'taken.pem'), 'utf8')).match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
  });

  it('inputs without certificates, a wrong store password and garbage exit 3', async () => {
    await writeFile(join(dir, 'junk.bin'), Uint8Array.of(0x30, 0x82, 0xff, 0xff, 1, 2));
    for (const [input, errorCode, extra] of [
      ['req.der', 'ERR_FORMAT_NO_CERTIFICATES', []],
      ['own.key', 'ERR_FORMAT_NO_CERTIFICATES', []],
      ['junk.bin', 'ERR_FORMAT_TRUNCATED', []],
      ['bundle.pfx', 'ERR_FORMAT_PKCS12_BAD_PASSWORD', ['--inpass-file', 'key-pass.txt']],
    ] as const) {
      const result = await cli(dir, ['convert', input, '--to', 'pem', '--out', `${input}.out`, '--json', ...extra]);
      expect([result.code, JSON.parse(result.stdout).error.code]).toEqual([3, errorCode]);
      await expect(stat(join(dir, `${input}.out`))).rejects.toThrow();
    }
  });
});
