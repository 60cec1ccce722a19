import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAINS_DIR, type ChainCase, caseIds, readJson, runOpenssl } from './support.js';

// What `openssl verify` reports for each expected failure (X509_V_ERR_* numbers), so a case
// that fails for some other reason than the one it was made for does not pass.
const OPENSSL_ERROR: Record<string, number> = {
  ERR_CHAIN_BAD_SIGNATURE: 7,
  ERR_CHAIN_NOT_YET_VALID: 9,
  ERR_CHAIN_EXPIRED: 10,
  ERR_CHAIN_UNTRUSTED_ROOT: 19,
  ERR_CHAIN_INTERMEDIATE_MISSING: 20,
  ERR_CHAIN_HOSTNAME_MISMATCH: 62,
};

const ids = await caseIds(CHAINS_DIR);
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'certwright-chain-vectors-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('chain vectors', () => {
  it('has the cases the chain validator needs', () => {
    expect(ids.length).toBeGreaterThanOrEqual(12);
  });

  it.each(ids)('%s: openssl verify agrees with case.json', async (id) => {
    const dir = join(CHAINS_DIR, id);
    const testCase = await readJson<ChainCase>(join(dir, 'case.json'));
    expect(testCase.id).toBe(id);
    const result = await opensslVerify(dir, testCase);
    if (testCase.expected.valid) {
      expect(testCase.expected.code).toBeNull();
      expect(result.output).toContain(': OK');
      expect(result.status).toBe(0);
    } else {
      expect(result.status).not.toBe(0);
      expect(opensslErrorNumber(result.output)).toBe(OPENSSL_ERROR[testCase.expected.code ?? '']);
    }
  });

  it.each(ids)('%s: the directory holds exactly the files case.json names', async (id) => {
    const dir = join(CHAINS_DIR, id);
    const testCase = await readJson<ChainCase>(join(dir, 'case.json'));
    const named = ['case.json', testCase.leaf, ...testCase.trusted, ...testCase.untrusted];
    expect((await readdir(dir)).sort()).toEqual([...new Set(named)].sort());
  });
});

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
  expect(testCase.purpose).toBe('server');
  return runOpenssl([
    'verify',
    '-attime',
    String(epoch),
    '-CAfile',
    await bundle('trusted', testCase.trusted),
    ...untrusted,
    '-verify_hostname',
    testCase.hostname,
    '-purpose',
    'sslserver',
    join(dir, testCase.leaf),
  ]);
}

/** The X509_V_ERR number from `error 10 at 0 depth lookup: …`. */
function opensslErrorNumber(output: string): number | undefined {
  const match = /^error (\d+) at \d+ depth lookup/m.exec(output);
  return match ? Number(match[1]) : undefined;
}
