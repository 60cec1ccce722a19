// parseCsr, verifyCsr and lintCsr on mutated certificate requests.
import { lintCsr, parseCsr, verifyCsr } from '@certwright/core';
import { encodePem } from '../pem.mjs';
import { csrs } from '../seeds.mjs';
import { mutateDer, prepareDer } from './common.mjs';

export default {
  name: 'csr',
  defaultVariant: 'der',
  setup: () => prepareDer(csrs()),
  generate(state, rng) {
    const der = mutateDer(state, rng);
    return rng.chance(0.8)
      ? { variant: 'der', bytes: der }
      : { variant: 'pem', bytes: Buffer.from(encodePem('CERTIFICATE REQUEST', der, rng)) };
  },
  async run(_state, input) {
    const csr = await parseCsr(input.variant === 'pem' ? input.bytes.toString('utf8') : input.bytes, {
      source: 'fuzz.csr',
    });
    await verifyCsr(csr);
    lintCsr(csr);
  },
};
