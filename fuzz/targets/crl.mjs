// validateChain with CRLs: one CRL of the test-vector revocation cases mutated, usually signed
// again by its issuer so that the mutated list is read past its signature.
import { validateChain } from '@certwright/core';
import { chainCases } from '../seeds.mjs';
import { assertOneShortLine } from './chain.mjs';
import { mutateNodes, mutateSeed, prepareDer } from './common.mjs';
import { mutateAndResign, rsaCaKey } from './signing.mjs';

export default {
  name: 'crl',
  defaultVariant: 'leaf-revoked:ca2.crl',
  setup() {
    const cases = chainCases().filter((c) => c.spec.crls);
    const crls = cases.flatMap((c) => c.spec.crls.map((name) => c.files[name]));
    return { cases: new Map(cases.map((c) => [c.id, c])), ids: cases.map((c) => c.id), ...prepareDer(crls) };
  },
  generate(state, rng) {
    const chain = state.cases.get(rng.pick(state.ids));
    const file = rng.pick(chain.spec.crls);
    const seed = state.seeds.find((candidate) => candidate.der.equals(chain.files[file]));
    let bytes;
    if (rng.chance(0.7)) {
      bytes = mutateAndResign(seed.der, rsaCaKey(file.replace('.crl', '')), (tbs) => mutateNodes(tbs, state, rng));
    }
    return { variant: `${chain.id}:${file}`, bytes: bytes ?? mutateSeed(seed, state, rng) };
  },
  async run(state, input) {
    const [id, file] = input.variant.split(':');
    const chain = state.cases.get(id);
    const result = await validateChain({
      leaf: chain.files[chain.spec.leaf],
      intermediates: chain.spec.untrusted.map((name) => chain.files[name]),
      trustAnchors: chain.spec.trusted.map((name) => chain.files[name]),
      crls: chain.spec.crls.map((name) => (name === file ? input.bytes : chain.files[name])),
      at: new Date(chain.spec.validationTime),
      purpose: chain.spec.purpose,
      hostname: chain.spec.hostname,
    });
    for (const problem of result.problems) assertOneShortLine(problem.message, problem.code);
    for (const status of result.revocation) assertOneShortLine(status.source, 'revocation source');
  },
};
