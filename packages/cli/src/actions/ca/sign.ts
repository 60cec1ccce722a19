import { signCsrFile } from '@certwright/deploy';
import type { SubjectAltName } from '@certwright/core';
import type { CaSignOptions } from '../../commands/ca/sign.js';
import { ExitCode } from '../../exit-codes.js';
import type { Io } from '../../io/io.js';
import type { Outcome, Talk } from '../../render/outcome.js';
import { passphraseSource } from '../shared/key-passphrase.js';
import { sanText } from '../shared/names.js';
import { present } from '../../render/present.js';
import { fingerprintText } from '../../render/fingerprint.js';

export type { CaSignOptions };

/** The certificate issued (its --json fields, docs/cli.md). */
export interface CaSignResult {
  file: string;
  issuer: string;
  chain: string[];
  subject: string;
  /** The issuing CA's subject. */
  issuerSubject: string;
  sans: SubjectAltName[];
  notBefore: string;
  notAfter: string;
  serialNumber: string;
  sha256: string;
}

/** Signs a CSR with the deepest CA of a lab CA directory, keeping every requested SAN. */
export async function caSign(options: CaSignOptions, io: Io, talk: Talk): Promise<Outcome<CaSignResult>> {
  const signed = await signCsrFile({
    cwd: io.cwd,
    caDir: options.caDir,
    csr: options.csr,
    out: options.out,
    days: options.days,
    passphrase: passphraseSource(options.passphrase, io),
    force: options.force,
    now: io.now,
    progress: talk,
  });
  const { certificate } = signed;
  return talk.outcome(ExitCode.ok, {
    file: signed.file,
    issuer: signed.issuer,
    chain: signed.chain,
    subject: certificate.subjectText,
    issuerSubject: certificate.issuerText,
    sans: certificate.sans,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    serialNumber: certificate.serialNumber,
    sha256: certificate.fingerprintSha256,
  });
}

/** The certificate as the operator checks it. */
export function caSignText(result: CaSignResult): string {
  return [
    `Subject:   ${result.subject}`,
    `SANs:      ${result.sans.map(sanText).join(', ') || '(none)'}`,
    `Issuer:    ${result.issuerSubject}`,
    `Validity:  ${result.notBefore} to ${result.notAfter}`,
    `SHA-256:   ${fingerprintText(result.sha256)}`,
  ].join('\n');
}

/** The command's handler: the work, then its rendering. */
export const caSignHandler = present(caSign, caSignText);
