// parseCertificate on mutated certificates, DER and PEM.
import { parseCertificate } from '@certwright/core';
import { encodePem } from '../pem.mjs';
import { certificates } from '../seeds.mjs';
import { kdfIterations, mutateDer, prepareDer } from './common.mjs';

export default {
  name: 'certificate',
  defaultVariant: 'der',
  setup: () => prepareDer(certificates()),
  generate(state, rng) {
    const der = mutateDer(state, rng);
    return rng.chance(0.7)
      ? { variant: 'der', bytes: der }
      : { variant: 'pem', bytes: Buffer.from(encodePem('CERTIFICATE', der, rng)) };
  },
  async run(_state, input) {
    await parseCertificate(input.variant === 'pem' ? input.bytes.toString('utf8') : input.bytes, {
      source: 'fuzz.crt',
    });
  },
  kdfIterations: (input) => kdfIterations(input.bytes),
};
