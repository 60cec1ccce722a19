import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keyMatchesCsr, lintCsr, parseCsr, readPrivateKey, verifyCsr } from '@certwright/core';
import { describe, expect, it } from 'vitest';
import { CSRS_DIR, type CsrCase, caseIds, readJson, runOpenssl } from './support.js';

const ids = await caseIds(CSRS_DIR);

async function loadCase(id: string) {
  const dir = join(CSRS_DIR, id);
  const testCase = await readJson<CsrCase>(join(dir, 'case.json'));
  return { dir, testCase, csrFile: join(dir, testCase.csr) };
}

describe('CSR vectors', () => {
  it('has good, weak, malformed and broken cases', () => {
    expect(ids.length).toBeGreaterThanOrEqual(9);
  });

  it.each(ids)('%s: openssl req -verify agrees with signatureValid', async (id) => {
    const { testCase, csrFile } = await loadCase(id);
    const result = await runOpenssl(['req', '-in', csrFile, '-verify', '-noout']);
    // OpenSSL 3.0 exits 0 even when the signature fails, so its verdict is read from the message.
    const verdict = /self-signature verify (OK|failure)/.exec(result.output)?.[1];
    expect(verdict, result.output).toBe(testCase.expected.signatureValid ? 'OK' : 'failure');
  });

  it.each(ids)("%s: core's verifyCsr agrees with signatureValid", async (id) => {
    const { testCase, csrFile } = await loadCase(id);
    expect(await verifyCsr(await readFile(csrFile))).toBe(testCase.expected.signatureValid);
  });

  it.each(ids)("%s: core's lintCsr returns exactly the expected codes", async (id) => {
    const { testCase, csrFile } = await loadCase(id);
    const codes = lintCsr(await parseCsr(await readFile(csrFile))).map((finding) => finding.code);
    expect(codes.sort()).toEqual([...testCase.expected.lint].sort());
  });

  it.each(ids)('%s: case.json names the key the request was made with', async (id) => {
    const { dir, testCase, csrFile } = await loadCase(id);
    const { key } = await readPrivateKey(await readFile(join(dir, testCase.key)));
    expect(await keyMatchesCsr(key, await readFile(csrFile))).toBe(true);
  });
});
