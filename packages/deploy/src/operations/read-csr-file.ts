import { assertCsrSignature, lintCsr, parseCsr } from '@certwright/core';
import { readUserFile } from '../files/read.js';
import type { CsrFileResult } from './create-csr-file.js';

/**
 * Workflow step 3: a CSR as the CA will see it, its signature checked and linted. A CSR whose
 * signature does not verify was altered or corrupted and must not go to the CA.
 *
 * @throws CsrError ERR_CSR_BAD_SIGNATURE, or the parse errors of an unreadable CSR
 */
export async function readCsrFile(options: { cwd: string; csr: string }): Promise<CsrFileResult> {
  const csr = await parseCsr(await readUserFile(options.cwd, options.csr), { source: options.csr });
  await assertCsrSignature(csr, { source: options.csr });
  return { file: options.csr, csr, findings: lintCsr(csr) };
}
