// Chain validation with revocation: the shared-intermediate chains (root → ca1 → ca2 → leaf), a
// CRL from each issuer, the leaf issuer's CRL listing 10,000 revoked serial numbers (none of them a
// measured leaf). Ours: validateChain with the three CRLs, in-process; reference: one
// `openssl verify -crl_check_all` process checking every leaf against the same CRLs.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { validateChain } from '@certwright/core';
import { CHAIN_TIME } from './chain-fixtures.mjs';
import { WARM_UP_CHAINS } from './chain-rate.mjs';
import { timeProcess } from './timing.mjs';

const run = promisify(execFile);
/** Revoked serial numbers on the leaf issuer's CRL. */
export const REVOKED_ENTRIES = 10_000;

/** One CRL per issuer of the shared chains, made with `openssl ca -gencrl`; returns the PEM texts. */
export async function makeCrlFixtures(fixtures) {
  const { dir } = fixtures;
  const { root, ca1, ca2 } = fixtures.shared[0].files;
  const make = async (name, certificate, key, entries) => {
    const lines = Array.from({ length: entries }, (_, i) => {
      const serial = (0x10_0000 + i).toString(16).toUpperCase().padStart(8, '0');
      return `R\t491231235959Z\t240101000000Z,keyCompromise\t${serial}\tunknown\t/CN=revoked ${i}\n`;
    });
    await writeFile(join(dir, `${name}.index`), lines.join(''));
    await writeFile(join(dir, `${name}.crlnumber`), '01\n');
    const config = `[ca]\ndefault_ca = bench\n[bench]\ndatabase = ${name}.index\ncrlnumber = ${name}.crlnumber\ndefault_md = sha256\n`;
    await writeFile(join(dir, `${name}.cnf`), config);
    const args = ['ca', '-gencrl', '-config', `${name}.cnf`, '-cert', certificate, '-keyfile', key];
    await run('openssl', [...args, '-crldays', '30', '-out', `${name}.crl`], { cwd: dir });
    return readFile(join(dir, `${name}.crl`), 'utf8');
  };
  const pems = [
    await make('crl-root', root, 'root.key', 0),
    await make('crl-ca1', ca1, 'ca1.key', 0),
    await make('crl-ca2', ca2, 'ca2.key', REVOKED_ENTRIES),
  ];
  await writeFile(join(dir, 'crls.pem'), pems.join(''));
  // DER buffers, given to every call as they are: a long-running validator keeps its CRLs loaded.
  const ders = pems.map((pem) => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64')));
  return { file: join(dir, 'crls.pem'), ders };
}

/**
 * Leaves of their own for this row, under the shared ca2 (the other rows have already validated
 * theirs, and validateChain caches what it has verified): one CSR certified again with new serials.
 */
async function freshLeaves(fixtures) {
  const { dir } = fixtures;
  const { ca2 } = fixtures.shared[0].files;
  const chains = [];
  for (const [index, chain] of fixtures.shared.entries()) {
    const name = `crl-row-leaf-${index}`;
    const args = ['x509', '-req', '-in', 'leaf-s0.csr', '-CA', ca2, '-CAkey', 'ca2.key'];
    args.push('-set_serial', String(500_000 + index), '-days', '7300', '-extfile', 'leaf.ext', '-out', `${name}.pem`);
    await run('openssl', args, { cwd: dir });
    const leaf = await readFile(join(dir, `${name}.pem`), 'utf8');
    chains.push({ ...chain, leaf, files: { ...chain.files, leaf: `${name}.pem` } });
  }
  return chains;
}

/** Chains per second with the CRLs: ours (best of three groups) vs one openssl process (best of three runs). */
export async function measureCrlChainRate(fixtures, crls) {
  const chains = await freshLeaves(fixtures);
  const warmUp = chains.slice(0, WARM_UP_CHAINS);
  const measured = chains.slice(WARM_UP_CHAINS);
  validateAll(warmUp, crls.ders);
  const groupSize = Math.ceil(measured.length / 3);
  let ours = 0;
  for (let start = 0; start < measured.length; start += groupSize) {
    const group = measured.slice(start, start + groupSize);
    const started = performance.now();
    validateAll(group, crls.ders);
    ours = Math.max(ours, group.length / ((performance.now() - started) / 1000));
  }
  const reference = await opensslRate(fixtures.dir, measured, crls.file);
  return { ours, reference, ratio: ours / reference, unit: '/s' };
}

function validateAll(chains, crlDers) {
  for (const chain of chains) {
    const result = validateChain({
      leaf: chain.leaf,
      intermediates: [chain.ca2, chain.ca1],
      trustAnchors: [chain.root],
      at: CHAIN_TIME,
      purpose: 'server',
      crls: crlDers,
    });
    if (!result.valid) throw new Error(`bench chain rejected: ${result.problems.map((p) => p.code).join(', ')}`);
    if (result.revocation.some((status) => status.status !== 'good')) throw new Error('bench chain not checked');
  }
}

async function opensslRate(dir, chains, crlFile) {
  const first = chains[0].files;
  const command = ['openssl', 'verify', '-attime', String(Math.floor(CHAIN_TIME.getTime() / 1000))];
  command.push('-purpose', 'sslserver', '-crl_check_all', '-CRLfile', crlFile);
  const untrusted = join(dir, 'crl-row-untrusted.pem');
  const intermediates = await Promise.all([first.ca1, first.ca2].map((file) => readFile(join(dir, file), 'utf8')));
  await writeFile(untrusted, intermediates.join(''));
  command.push('-CAfile', join(dir, first.root), '-untrusted', untrusted);
  command.push(...chains.map((chain) => join(dir, chain.files.leaf)));
  await timeProcess(command);
  const times = [];
  for (let i = 0; i < 3; i++) times.push(await timeProcess(command));
  return chains.length / (Math.min(...times) / 1000);
}
