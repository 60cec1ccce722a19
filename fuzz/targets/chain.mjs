// validateChain on the test-vector chains with one certificate (leaf, intermediate or anchor)
// mutated; in the RSA cases often signed again by its issuer so that the mutation passes the
// signature check and reaches the checks behind it.
import { validateChain } from '@certwright/core';
import { chainCases } from '../seeds.mjs';
import { kdfIterations, mutateNodes, mutateSeed, prepareDer } from './common.mjs';
import { mutateAndResign, rsaCaKey } from './signing.mjs';

/** Who issued each file in the test-vector chains. */
const ISSUER = { 'server.crt': 'ca2', 'ca2.crt': 'ca1', 'ca1.crt': 'root', 'root.crt': 'root' };

export default {
  name: 'chain',
  defaultVariant: 'rsa-two-intermediates:server.crt',
  setup() {
    const cases = chainCases().filter((c) => !c.spec.crls);
    const all = cases.flatMap((c) => Object.values(c.files));
    return { cases: new Map(cases.map((c) => [c.id, c])), ids: cases.map((c) => c.id), ...prepareDer(all) };
  },
  generate(state, rng) {
    const chain = state.cases.get(rng.pick(state.ids));
    const file = rng.pick(Object.keys(chain.files));
    const seed = state.seeds.find((candidate) => candidate.der.equals(chain.files[file]));
    const key = chain.id.startsWith('rsa-') ? rsaCaKey(ISSUER[file]) : undefined;
    let bytes;
    if (key !== undefined && rng.chance(0.6))
      bytes = mutateAndResign(seed.der, key, (tbs) => mutateNodes(tbs, state, rng));
    return { variant: `${chain.id}:${file}`, bytes: bytes ?? mutateSeed(seed, state, rng) };
  },
  async run(state, input) {
    const [id, file] = input.variant.split(':');
    const chain = state.cases.get(id);
    const certificate = (name) => (name === file ? input.bytes : chain.files[name]);
    const result = await validateChain({
      leaf: certificate(chain.spec.leaf),
      intermediates: (chain.spec.untrusted ?? []).map(certificate),
      trustAnchors: (chain.spec.trusted ?? []).map(certificate),
      at: new Date(chain.spec.validationTime),
      purpose: chain.spec.purpose,
      hostname: chain.spec.hostname,
    });
    for (const problem of result.problems) assertOneShortLine(problem.message, problem.code);
    for (const status of result.revocation) assertOneShortLine(status.source, 'revocation source');
  },
  kdfIterations: (input) => kdfIterations(input.bytes),
};

/** A problem message reaches the terminal like an error message: one short line. */
export function assertOneShortLine(message, code) {
  if (message.length > 1000 || /[\r\n]/.test(message)) {
    throw new Error(
      `${code}: problem message of ${message.length} characters${/[\r\n]/.test(message) ? ' over several lines' : ''}`,
    );
  }
}
