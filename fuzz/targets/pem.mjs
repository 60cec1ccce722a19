// detectFormat and readCertificates on PEM text: the armour mutated (labels, headers, line
// endings, text around, several blocks) as well as the DER inside.
import { detectFormat, encodeCertificates, readCertificates } from '@certwright/core';
import { mutateText } from '../mutate-text.mjs';
import { encodePem } from '../pem.mjs';
import { certificates, csrs, FUZZ_PASSWORD, plainKeys } from '../seeds.mjs';
import { kdfIterations, mutateSeed, prepareDer } from './common.mjs';

export default {
  name: 'pem',
  defaultVariant: 'pem',
  async setup() {
    const labelled = [
      ...certificates()
        .slice(0, 12)
        .map((der) => ['CERTIFICATE', der]),
      ...csrs().map((der) => ['CERTIFICATE REQUEST', der]),
      ...plainKeys().map((key) => [key.label, key.der]),
      ['PKCS7', await encodeCertificates(certificates().slice(0, 3), 'p7b')],
    ];
    const prepared = prepareDer(labelled.map(([, der]) => der));
    prepared.labels = labelled.map(([label]) => label);
    return prepared;
  },
  generate(state, rng) {
    const blocks = [];
    for (let count = 1 + rng.size(4); blocks.length < count; ) {
      const index = rng.below(state.seeds.length);
      const seed = state.seeds[index];
      const der = rng.chance(0.5) ? mutateSeed(seed, state, rng) : seed.der;
      blocks.push(encodePem(state.labels[index], der, rng));
    }
    let text = blocks.join(rng.chance(0.8) ? '' : 'some text between\n');
    if (rng.chance(0.5)) text = mutateText(text, rng, blocks[0]);
    return { variant: 'pem', bytes: Buffer.from(text, 'utf8') };
  },
  async run(_state, input) {
    const text = input.bytes.toString('utf8');
    detectFormat(text, { source: 'fuzz.pem' });
    await readCertificates(text, { source: 'fuzz.pem', password: FUZZ_PASSWORD });
  },
  kdfIterations: (input) => kdfIterations(input.bytes),
};
