import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOcspResponse } from '@certwright/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestKeys } from '../generate/keys.js';
import { type OcspCase, type OpensslOcspVerdict, opensslOcspVerdict, writeOcspCases } from '../generate/ocsp.js';
import { caseIds, KEYS_DIR, readJson, VECTORS } from './support.js';

// The OCSP vectors (ocsp/<id>/): each response was made by `openssl ocsp` with a faked clock, and
// `openssl ocsp -respin` under the same fake clock at the validation time must still give the
// verdict recorded in case.json; the expected status must be the one that verdict means.
const OCSP_DIR = join(VECTORS, 'ocsp');
const ids = await caseIds(OCSP_DIR);
const cases = await Promise.all(ids.map((id) => readJson<OcspCase>(join(OCSP_DIR, id, 'case.json'))));

// What each OpenSSL verdict means for the status core reports.
const STATUS_OF: Record<OpensslOcspVerdict, OcspCase['expected']['status']> = {
  good: 'good',
  revoked: 'revoked',
  unknown: 'unknown',
  'verify-failure': 'unusable',
  'times-invalid': 'unusable',
  'no-status': 'unusable',
};

let regenerated: string;

beforeAll(async () => {
  regenerated = await mkdtemp(join(tmpdir(), 'certwright-ocsp-vectors-'));
  await cp(KEYS_DIR, join(regenerated, 'keys'), { recursive: true });
  await writeOcspCases(join(regenerated, 'ocsp'), await ensureTestKeys(join(regenerated, 'keys'), false));
});
afterAll(async () => {
  await rm(regenerated, { recursive: true, force: true });
});

describe('OCSP vectors', () => {
  it('cover every verdict openssl ocsp gives, and delegated responders', () => {
    const kinds = ['good', 'revoked', 'unknown', 'verify-failure', 'times-invalid', 'no-status'];
    expect(new Set(cases.map((testcase) => testcase.openssl))).toEqual(new Set(kinds));
    expect(cases.filter((testcase) => testcase.untrusted.length > 0).length).toBeGreaterThanOrEqual(3);
  });

  it.each(cases.map((testcase) => [testcase.id, testcase] as const))(
    '%s: openssl ocsp gives the recorded verdict, and the expected status matches it',
    async (id, testcase) => {
      const verdict = await opensslOcspVerdict(join(OCSP_DIR, id), testcase.validationTime);
      expect(verdict).toBe(testcase.openssl);
      expect(testcase.expected.status).toBe(STATUS_OF[verdict]);
      expect(testcase.expected.code === null).toBe(testcase.expected.status === 'good');
    },
  );

  it.each(cases.map((testcase) => [testcase.id, testcase] as const))(
    '%s: core checkOcspResponse gives the expected status and code',
    async (id, testcase) => {
      const read = (file: string) => readFile(join(OCSP_DIR, id, file));
      const check = checkOcspResponse({
        response: new Uint8Array(await read(testcase.response)),
        certificate: await read(testcase.certificate),
        issuer: await read(testcase.issuer),
        at: new Date(testcase.validationTime),
      });
      expect(check.status).toBe(testcase.expected.status);
      expect(check.problem?.code ?? null).toBe(testcase.expected.code);
    },
  );

  it.each(ids)('%s: the generator reproduces every file byte for byte', async (id) => {
    const files = (await readdir(join(OCSP_DIR, id))).sort();
    expect((await readdir(join(regenerated, 'ocsp', id))).sort()).toEqual(files);
    for (const file of files) {
      const [fresh, kept] = await Promise.all([
        readFile(join(regenerated, 'ocsp', id, file)),
        readFile(join(OCSP_DIR, id, file)),
      ]);
      expect(fresh.equals(kept), file).toBe(true);
    }
  });
});
