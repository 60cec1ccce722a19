// detectFormat and readCertificates on mutated DER of every kind they sort: certificates, CSRs,
// keys, PKCS#7 bundles.
import { detectFormat, encodeCertificates, readCertificates } from '@certwright/core';
import { certificates, csrs, FUZZ_PASSWORD, plainKeys } from '../seeds.mjs';
import { kdfIterations, mutateDer, prepareDer } from './common.mjs';

export default {
  name: 'der',
  defaultVariant: 'der',
  async setup() {
    const certs = certificates();
    const bundle = await encodeCertificates(certs.slice(0, 4), 'p7b');
    return prepareDer([...certs.slice(0, 12), ...csrs(), ...plainKeys().map((key) => key.der), bundle]);
  },
  generate: (state, rng) => ({ variant: 'der', bytes: mutateDer(state, rng) }),
  async run(_state, input) {
    detectFormat(input.bytes, { source: 'fuzz.der' });
    await readCertificates(input.bytes, { source: 'fuzz.der', password: FUZZ_PASSWORD });
  },
  kdfIterations: (input) => kdfIterations(input.bytes),
};
