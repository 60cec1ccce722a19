import { createCsrFile } from '@certwright/deploy';
import { type ExtendedKeyUsageName, type KeyUsageName, parseSubjectAltName } from '@certwright/core';
import type { CsrCreateOptions } from '../../commands/csr/create.js';
import { ExitCode } from '../../exit-codes.js';
import type { Io } from '../../io/io.js';
import { hasSecretSource, readSecret } from '../../io/secrets.js';
import type { Outcome, Talk } from '../../render/outcome.js';
import { type CsrReportJson, csrReportJson, csrReportText } from '../shared/csr-report.js';
import { passphraseSource } from '../shared/key-passphrase.js';
import { present } from '../../render/present.js';

export type { CsrCreateOptions };

/** The CSR written (its --json fields, docs/cli.md). */
export interface CsrCreateResult {
  file: string;
  csr: CsrReportJson;
}

/** Creates a CSR from a key and subject details, lints it and writes it. */
export async function csrCreate(options: CsrCreateOptions, io: Io, talk: Talk): Promise<Outcome<CsrCreateResult>> {
  const { cn, o, ou, l, st, c, email } = options;
  const written = await createCsrFile({
    cwd: io.cwd,
    key: options.key,
    passphrase: passphraseSource(options.passphrase, io),
    out: options.out,
    subject: { cn, o, ou, l, st, c, email },
    sans: options.sans.map((text, index) => parseSubjectAltName(text, `--san[${index + 1}]`)),
    defaultSan: options.defaultSan,
    keyUsage: requested<KeyUsageName>(options.keyUsage),
    extendedKeyUsage: requested<ExtendedKeyUsageName>(options.extendedKeyUsage),
    hash: options.hash,
    challengePassword: hasSecretSource(options.challengePassword)
      ? () =>
          readSecret(
            options.challengePassword,
            { flag: 'challenge-password', purpose: 'challenge password', confirm: false },
            io,
          )
      : undefined,
    force: options.force,
    progress: talk,
  });
  return talk.outcome(ExitCode.ok, { file: written.file, csr: csrReportJson(written.csr, written.findings) });
}

/** What the security officer checks before sending the CSR (its PEM is in the file). */
export function csrCreateText(result: CsrCreateResult): string {
  return csrReportText(result.file, result.csr, { includePem: false });
}

/** The names given on the command line; none given: core's defaults for the key. Core checks each name. */
function requested<N extends string>(names: readonly string[]): N[] | undefined {
  return names.length === 0 ? undefined : (names as N[]);
}

/** The command's handler: the work, then its rendering. */
export const csrCreateHandler = present(csrCreate, csrCreateText);
