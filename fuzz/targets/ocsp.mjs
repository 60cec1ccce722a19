// checkOcspResponse on the test-vector OCSP responses (openssl ocsp: issuer-signed, delegated,
// revoked, unknown, expired, wrong CertID), one mutated per input; the problem message it returns
// must be one short line like an error's.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkOcspResponse } from '@certwright/core';
import { pemBlocks } from '../pem.mjs';
import { assertOneShortLine } from './chain.mjs';
import { mutateSeed, prepareDer } from './common.mjs';

const ocsp = fileURLToPath(new URL('../../test-vectors/ocsp/', import.meta.url));

export default {
  name: 'ocsp',
  defaultVariant: 'revoked',
  setup() {
    const cases = new Map();
    for (const id of readdirSync(ocsp).sort()) {
      const spec = JSON.parse(readFileSync(join(ocsp, id, 'case.json'), 'utf8'));
      const pem = (name) => pemBlocks(readFileSync(join(ocsp, id, name), 'utf8'))[0].der;
      cases.set(id, {
        spec,
        response: readFileSync(join(ocsp, id, spec.response)),
        certificate: pem(spec.certificate),
        issuer: pem(spec.issuer),
      });
    }
    const prepared = prepareDer([...cases.values()].map((entry) => entry.response));
    return { cases, ids: [...cases.keys()], ...prepared };
  },
  generate(state, rng) {
    const id = rng.pick(state.ids);
    const seed = state.seeds.find((candidate) => candidate.der.equals(state.cases.get(id).response));
    return { variant: id, bytes: mutateSeed(seed, state, rng) };
  },
  async run(state, input) {
    const entry = state.cases.get(input.variant);
    const result = checkOcspResponse({
      response: input.bytes,
      certificate: entry.certificate,
      issuer: entry.issuer,
      at: new Date(entry.spec.validationTime),
    });
    if (result.problem !== undefined) assertOneShortLine(result.problem.message, result.problem.code);
  },
};
