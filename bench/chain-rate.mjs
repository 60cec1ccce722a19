import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateChain } from '@certwright/core';
import { CHAIN_TIME } from './chain-fixtures.mjs';
import { timeProcess } from './timing.mjs';

/** Chains used only to warm up the JIT: validateChain caches what it has parsed and verified. */
export const WARM_UP_CHAINS = 10;

/**
 * Chains per second: core's validateChain in-process, one call per chain, against one
 * `openssl verify` process checking all the leaves (its start-up is included but spread over every
 * chain). Both validate the same chains at the same time. Ours validates each measured chain once,
 * after warming up on other chains, so no measured certificate is in its caches beforehand
 * (in the shared row the intermediates are, as in any long-running validator); the best of three
 * groups of chains counts, as the best of three openssl runs does.
 */
export async function measureChainRate(dir, chains, label) {
  const warmUp = chains.slice(0, WARM_UP_CHAINS);
  const measured = chains.slice(WARM_UP_CHAINS);
  await validateAll(warmUp);
  // Best of three groups of fresh chains, as openssl gets the best of three runs.
  const groupSize = Math.ceil(measured.length / 3);
  let ours = 0;
  for (let start = 0; start < measured.length; start += groupSize) {
    const group = measured.slice(start, start + groupSize);
    const started = performance.now();
    await validateAll(group);
    ours = Math.max(ours, group.length / ((performance.now() - started) / 1000));
  }
  const reference = await opensslRate(dir, measured, label);
  return { ours, reference, ratio: ours / reference, unit: '/s' };
}

async function validateAll(chains) {
  for (const chain of chains) {
    const result = await validateChain({
      leaf: chain.leaf,
      intermediates: [chain.ca2, chain.ca1],
      trustAnchors: [chain.root],
      at: CHAIN_TIME,
      purpose: 'server',
    });
    if (!result.valid) throw new Error(`bench chain rejected: ${result.problems.map((p) => p.code).join(', ')}`);
  }
}

async function opensslRate(dir, chains, label) {
  const roots = [...new Set(chains.map((chain) => chain.root))].join('');
  const untrusted = [...new Set(chains.flatMap((chain) => [chain.ca1, chain.ca2]))].join('');
  await writeFile(join(dir, `${label}-roots.pem`), roots);
  await writeFile(join(dir, `${label}-untrusted.pem`), untrusted);
  const epoch = String(Math.floor(CHAIN_TIME.getTime() / 1000));
  const command = [
    'openssl',
    'verify',
    '-attime',
    epoch,
    '-purpose',
    'sslserver',
    '-CAfile',
    join(dir, `${label}-roots.pem`),
    '-untrusted',
    join(dir, `${label}-untrusted.pem`),
    ...chains.map((chain) => join(dir, chain.files.leaf)),
  ];
  await timeProcess(command);
  const times = [];
  for (let i = 0; i < 3; i++) times.push(await timeProcess(command));
  const best = Math.min(...times);
  return chains.length / (best / 1000);
}
