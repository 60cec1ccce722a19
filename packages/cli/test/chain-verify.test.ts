import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, execFileAsync, openssl, tempDir } from './helpers.js';

const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const chains = join(vectors, 'chains');
/** Cases that need inputs beyond --cert/--root/--untrusted/--at/--purpose/--host. */
const chainsWithOptions = join(vectors, 'chains-options');

interface ChainCase {
  id: string;
  trusted: string[];
  untrusted: string[];
  leaf: string;
  validationTime: string;
  purpose: string;
  hostname?: string;
  ip?: string;
  email?: string;
  crls?: string[];
  profile?: string;
  allowWeak?: boolean;
  maxDepth?: number;
  maxCandidates?: number;
  policy?: unknown;
  expected: { valid: boolean; code: string | null; throws?: boolean };
}

interface LocatedCase extends ChainCase {
  dir: string;
}

const cases: LocatedCase[] = [chains, chainsWithOptions].flatMap((root) =>
  readdirSync(root).map((name) => ({
    ...(JSON.parse(readFileSync(join(root, name, 'case.json'), 'utf8')) as ChainCase),
    dir: join(root, name),
  })),
);

/** Inputs `chain verify` has no flag for (the library takes them): such cases are checked in test-vectors only. */
function cliCannotExpress(testCase: ChainCase): boolean {
  return testCase.maxCandidates !== undefined || testCase.policy !== undefined;
}
const cliCases = cases.filter((testCase) => !cliCannotExpress(testCase));

function argvFor(testCase: ChainCase): string[] {
  return [
    'chain',
    'verify',
    '--cert',
    testCase.leaf,
    ...testCase.trusted.flatMap((file) => ['--root', file]),
    ...testCase.untrusted.flatMap((file) => ['--untrusted', file]),
    '--at',
    testCase.validationTime,
    '--purpose',
    testCase.purpose,
    ...(testCase.hostname ? ['--host', testCase.hostname] : []),
    ...(testCase.ip ? ['--ip', testCase.ip] : []),
    ...(testCase.email ? ['--email', testCase.email] : []),
    ...(testCase.crls ?? []).flatMap((file) => ['--crl', file]),
    ...(testCase.profile ? ['--profile', testCase.profile] : []),
    ...(testCase.allowWeak ? ['--allow-weak'] : []),
    ...(testCase.maxDepth !== undefined ? ['--max-depth', String(testCase.maxDepth)] : []),
    '--json',
  ];
}

describe('certwright chain verify on the test-vector chains', () => {
  it('has cases to run, and leaves out only those needing library-only inputs', () => {
    expect(cliCases.length).toBeGreaterThanOrEqual(10);
    expect(cases.length - cliCases.length).toBeLessThanOrEqual(3);
  });

  it.each(cliCases.map((testCase) => [testCase.id, testCase] as const))('%s', async (_id, testCase) => {
    const result = await cli(testCase.dir, argvFor(testCase));
    if (testCase.expected.throws) {
      // An unreadable certificate is unreadable input, not a failed check; the CLI's reader may
      // name the format problem (e.g. ERR_FORMAT_TRUNCATED) before the validator sees the bytes.
      expect(result.code).toBe(3);
      expect(JSON.parse(result.stdout).error.code).toMatch(new RegExp(`^(${testCase.expected.code}|ERR_FORMAT_\\w+)$`));
      return;
    }
    const report = JSON.parse(result.stdout);
    expect(report.valid).toBe(testCase.expected.valid);
    expect(result.code).toBe(testCase.expected.valid ? 0 : 1);
    if (testCase.expected.code) {
      expect(report.problems.map((problem: { code: string }) => problem.code)).toContain(testCase.expected.code);
    } else {
      expect(report.problems).toEqual([]);
      expect(testCase.trusted).toContain(report.path.at(-1).file);
    }
  });
});

describe('certwright chain verify inputs', () => {
  const good = join(chains, 'rsa-two-intermediates');
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    // The intermediates as one PKCS#7 bundle and the root as DER: any format, several per file.
    await openssl(dir, [
      'crl2pkcs7',
      '-nocrl',
      '-certfile',
      join(good, 'ca1.crt'),
      '-certfile',
      join(good, 'ca2.crt'),
      '-outform',
      'DER',
      '-out',
      'intermediates.p7b',
    ]);
    await openssl(dir, ['x509', '-in', join(good, 'root.crt'), '-outform', 'DER', '-out', 'root.der']);
  });
  afterAll(() => cleanup());

  it('takes roots and intermediates in any format, several per file', async () => {
    const result = await cli(dir, [
      'chain',
      'verify',
      '--cert',
      join(good, 'server.crt'),
      '--root',
      'root.der',
      '--untrusted',
      'intermediates.p7b',
      '--at',
      '2030-06-01',
      '--host',
      'ovoc.example.com',
    ]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/VALID — a path of 4/);
    expect(result.stdout).toMatch(/root\.der \(trust anchor\)/);
  });

  it('reads a Java trust store (keytool wrote it) and a PKCS#12 with --storepass-*, asked for once', async () => {
    await writeFile(join(dir, 'store-pass.txt'), 'store-pass-1\n');
    await execFileAsync(
      'keytool',
      ['-importcert', '-noprompt', '-alias', 'root', '-file', join(good, 'root.crt'), '-keystore', 'roots.jks'].concat([
        '-storetype',
        'JKS',
        '-storepass',
        'store-pass-1',
      ]),
      { cwd: dir },
    );
    const ca1 = join(good, 'ca1.crt');
    await openssl(dir, [
      'pkcs12',
      '-export',
      '-nokeys',
      '-in',
      ca1,
      '-out',
      'ca1.p12',
      '-passout',
      'pass:store-pass-1',
    ]);
    const argv = ['chain', 'verify', '--cert', join(good, 'server.crt'), '--root', 'roots.jks'];
    const more = ['--untrusted', join(good, 'ca2.crt'), '--untrusted', 'ca1.p12', '--at', '2030-06-01'];
    const result = await cli(dir, [...argv, ...more, '--storepass-file', 'store-pass.txt']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/roots\.jks \(trust anchor\)/);
    const noPassword = await cli(dir, [...argv, ...more, '--json']);
    expect([noPassword.code, JSON.parse(noPassword.stdout).error.code]).toEqual([2, 'ERR_SECRET_UNAVAILABLE']);
  });

  it('a bad --at is a usage error (exit 2)', async () => {
    const result = await cli(good, [
      'chain',
      'verify',
      '--cert',
      'server.crt',
      '--root',
      'root.crt',
      '--at',
      'yesterday',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--at "yesterday"/);
  });

  it('--host and --ip together are a usage error (exit 2)', async () => {
    const result = await cli(good, [
      'chain',
      'verify',
      '--cert',
      'server.crt',
      '--root',
      'root.crt',
      '--host',
      'a.example.com',
      '--ip',
      '10.0.0.1',
    ]);
    expect(result.code).toBe(2);
  });

  it('an unreadable input is exit 3 naming the file', async () => {
    const result = await cli(good, ['chain', 'verify', '--cert', 'server.crt', '--root', 'case.json', '--json']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error.code).toMatch(/^ERR_FORMAT_/);
    expect(result.stderr).toMatch(/case\.json/);
  });
});
