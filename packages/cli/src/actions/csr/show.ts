import { readCsrFile } from '@certwright/deploy';
import type { CsrShowOptions } from '../../commands/csr/show.js';
import { ExitCode } from '../../exit-codes.js';
import type { Io } from '../../io/io.js';
import type { Outcome, Talk } from '../../render/outcome.js';
import { type CsrReportJson, csrReportJson, csrReportText } from '../shared/csr-report.js';
import { present } from '../../render/present.js';

export type { CsrShowOptions };

/** The CSR as the CA will see it (the --json fields, docs/cli.md). */
export interface CsrShowResult {
  file: string;
  csr: CsrReportJson;
}

/** Shows a CSR as the CA will see it; a CSR whose signature does not verify is refused (exit 3). */
export async function csrShow(options: CsrShowOptions, io: Io, talk: Talk): Promise<Outcome<CsrShowResult>> {
  const shown = await readCsrFile({ cwd: io.cwd, csr: options.csr });
  return talk.outcome(ExitCode.ok, { file: shown.file, csr: csrReportJson(shown.csr, shown.findings) });
}

/** The report the security officer checks before sending the CSR, with its PEM. */
export function csrShowText(result: CsrShowResult): string {
  return csrReportText(result.file, result.csr, { includePem: true });
}

/** The command's handler: the work, then its rendering. */
export const csrShowHandler = present(csrShow, csrShowText);
