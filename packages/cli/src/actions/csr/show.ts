import { assertCsrSignature, lintCsr, parseCsr } from '@certwright/core';
import { ExitCode } from '../../exit-codes.js';
import { readUserFile } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { Output } from '../../io/output.js';
import { csrReport, csrReportJson } from '../shared/csr-report.js';

export interface CsrShowOptions {
  csr: string;
  json: boolean;
}

/** Shows a CSR as the CA will see it; a CSR whose signature does not verify is refused (exit 3). */
export async function csrShow(options: CsrShowOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  const csr = await parseCsr(await readUserFile(io.cwd, options.csr), { source: options.csr });
  await assertCsrSignature(csr, { source: options.csr });
  const findings = lintCsr(csr);
  output.result(
    { file: options.csr, csr: csrReportJson(csr, findings) },
    csrReport(options.csr, csr, findings, { includePem: true }),
  );
  return ExitCode.ok;
}
