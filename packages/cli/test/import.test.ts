import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, openssl, tempDir } from './helpers.js';

const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const rsa = join(vectors, 'chains', 'rsa-two-intermediates');
const rsaOne = join(vectors, 'chains', 'rsa-one-intermediate');
const AT = ['--at', '2030-06-01T00:00:00Z'];

/** A minimal `openssl ca` configuration that self-signs a root; the policy's field order is the name's order. */
const REISSUE_CONFIG = `[ ca ]
default_ca = lab
[ lab ]
database = index.txt
new_certs_dir = .
serial = serial.txt
default_md = sha256
policy = anything
unique_subject = no
x509_extensions = root_ext
[ anything ]
organizationName = supplied
commonName = supplied
[ root_ext ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
`;

async function read(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

/** openssl's view of who issued whom: `issued(dir, 'ca1.crt', 'root.crt')` holds when root.crt signed ca1.crt. */
async function assertIssuedBy(dir: string, certificate: string, issuer: string): Promise<void> {
  const [subjectIssuer, issuerSubject] = await Promise.all([
    openssl(dir, ['x509', '-in', certificate, '-noout', '-issuer', '-nameopt', 'RFC2253']),
    openssl(dir, ['x509', '-in', issuer, '-noout', '-subject', '-nameopt', 'RFC2253']),
  ]);
  expect(subjectIssuer.replace(/^issuer=/, '').trim()).toBe(issuerSubject.replace(/^subject=/, '').trim());
  // The issuer's key verifies the signature (partial chain: the issuer is trusted for this check only).
  await openssl(dir, ['verify', '-partial_chain', '-no_check_time', '-CAfile', issuer, certificate]);
}

describe('certwright import', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    // A CA's reply as it often comes: one bundle, leaf first, a duplicate, plus an unrelated root.
    const bundle = [
      await read(join(rsa, 'server.crt')),
      await read(join(rsa, 'ca1.crt')),
      'Some text the CA put around the PEM blocks\r\n',
      await read(join(rsa, 'root.crt')),
      await read(join(rsa, 'ca2.crt')),
      await read(join(rsa, 'ca1.crt')),
    ].join('');
    await writeFile(join(dir, 'reply.pem'), bundle);
    await openssl(dir, [
      'crl2pkcs7',
      '-nocrl',
      '-certfile',
      join(rsa, 'ca2.crt'),
      '-certfile',
      join(rsa, 'server.crt'),
      '-certfile',
      join(rsa, 'ca1.crt'),
      '-outform',
      'DER',
      '-out',
      'reply.p7b',
    ]);
    await openssl(dir, ['x509', '-in', join(rsa, 'root.crt'), '-outform', 'DER', '-out', 'root.cer']);
    await openssl(dir, [
      'pkcs12',
      '-export',
      '-nokeys',
      '-in',
      'reply.pem',
      '-out',
      'reply.pfx',
      '-passout',
      'pass:pfx-pass',
    ]);
    await writeFile(join(dir, 'pfx-pass.txt'), 'pfx-pass\n');
  });
  afterAll(() => cleanup());

  it('turns a mixed PEM bundle into root → ca1 → ca2 → server, as openssl confirms', async () => {
    const result = await cli(dir, [
      'import',
      'reply.pem',
      join(rsaOne, 'root.crt'),
      '--out-dir',
      'set-pem',
      ...AT,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.files.map((file: { file: string }) => file.file)).toEqual([
      'root.crt',
      'ca1.crt',
      'ca2.crt',
      'server.crt',
    ]);
    expect(report.files[3].from).toBe('reply.pem #1');
    expect(report.warnings.map((warning: { code: string }) => warning.code)).toContain('WARN_IMPORT_IGNORED');
    const set = join(dir, 'set-pem');
    expect((await readdir(set)).sort()).toEqual(['ca1.crt', 'ca2.crt', 'root.crt', 'server.crt']);
    await assertIssuedBy(set, 'ca1.crt', 'root.crt');
    await assertIssuedBy(set, 'ca2.crt', 'ca1.crt');
    await assertIssuedBy(set, 'server.crt', 'ca2.crt');
    for (const name of ['root.crt', 'ca1.crt', 'ca2.crt', 'server.crt']) {
      expect(await read(join(set, name))).toMatch(
        /^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/,
      );
    }
  });

  it('reads a DER PKCS#7 and a DER root, and checks the key matches', async () => {
    const result = await cli(dir, [
      'import',
      'reply.p7b',
      'root.cer',
      '--out-dir',
      'set-p7b',
      '--key',
      join(vectors, 'keys', 'test-rsa-2048.key'),
      ...AT,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/server\.crt\s+← reply\.p7b #2/);
    expect(result.stdout).toMatch(/test-rsa-2048\.key matches server\.crt/);
    await assertIssuedBy(join(dir, 'set-p7b'), 'server.crt', 'ca2.crt');
  });

  it('opens a PKCS#12 with --storepass-file', async () => {
    const result = await cli(dir, [
      'import',
      'reply.pfx',
      '--storepass-file',
      'pfx-pass.txt',
      '--out-dir',
      'set-pfx',
      ...AT,
    ]);
    expect(result.code, result.stderr).toBe(0);
    await assertIssuedBy(join(dir, 'set-pfx'), 'ca1.crt', 'root.crt');
  });

  it('a key that matches no certificate: exit 1, nothing written', async () => {
    const result = await cli(dir, [
      'import',
      'reply.pem',
      '--out-dir',
      'set-mismatch',
      '--key',
      join(vectors, 'keys', 'test-ec-p256.key'),
      ...AT,
      '--json',
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_KEY_MISMATCH');
    await expect(readdir(join(dir, 'set-mismatch'))).rejects.toThrow();
  });

  it('no root among the inputs: exit 3, ERR_SERVER_SET_NO_ROOT', async () => {
    const result = await cli(dir, ['import', 'reply.p7b', '--out-dir', 'set-noroot', ...AT, '--json']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_SERVER_SET_NO_ROOT');
  });

  it('two server certificates and no key: exit 3, ERR_SERVER_SET_AMBIGUOUS_LEAF', async () => {
    const result = await cli(dir, [
      'import',
      'reply.pem',
      join(rsaOne, 'server.crt'),
      '--out-dir',
      'set-twoleaves',
      ...AT,
      '--json',
    ]);
    expect(result.code).toBe(3);
    const error = JSON.parse(result.stdout).error;
    expect(error.code).toBe('ERR_SERVER_SET_AMBIGUOUS_LEAF');
    // Each candidate is named by where it came from.
    expect(error.message).toContain('reply.pem #1 (CN=ovoc.example.com');
    expect(error.message).toContain(`${join(rsaOne, 'server.crt')} (CN=`);
  });

  it('two server certificates for the same key (a renewal) with --key: exit 3, asking for the one to install', async () => {
    // The same CSR signed again by ca2: another serial, the same key.
    const keys = join(vectors, 'keys');
    const csr = ['req', '-new', '-key', join(keys, 'test-rsa-2048.key'), '-subj', '/CN=ovoc.example.com'];
    await openssl(dir, [...csr, '-out', 'renewal.csr']);
    await openssl(dir, [
      'x509',
      '-req',
      '-in',
      'renewal.csr',
      '-CA',
      join(rsa, 'ca2.crt'),
      '-CAkey',
      join(keys, 'test-rsa-2048-ca2.key'),
      '-set_serial',
      '4711',
      '-days',
      '30',
      '-out',
      'renewal.crt',
    ]);
    const argv = ['import', 'reply.pem', 'renewal.crt', '--out-dir', 'set-renewal', '--key'];
    const result = await cli(dir, [...argv, join(keys, 'test-rsa-2048.key'), ...AT, '--json']);
    expect(result.code, result.stdout).toBe(3);
    const error = JSON.parse(result.stdout).error;
    expect(error.code).toBe('ERR_SERVER_SET_AMBIGUOUS_LEAF');
    expect(error.message).toContain('renewal.crt (CN=ovoc.example.com), valid to ');
    expect(error.message).toMatch(/they share the key \(a renewal\?\): give only the certificate to install$/);
    await expect(readdir(join(dir, 'set-renewal'))).rejects.toThrow();
  });

  it('an intermediate that is really an end-entity certificate: exit 1, ERR_CHAIN_NOT_CA naming its file', async () => {
    const notCa = join(vectors, 'chains', 'issuer-not-ca');
    const files = ['server.crt', 'ca1.crt', 'ca2.crt', 'root.crt'].map((name) => join(notCa, name));
    const result = await cli(dir, ['import', ...files, '--out-dir', 'set-not-ca', ...AT, '--json']);
    expect(result.code, result.stdout).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.problems).toEqual([
      expect.objectContaining({ code: 'ERR_CHAIN_NOT_CA', from: join(notCa, 'ca2.crt') }),
    ]);
    expect(report.files.find((file: { file: string }) => file.file === 'server.crt').from).toBe(
      join(notCa, 'server.crt'),
    );
    await expect(readdir(join(dir, 'set-not-ca'))).rejects.toThrow();
  });

  it('a missing intermediate: exit 1, the problem names the certificate whose issuer is missing, the root stays the root', async () => {
    const files = ['server.crt', 'ca2.crt', 'root.crt'].map((name) => join(rsa, name));
    const result = await cli(dir, ['import', ...files, '--out-dir', 'set-gap', ...AT, '--json']);
    expect(result.code, result.stdout).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.problems).toEqual([
      expect.objectContaining({ code: 'ERR_CHAIN_INTERMEDIATE_MISSING', from: join(rsa, 'ca2.crt') }),
    ]);
    expect(report.problems[0].message).toContain('"Certwright Test Intermediate CA 1 RSA-2048"');
    expect(report.files.find((file: { file: string }) => file.file === 'root.crt').from).toBe(join(rsa, 'root.crt'));
    await expect(readdir(join(dir, 'set-gap'))).rejects.toThrow();
  });

  it('two roots that both anchor the chain (a re-issued root, same name and key): exit 3, ERR_SERVER_SET_AMBIGUOUS_ROOT', async () => {
    // The re-issued root: same subject and key as root.crt, another serial, fixed dates (openssl ca,
    // since OpenSSL 3.0's req and x509 take only -days).
    await writeFile(join(dir, 'index.txt'), '');
    await writeFile(join(dir, 'serial.txt'), '4242\n');
    await writeFile(join(dir, 'ca.cnf'), REISSUE_CONFIG);
    const rootKey = join(vectors, 'keys', 'test-rsa-2048-root.key');
    const subject = '/O=Certwright Test Vectors/CN=Certwright Test Root CA RSA-2048';
    await openssl(dir, ['req', '-new', '-key', rootKey, '-subj', subject, '-out', 'root-reissued.csr']);
    await openssl(dir, [
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-selfsign',
      '-keyfile',
      rootKey,
      '-in',
      'root-reissued.csr',
      '-startdate',
      '20240101000000Z',
      '-enddate',
      '20440101000000Z',
      '-out',
      'root-reissued.crt',
    ]);
    const result = await cli(dir, [
      'import',
      'reply.pem',
      'root-reissued.crt',
      '--out-dir',
      'set-tworoots',
      ...AT,
      '--json',
    ]);
    expect(result.code, result.stdout).toBe(3);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_SERVER_SET_AMBIGUOUS_ROOT');
    await expect(readdir(join(dir, 'set-tworoots'))).rejects.toThrow();
  });

  it('a chain that does not validate (expired leaf): exit 1 with the problem, nothing written', async () => {
    const expired = join(vectors, 'chains', 'leaf-expired');
    const files = ['server.crt', 'ca1.crt', 'ca2.crt', 'root.crt'].map((name) => join(expired, name));
    const result = await cli(dir, ['import', ...files, '--out-dir', 'set-expired', ...AT, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.valid).toBe(false);
    expect(report.problems.map((problem: { code: string }) => problem.code)).toContain('ERR_CHAIN_EXPIRED');
    await expect(readdir(join(dir, 'set-expired'))).rejects.toThrow();
  });

  it('replaces an existing set only with --force, and drops a ca2.crt the new chain lacks', async () => {
    const before = await read(join(dir, 'set-pem', 'server.crt'));
    const refused = await cli(dir, [
      'import',
      join(rsaOne, 'server.crt'),
      join(rsaOne, 'ca1.crt'),
      join(rsaOne, 'root.crt'),
      '--out-dir',
      'set-pem',
      ...AT,
    ]);
    expect(refused.code).toBe(2);
    expect(await read(join(dir, 'set-pem', 'server.crt'))).toBe(before);
    const forced = await cli(dir, [
      'import',
      join(rsaOne, 'server.crt'),
      join(rsaOne, 'ca1.crt'),
      join(rsaOne, 'root.crt'),
      '--out-dir',
      'set-pem',
      '--force',
      ...AT,
    ]);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await readdir(join(dir, 'set-pem'))).sort()).toEqual(['ca1.crt', 'root.crt', 'server.crt']);
    await assertIssuedBy(join(dir, 'set-pem'), 'server.crt', 'ca1.crt');
  });
});
