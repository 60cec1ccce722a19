import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ValidateChainOptions, validateChain } from '../src/index.js';
import { CA_EXTENSIONS, type Issued, issue, LEAF_EXTENSIONS } from './chain-openssl.js';
import { makeScratch, type Scratch } from './csr-openssl.js';

let scratch: Scratch;
let root: Issued;
let plainCa: Issued;
let mappingCa: Issued;

const P1 = '1.3.6.1.4.1.55555.1';
const P2 = '1.3.6.1.4.1.55555.2';
const P9 = '1.3.6.1.4.1.55555.9';

beforeAll(async () => {
  scratch = await makeScratch();
  root = await issue(scratch, 'policy-root', { extensions: CA_EXTENSIONS });
  plainCa = await issue(scratch, 'policy-ca', {
    issuer: root,
    extensions: [...CA_EXTENSIONS, `certificatePolicies = ${P1}, ${P2}`],
  });
  mappingCa = await issue(scratch, 'mapping-ca', {
    issuer: root,
    extensions: [...CA_EXTENSIONS, `certificatePolicies = ${P1}`, `policyMappings = ${P1}:${P9}`],
  });
});
afterAll(async () => {
  await scratch.remove();
});

async function leafUnder(ca: Issued, name: string, policies: string[]): Promise<Issued> {
  const extensions = [
    ...LEAF_EXTENSIONS,
    ...(policies.length > 0 ? [`certificatePolicies = ${policies.join(', ')}`] : []),
  ];
  return issue(scratch, name, { issuer: ca, extensions });
}

function run(leaf: Issued, ca: Issued, policy: ValidateChainOptions['policy']) {
  return validateChain({ leaf: leaf.pem, intermediates: [ca.pem], trustAnchors: [root.pem], policy });
}

describe('validateChain certificate policies (RFC 5280 §6.1)', () => {
  it('returns the policies common to the path', async () => {
    const leaf = await leafUnder(plainCa, 'policy-leaf-p1', [P1]);
    const result = run(leaf, plainCa, {});
    expect(result.valid).toBe(true);
    expect(result.policySet).toEqual([P1]);
  });

  it('accepts a path without a common policy unless an explicit policy is required', async () => {
    const leaf = await leafUnder(plainCa, 'policy-leaf-p9', [P9]);
    expect(run(leaf, plainCa, {}).valid).toBe(true);
    expect(run(leaf, plainCa, {}).policySet).toEqual([]);
    const strict = run(leaf, plainCa, { explicitPolicy: true });
    expect(strict.problems.map((problem) => problem.code)).toEqual(['ERR_CHAIN_POLICY']);
  });

  it('limits the result to the initial policy set', async () => {
    const leaf = await leafUnder(plainCa, 'policy-leaf-both', [P1, P2]);
    expect(run(leaf, plainCa, { initialPolicySet: [P2], explicitPolicy: true }).policySet).toEqual([P2]);
    expect(run(leaf, plainCa, { initialPolicySet: [P9], explicitPolicy: true }).valid).toBe(false);
  });

  it('follows policy mappings, unless mapping is inhibited', async () => {
    const leaf = await leafUnder(mappingCa, 'mapped-leaf', [P9]);
    const mapped = run(leaf, mappingCa, { explicitPolicy: true });
    expect(mapped.problems).toEqual([]);
    expect(mapped.policySet).toEqual([P1]);
    expect(run(leaf, mappingCa, { explicitPolicy: true, policyMappingInhibit: true }).valid).toBe(false);
  });

  it('honours anyPolicy, and its inhibition', async () => {
    const anyCa = await issue(scratch, 'any-ca', {
      issuer: root,
      extensions: [...CA_EXTENSIONS, 'certificatePolicies = 2.5.29.32.0'],
    });
    const leaf = await leafUnder(anyCa, 'any-leaf', [P1]);
    expect(run(leaf, anyCa, { explicitPolicy: true }).policySet).toEqual([P1]);
    expect(run(leaf, anyCa, { explicitPolicy: true, anyPolicyInhibit: true }).valid).toBe(false);
  });
});
