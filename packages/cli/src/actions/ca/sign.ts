import { CertificateError, signCsr, type SubjectAltName } from '@certwright/core';
import type { CaSignOptions } from '../../commands/ca/sign.js';
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ExitCode } from '../../exit-codes.js';
import { assertWritable, PUBLIC_MODE, readUserFile, writeFileAtomic } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { readKeyFile } from '../shared/key-passphrase.js';
import { sanText } from '../shared/names.js';
import type { Outcome, Talk } from '../../render/outcome.js';

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
  await assertWritable(io.cwd, [options.out], options.force);
  const chain = await findChain(io.cwd, options.caDir);
  const issuer = chain[chain.length - 1] as string;
  const issuerCertificate = await readUserFile(io.cwd, join(options.caDir, `${issuer}.crt`));
  const csr = await readUserFile(io.cwd, options.csr);
  const issuerKey = await readKeyFile(join(options.caDir, `${issuer}.key`), options.passphrase, io, talk);
  const certificate = await signCsr({ csr, issuerCertificate, issuerKey, days: options.days, at: io.now() });
  for (const warning of certificate.warnings ?? []) talk.warn(warning.code, warning.message);
  await writeFileAtomic(io.cwd, { path: options.out, data: certificate.pem, mode: PUBLIC_MODE }, options.force);
  const chainText = [...chain.map((name) => `${name}.crt`), options.out].join(' → ');
  talk.note(`wrote ${options.out}, issued by ${issuer}.crt (chain: ${chainText})`);
  return talk.outcome(ExitCode.ok, {
    file: options.out,
    issuer: join(options.caDir, `${issuer}.crt`),
    chain: [...chain.map((name) => join(options.caDir, `${name}.crt`)), options.out],
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
    `SHA-256:   ${result.sha256}`,
  ].join('\n');
}

/** The CA names present, root first: ['root'], ['root','ca1'] or ['root','ca1','ca2']. */
async function findChain(cwd: string, caDir: string): Promise<string[]> {
  const chain: string[] = [];
  for (const name of ['root', 'ca1', 'ca2']) {
    const [hasCert, hasKey] = await Promise.all(
      [`${name}.crt`, `${name}.key`].map((file) =>
        access(resolve(cwd, caDir, file)).then(
          () => true,
          () => false,
        ),
      ),
    );
    if (!hasCert && !hasKey) break;
    if (!hasCert || !hasKey) {
      throw new CertificateError('ERR_CA_INVALID', `${caDir}: ${name}.${hasCert ? 'key' : 'crt'} is missing`, {
        source: caDir,
      });
    }
    chain.push(name);
  }
  if (chain.length === 0) {
    throw new CertificateError(
      'ERR_CA_INVALID',
      `${caDir}: no root.crt and root.key (create one with: certwright ca init)`,
      {
        source: caDir,
      },
    );
  }
  return chain;
}
