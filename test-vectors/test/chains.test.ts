import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainError, validateChain } from '@certwright/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAINS_DIR, CHAINS_OPTIONS_DIR, type ChainCase, caseIds, readJson, runOpenssl, VECTORS } from './support.js';

// What `openssl verify` reports for each expected failure (X509_V_ERR_* numbers), so a case
// that fails for some other reason than the one it was made for does not pass. OpenSSL may print
// several errors; the one named here must be among them. null: openssl cannot even load the leaf.
interface OcspCaseCode {
  expected: { code: string | null };
}

const OPENSSL_ERROR: Record<string, number | null> = {
  ERR_CHAIN_CRL_MISSING: 3, // unable to get certificate CRL
  ERR_CHAIN_BAD_SIGNATURE: 7,
  ERR_CHAIN_NOT_YET_VALID: 9,
  ERR_CHAIN_EXPIRED: 10,
  ERR_CHAIN_ANCHOR_EXPIRED: 10, // the root in -CAfile has expired
  ERR_CHAIN_CRL_INVALID: 12, // CRL has expired
  ERR_CHAIN_UNTRUSTED_ROOT: 19,
  // 20 also for an unknown signature algorithm: OpenSSL cannot verify it, so finds no issuer.
  ERR_CHAIN_INTERMEDIATE_MISSING: 20,
  ERR_CHAIN_UNSUPPORTED_ALGORITHM: 20,
  ERR_CHAIN_MAX_DEPTH: 22, // certificate chain too long
  ERR_CHAIN_REVOKED: 23,
  ERR_CHAIN_PATH_LENGTH_EXCEEDED: 25,
  ERR_CHAIN_EXTENDED_KEY_USAGE: 26, // unsuitable certificate purpose
  ERR_CHAIN_KEY_USAGE: 32, // key usage does not include certificate signing
  // OpenSSL does not process a critical authorityKeyIdentifier: "unhandled critical extension".
  ERR_CHAIN_INVALID_EXTENSION: 34,
  ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION: 34,
  ERR_CHAIN_POLICY: 43, // no explicit policy
  ERR_CHAIN_NAME_CONSTRAINTS: 47, // permitted subtree violation
  ERR_CHAIN_HOSTNAME_MISMATCH: 62,
  ERR_CHAIN_EMAIL_MISMATCH: 63,
  ERR_CHAIN_IP_MISMATCH: 64,
  ERR_CHAIN_WEAK_KEY: 66, // EE certificate key too weak (-auth_level 2)
  ERR_CHAIN_WEAK_HASH: 68, // CA signature digest algorithm too weak
  ERR_CHAIN_NOT_CA: 79, // invalid CA certificate
  ERR_CHAIN_MALFORMED: null,
};

// chains/ and chains-options/ (cases needing inputs the CLI's chain-verify test does not map yet):
// the same layout, every case checked the same way. Labels are `chains/<id>` or `chains-options/<id>`.
const locations = [
  ...(await caseIds(CHAINS_DIR)).map((id) => ({ label: `chains/${id}`, id, dir: join(CHAINS_DIR, id) })),
  ...(await caseIds(CHAINS_OPTIONS_DIR)).map((id) => ({
    label: `chains-options/${id}`,
    id,
    dir: join(CHAINS_OPTIONS_DIR, id),
  })),
];
const ids = locations.map((location) => [location.label, location] as const);
const cases = await Promise.all(locations.map((location) => readJson<ChainCase>(join(location.dir, 'case.json'))));
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'certwright-chain-vectors-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('chain vectors', () => {
  it('has the cases the chain validator needs', () => {
    expect(ids.length).toBeGreaterThanOrEqual(35);
  });

  it('every ERR_CHAIN_* code in docs/errors.md "Chain validation" has a case expecting it (chains/, chains-options/ or ocsp/)', async () => {
    const docs = await readFile(join(VECTORS, '..', 'docs', 'errors.md'), 'utf8');
    const section = /^## Chain validation\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(docs)?.[1] ?? '';
    const documented = new Set(section.match(/\bERR_CHAIN_[A-Z_]+/g) ?? []);
    expect(documented.size).toBeGreaterThanOrEqual(24);
    // OCSP vectors (ocsp/) count too: their codes come from core's OCSP checker.
    const ocspDir = join(VECTORS, 'ocsp');
    const ocspCodes = await Promise.all(
      (await caseIds(ocspDir)).map(
        async (id) => (await readJson<OcspCaseCode>(join(ocspDir, id, 'case.json'))).expected.code,
      ),
    );
    const covered = new Set([...cases.map((testCase) => testCase.expected.code), ...ocspCodes]);
    expect([...documented].filter((code) => !covered.has(code)).sort()).toEqual([]);
  });

  it('knows what openssl reports for every expected code', () => {
    for (const testCase of cases) {
      if (testCase.expected.code === null || testCase.opensslAgrees === false) continue;
      expect(OPENSSL_ERROR, testCase.id).toHaveProperty(testCase.expected.code);
    }
  });

  it('case ids are unique across chains/ and chains-options/', () => {
    expect(new Set(locations.map((location) => location.id)).size).toBe(locations.length);
  });

  it('chains/ holds only cases the CLI chain-verify test can run (other inputs go to chains-options/)', () => {
    const optionFields = ['ip', 'email', 'crls', 'profile', 'allowWeak', 'maxDepth', 'maxCandidates', 'policy'];
    locations.forEach((location, index) => {
      const testCase = cases[index] as ChainCase;
      const needsOptions = optionFields.some((field) => field in testCase) || testCase.expected.throws === true;
      expect(needsOptions, location.label).toBe(location.label.startsWith('chains-options/'));
    });
  });

  it.each(ids)('%s: core validateChain gives the expected verdict and code', async (_label, { id, dir }) => {
    const testCase = await readJson<ChainCase>(join(dir, 'case.json'));
    expect(testCase.id).toBe(id);
    const read = (file: string) => readFile(join(dir, file), 'utf8');
    const options = {
      leaf: await read(testCase.leaf),
      intermediates: await Promise.all(testCase.untrusted.map(read)),
      trustAnchors: await Promise.all(testCase.trusted.map(read)),
      at: new Date(testCase.validationTime),
      purpose: testCase.purpose,
      hostname: testCase.hostname,
      ip: testCase.ip,
      email: testCase.email,
      crls: testCase.crls === undefined ? undefined : await Promise.all(testCase.crls.map(read)),
      profile: testCase.profile,
      allowWeak: testCase.allowWeak,
      maxDepth: testCase.maxDepth,
      maxCandidates: testCase.maxCandidates,
      policy: testCase.policy,
    };
    if (testCase.expected.throws) {
      expect(testCase.expected.valid).toBe(false);
      let thrown: unknown;
      try {
        validateChain(options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ChainError);
      expect((thrown as ChainError).code).toBe(testCase.expected.code);
      return;
    }
    const result = validateChain(options);
    const codes = result.problems.map((problem) => problem.code);
    expect(result.valid, codes.join(', ')).toBe(testCase.expected.valid);
    if (testCase.expected.code === null) {
      expect(codes).toEqual([]);
      expect(result.path).toHaveLength(testCase.untrusted.length + 2);
    } else {
      expect(codes).toContain(testCase.expected.code);
    }
  });

  it.each(ids)('%s: openssl verify agrees with case.json (or opensslNote says why not)', async (_label, { dir }) => {
    const testCase = await readJson<ChainCase>(join(dir, 'case.json'));
    const result = await opensslVerify(dir, testCase);
    const opensslValid = result.status === 0 && result.output.includes(': OK');
    if (testCase.opensslAgrees === false) {
      // The list of checks OpenSSL lacks stays honest: once openssl agrees, the flag must go.
      expect(testCase.opensslNote ?? '').not.toBe('');
      expect(opensslValid, result.output).toBe(!testCase.expected.valid);
      return;
    }
    expect(testCase.opensslNote).toBeUndefined();
    if (testCase.expected.valid) {
      expect(testCase.expected.code).toBeNull();
      expect(result.output).toContain(': OK');
      expect(result.status).toBe(0);
      return;
    }
    expect(result.status, result.output).not.toBe(0);
    const wanted = OPENSSL_ERROR[testCase.expected.code ?? ''];
    if (wanted === null) expect(result.output).toMatch(/Could not read certificate|unable to load certificate/i);
    else expect(opensslErrorNumbers(result.output), result.output).toContain(wanted);
  });

  it.each(ids)('%s: the directory holds exactly the files case.json names', async (_label, { dir }) => {
    const testCase = await readJson<ChainCase>(join(dir, 'case.json'));
    const named = ['case.json', testCase.leaf, ...testCase.trusted, ...testCase.untrusted, ...(testCase.crls ?? [])];
    expect((await readdir(dir)).sort()).toEqual([...new Set(named)].sort());
  });
});

/**
 * `openssl verify` with the case's inputs: -attime, -purpose, -verify_hostname/-verify_ip/-verify_email,
 * -verify_depth (maxDepth: intermediates, as in core), -explicit_policy/-policy, -crl_check_all with
 * the CRLs, -x509_strict (RFC 5280 profile checks, as core applies), and -auth_level 2 (112-bit
 * security: no RSA below 2048, no SHA-1; core's rule) or 0 with allowWeak.
 */
async function opensslVerify(dir: string, testCase: ChainCase) {
  const bundle = async (name: string, files: string[]) => {
    const path = join(work, `${testCase.id}-${name}.pem`);
    const pems = await Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')));
    await writeFile(path, pems.join(''));
    return path;
  };
  const epoch = Date.parse(testCase.validationTime) / 1000;
  expect(Number.isInteger(epoch)).toBe(true);
  const untrusted = testCase.untrusted.length > 0 ? ['-untrusted', await bundle('untrusted', testCase.untrusted)] : [];
  const purpose = { server: ['-purpose', 'sslserver'], client: ['-purpose', 'sslclient'], any: [] }[testCase.purpose];
  const crls = testCase.crls === undefined ? [] : ['-crl_check_all', '-CRLfile', await bundle('crls', testCase.crls)];
  const policy = testCase.policy ?? {};
  return runOpenssl([
    'verify',
    '-attime',
    String(epoch),
    '-x509_strict',
    '-auth_level',
    testCase.allowWeak ? '0' : '2',
    '-CAfile',
    await bundle('trusted', testCase.trusted),
    ...untrusted,
    ...purpose,
    ...(testCase.hostname === undefined ? [] : ['-verify_hostname', testCase.hostname]),
    ...(testCase.ip === undefined ? [] : ['-verify_ip', testCase.ip]),
    ...(testCase.email === undefined ? [] : ['-verify_email', testCase.email]),
    ...(testCase.maxDepth === undefined ? [] : ['-verify_depth', String(testCase.maxDepth)]),
    ...(policy.explicitPolicy ? ['-explicit_policy'] : []),
    ...(policy.initialPolicySet ?? []).flatMap((oid) => ['-policy', oid]),
    ...crls,
    join(dir, testCase.leaf),
  ]);
}

/** Every X509_V_ERR number in `error 10 at 0 depth lookup: …` lines. */
function opensslErrorNumbers(output: string): number[] {
  return [...output.matchAll(/^error (\d+) at \d+ depth lookup/gm)].map((match) => Number(match[1]));
}
