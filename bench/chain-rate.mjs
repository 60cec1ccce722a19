import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateChain } from '@certwright/core';
import { CHAIN_TIME } from './chain-fixtures.mjs';
import { timeProcess } from './timing.mjs';

/**
 * Chains per second: core's validateChain in-process, one call per chain, against one
 * `openssl verify` process checking all the leaves (its per-process start-up is included but
 * spread over every chain). Both validate the same chains at the same fixed time.
 */
export async function measureChainRate(dir, chains, label) {
  const ours = await ourRate(chains);
  const reference = await opensslRate(dir, chains, label);
  return { ours, reference, ratio: ours / reference, unit: '/s' };
}

async function ourRate(chains) {
  const validateAll = async () => {
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
  };
  await validateAll();
  const rounds = 3;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) await validateAll();
  return (rounds * chains.length) / ((performance.now() - started) / 1000);
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
