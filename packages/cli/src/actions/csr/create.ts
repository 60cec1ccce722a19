import {
  createCsr,
  type ExtendedKeyUsageName,
  type KeyUsageName,
  lintCsr,
  parseSubjectAltName,
  type SubjectAltName,
  type SubjectFields,
} from '@certwright/core';
import { isIP } from 'node:net';
import type { CsrCreateOptions } from '../../commands/csr/create.js';
import { ExitCode } from '../../exit-codes.js';
import { assertWritable, PUBLIC_MODE, writeFileAtomic } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { hasSecretSource, readSecret } from '../../io/secrets.js';
import type { Outcome, Progress, Talk } from '../../render/outcome.js';
import { readKeyFile } from '../shared/key-passphrase.js';
import { type CsrReportJson, csrReportJson, csrReportText } from '../shared/csr-report.js';

export type { CsrCreateOptions };

/** The CSR written (its --json fields, docs/cli.md). */
export interface CsrCreateResult {
  file: string;
  csr: CsrReportJson;
}

/** Creates a CSR from a key and subject details, lints it and writes it. */
export async function csrCreate(options: CsrCreateOptions, io: Io, talk: Talk): Promise<Outcome<CsrCreateResult>> {
  const sans = options.sans.map((text, index) => parseSubjectAltName(text, `--san[${index + 1}]`));
  await assertWritable(io.cwd, [options.out], options.force);
  const challengePassword = hasSecretSource(options.challengePassword)
    ? await readSecret(
        options.challengePassword,
        { flag: 'challenge-password', purpose: 'challenge password', confirm: false },
        io,
      )
    : undefined;
  const key = await readKeyFile(options.key, options.passphrase, io, talk);
  const subject = subjectOf(options);
  const csr = await createCsr({
    key,
    subject,
    sans: sans.length > 0 || !options.defaultSan ? sans : defaultSans(subject.cn, talk),
    keyUsage: requested<KeyUsageName>(options.keyUsage),
    extendedKeyUsage: requested<ExtendedKeyUsageName>(options.extendedKeyUsage),
    challengePassword: challengePassword || undefined,
    hash: options.hash,
  });
  await writeFileAtomic(io.cwd, { path: options.out, data: csr.pem, mode: PUBLIC_MODE }, options.force);
  const findings = lintCsr(csr);
  for (const finding of findings) talk.warn(finding.code, `${options.out}: ${finding.message}`);
  talk.note(`wrote ${options.out}`);
  return talk.outcome(ExitCode.ok, { file: options.out, csr: csrReportJson(csr, findings) });
}

/** What the security officer checks before sending the CSR (its PEM is in the file). */
export function csrCreateText(result: CsrCreateResult): string {
  return csrReportText(result.file, result.csr, { includePem: false });
}

/** The subject fields given, in the order a subject is written. */
function subjectOf(options: CsrCreateOptions): SubjectFields {
  const { cn, o, ou, l, st, c, email } = options;
  return { cn, o, ou, l, st, c, email };
}

/** The names given on the command line; none given: core's defaults for the key. Core checks each name. */
function requested<N extends string>(names: readonly string[]): N[] | undefined {
  return names.length === 0 ? undefined : (names as N[]);
}

/** With no --san, the CN goes in as a SAN: TLS clients ignore the CN and match SANs only. */
function defaultSans(cn: string | undefined, talk: Progress): SubjectAltName[] {
  if (cn === undefined) return [];
  try {
    const san = parseSubjectAltName(isIP(cn) ? `ip:${cn}` : `dns:${cn}`, '--cn');
    talk.note(`no --san given: adding ${san.type.toUpperCase()}:${san.value} from the common name`);
    return [san];
  } catch {
    return [];
  }
}
