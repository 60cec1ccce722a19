/** Inputs for the inspect and convert tests: the committed test-vector chain, and what openssl makes of it. */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProgram, configureEveryCommand } from '../src/program.js';
import type { Runner } from '../src/runner.js';
import { openssl } from './helpers.js';

const chains = fileURLToPath(new URL('../../../test-vectors/chains/', import.meta.url));
export const STORE_PASSWORD = 'store-pass';

/**
 * Writes into `dir`: server.crt, ca2.crt, ca1.crt, chain.pem (server, ca2, ca1), server.der,
 * chain.p7b, own.key + own.crt, bundle.pfx (own + chain, AES), legacy.pfx (RC2), enc.key
 * (encrypted PKCS#8), req.der (DER CSR), expired.crt, store-pass.txt and key-pass.txt.
 */
export async function writeFormatFixtures(dir: string): Promise<void> {
  for (const name of ['server.crt', 'ca2.crt', 'ca1.crt']) {
    await copyFile(join(chains, 'rsa-two-intermediates', name), join(dir, name));
  }
  await copyFile(join(chains, 'leaf-expired', 'server.crt'), join(dir, 'expired.crt'));
  await openssl(dir, ['x509', '-in', 'server.crt', '-outform', 'DER', '-out', 'server.der']);
  const chain = ['server.crt', 'ca2.crt', 'ca1.crt'].map((name) => join(dir, name));
  await writeFile(join(dir, 'chain.pem'), (await Promise.all(chain.map((path) => readFile(path, 'utf8')))).join(''));
  await openssl(dir, ['crl2pkcs7', '-nocrl', '-certfile', 'chain.pem', '-outform', 'DER', '-out', 'chain.p7b']);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'own.key'];
  await openssl(dir, ['req', '-x509', ...ec, '-subj', '/CN=pfx.example.com', '-days', '30', '-out', 'own.crt']);
  await openssl(dir, [
    'req',
    '-new',
    '-key',
    'own.key',
    '-subj',
    '/CN=csr.example.com',
    '-outform',
    'DER',
    '-out',
    'req.der',
  ]);
  await openssl(dir, ['pkcs8', '-topk8', '-in', 'own.key', '-passout', 'pass:key-pass', '-out', 'enc.key']);
  const pfx = ['pkcs12', '-export', '-in', 'own.crt', '-inkey', 'own.key', '-certfile', 'chain.pem'];
  await openssl(dir, [...pfx, '-name', 'ovoc', '-passout', `pass:${STORE_PASSWORD}`, '-out', 'bundle.pfx']);
  await openssl(dir, [...pfx, '-legacy', '-passout', `pass:${STORE_PASSWORD}`, '-out', 'legacy.pfx']);
  await writeFile(join(dir, 'store-pass.txt'), `${STORE_PASSWORD}\n`);
  await writeFile(join(dir, 'key-pass.txt'), 'key-pass\n');
}

/** Parses argv with a runner that records instead of running: the argv → options mapping. */
export async function parseArgv(argv: string[]): Promise<{ command: string; options: unknown }> {
  let recorded: { command: string; options: unknown } | undefined;
  const runner: Runner = {
    async run(command, options) {
      recorded = { command, options };
    },
  };
  const program = buildProgram(runner, '0.0.0');
  configureEveryCommand(program, { writeErr: () => undefined, writeOut: () => undefined });
  await program.parseAsync(argv, { from: 'user' });
  if (!recorded) throw new Error('no command ran');
  return recorded;
}

export const noSecret = { file: undefined, env: undefined, fd: undefined };
