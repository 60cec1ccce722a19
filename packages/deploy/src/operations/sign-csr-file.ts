import { CertificateError, type SignedCertificate, signCsr } from '@certwright/core';
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readUserFile } from '../files/read.js';
import { assertWritable, PUBLIC_MODE, writeFileAtomic } from '../files/write.js';
import { type PassphraseSource, readKeyFile } from '../keys/read-key-file.js';
import { type Progress, silentProgress } from '../progress.js';

/** What `signCsrFile` is asked to do. */
export interface SignCsrFileOptions {
  cwd: string;
  /** A lab CA directory (root, and ca1, ca2 when made). */
  caDir: string;
  /** The CSR file. */
  csr: string;
  /** Where the certificate goes (PEM). */
  out: string;
  days: number;
  /** The CA key's passphrase, asked for only when the key is encrypted. */
  passphrase: PassphraseSource;
  force: boolean;
  now?: () => Date;
  progress?: Progress;
}

/** The certificate issued, where it went, and the chain it hangs from (root first, the new one last). */
export interface SignCsrFileResult {
  file: string;
  /** The issuing CA's certificate file. */
  issuer: string;
  chain: string[];
  certificate: SignedCertificate;
}

/**
 * Workflow step 3 with a lab CA: signs a CSR with the deepest CA of the directory (ca2, else ca1,
 * else root), keeping every SAN the CSR asks for.
 *
 * @throws CertificateError ERR_CA_INVALID for a directory without a usable CA; FileError ERR_OUTPUT_EXISTS
 */
export async function signCsrFile(options: SignCsrFileOptions): Promise<SignCsrFileResult> {
  const progress = options.progress ?? silentProgress;
  const { cwd, caDir } = options;
  await assertWritable(cwd, [options.out], options.force);
  const chain = await findChain(cwd, caDir);
  const issuer = chain[chain.length - 1] as string;
  const issuerCertificate = await readUserFile(cwd, join(caDir, `${issuer}.crt`));
  const csr = await readUserFile(cwd, options.csr);
  const issuerKey = await readKeyFile(cwd, join(caDir, `${issuer}.key`), options.passphrase, progress);
  const at = (options.now ?? (() => new Date()))();
  const certificate = await signCsr({ csr, issuerCertificate, issuerKey, days: options.days, at });
  for (const warning of certificate.warnings ?? []) progress.warn(warning.code, warning.message);
  await writeFileAtomic(cwd, { path: options.out, data: certificate.pem, mode: PUBLIC_MODE }, options.force);
  const chainText = [...chain.map((name) => `${name}.crt`), options.out].join(' → ');
  progress.note(`wrote ${options.out}, issued by ${issuer}.crt (chain: ${chainText})`);
  return {
    file: options.out,
    issuer: join(caDir, `${issuer}.crt`),
    chain: [...chain.map((name) => join(caDir, `${name}.crt`)), options.out],
    certificate,
  };
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
