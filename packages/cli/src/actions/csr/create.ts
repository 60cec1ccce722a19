import {
  type CsrInfo,
  createCsr,
  type ExtendedKeyUsageName,
  type HashAlgorithm,
  type KeyUsageName,
  lintCsr,
  parseSubjectAltName,
  type SubjectAltName,
  type SubjectFields,
} from '@certwright/core';
import { isIP } from 'node:net';
import { ExitCode } from '../../exit-codes.js';
import { assertWritable, PUBLIC_MODE, writeFileAtomic } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { Output } from '../../io/output.js';
import { readSecret, type SecretSource } from '../../io/secrets.js';
import { readKeyFile } from '../shared/key-passphrase.js';
import { csrReport, csrReportJson } from '../shared/csr-report.js';

export interface CsrCreateOptions {
  key: string;
  out: string;
  subject: SubjectFields;
  /** `kind:value` texts as given on the command line. */
  sans: string[];
  /** Add the CN as a SAN when no --san is given. */
  defaultSan: boolean;
  keyUsage: string[] | undefined;
  extendedKeyUsage: string[] | undefined;
  hash: HashAlgorithm;
  passphrase: SecretSource;
  challengePassword: SecretSource | undefined;
  force: boolean;
  json: boolean;
}

/** Creates a CSR from a key and subject details, lints it and writes it. */
export async function csrCreate(options: CsrCreateOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  const sans = options.sans.map((text, index) => parseSubjectAltName(text, `--san[${index + 1}]`));
  await assertWritable(io.cwd, [options.out], options.force);
  const challengePassword =
    options.challengePassword &&
    (await readSecret(
      options.challengePassword,
      { flag: 'challenge-password', purpose: 'challenge password', confirm: false },
      io,
    ));
  const key = await readKeyFile(options.key, options.passphrase, io, output);
  const csr = await createCsr({
    key,
    subject: options.subject,
    sans: sans.length > 0 || !options.defaultSan ? sans : defaultSans(options.subject.cn, output),
    keyUsage: options.keyUsage as KeyUsageName[] | undefined,
    extendedKeyUsage: options.extendedKeyUsage as ExtendedKeyUsageName[] | undefined,
    challengePassword: challengePassword || undefined,
    hash: options.hash,
  });
  await writeFileAtomic(io.cwd, { path: options.out, data: csr.pem, mode: PUBLIC_MODE }, options.force);
  const findings = lintCsr(csr);
  for (const finding of findings) output.warn(finding.code, `${options.out}: ${finding.message}`);
  output.note(`wrote ${options.out}`);
  output.result(
    { file: options.out, csr: csrReportJson(csr, findings) },
    options.json ? '' : csrReport(options.out, csr, findings, { includePem: false }),
  );
  return ExitCode.ok;
}

/** With no --san, the CN goes in as a SAN: TLS clients ignore the CN and match SANs only. */
function defaultSans(cn: string | undefined, output: Output): SubjectAltName[] {
  if (cn === undefined) return [];
  try {
    const san = parseSubjectAltName(isIP(cn) ? `ip:${cn}` : `dns:${cn}`, '--cn');
    output.note(`no --san given: adding ${san.type.toUpperCase()}:${san.value} from the common name`);
    return [san];
  } catch {
    return [];
  }
}

export type { CsrInfo };
