// readCertificates on mutated PKCS#7 bundles (.p7b), DER and PEM.
import { encodeCertificates, readCertificates } from '@certwright/core';
import { encodePem } from '../pem.mjs';
import { certificates } from '../seeds.mjs';
import { mutateDer, prepareDer } from './common.mjs';

export default {
  name: 'pkcs7',
  defaultVariant: 'der',
  async setup() {
    const certs = certificates();
    const bundles = [];
    for (const count of [0, 1, 2, 4]) bundles.push(await encodeCertificates(certs.slice(count, count * 2 + 1), 'p7b'));
    return prepareDer(bundles);
  },
  generate(state, rng) {
    const der = mutateDer(state, rng);
    return rng.chance(0.8)
      ? { variant: 'der', bytes: der }
      : { variant: 'pem', bytes: Buffer.from(encodePem('PKCS7', der, rng)) };
  },
  async run(_state, input) {
    await readCertificates(input.variant === 'pem' ? input.bytes.toString('utf8') : input.bytes, {
      source: 'fuzz.p7b',
    });
  },
};
