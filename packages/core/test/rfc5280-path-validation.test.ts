/**
 * RFC 5280 §6.1.1 (inputs) and §6.1.2 (initialization), one describe per step, each test built from
 * the step's own words with a chain made for it. §6.1.3 is in rfc5280-basic-processing.test.ts,
 * §6.1.4 in rfc5280-preparation.test.ts, §6.1.5–6 in rfc5280-wrap-up.test.ts.
 * RFC 5280 §6.1.1 lists inputs (a)–(i) and §6.1.2 initializes (a)–(k).
 */
import { createPublicKey, createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSequence } from '../src/asn1/der.js';
import { readRaw, readRawChildren } from '../src/asn1/der-primitives.js';
import { withInheritedDsaParameters } from '../src/chain/dsa-parameters.js';
import type { ParsedCertificate } from '../src/x509/certificate.js';
import type { Scratch } from './csr-openssl.js';
import {
  CA,
  codes,
  LEAF,
  type Made,
  make,
  POLICY,
  replacing,
  rootCaLeaf,
  validate,
  withPolicies,
} from './rfc5280-pki.js';

const { P1, P2, P3, P7, P9, ANY } = POLICY;

let scratch: Scratch, root: Made, ca: Made, leaf: Made;
beforeAll(async () => {
  ({ scratch, root, ca, leaf } = await rootCaLeaf('in'));
});
afterAll(() => scratch.remove());

describe('6.1.1 (a) a prospective certification path of length n', () => {
  it('6.1.1 (a): the path from the trust anchor down to the target is processed, leaf first in the result', () => {
    const result = validate(leaf, [ca], root);
    expect(codes(result)).toEqual([]);
    expect(result.path).toHaveLength(3);
  });

  it('6.1.1 (a): without the intermediate there is no certification path to the trust anchor', () => {
    expect(codes(validate(leaf, [], root))).toEqual(['ERR_CHAIN_INTERMEDIATE_MISSING']);
  });
});

describe('6.1.1 (b) the current date/time', () => {
  it('6.1.1 (b): the same path is valid at one time and expired at a later one', async () => {
    const shortLeaf = await make(scratch, 'in-short-leaf', {
      issuer: ca,
      extensions: LEAF,
      notAfter: '20261231235959Z',
    });
    expect(codes(validate(shortLeaf, [ca], root, { at: new Date('2026-12-31T00:00:00Z') }))).toEqual([]);
    expect(codes(validate(shortLeaf, [ca], root, { at: new Date('2027-01-01T00:00:00Z') }))).toEqual([
      'ERR_CHAIN_EXPIRED',
    ]);
  });
});

describe('6.1.1 (c) user-initial-policy-set', () => {
  it('6.1.1 (c): the result is limited to the policies the user will accept', async () => {
    const policyCa = await make(scratch, 'in-c-ca', { issuer: root, extensions: withPolicies(CA, P1, P2) });
    const policyLeaf = await make(scratch, 'in-c-leaf', { issuer: policyCa, extensions: withPolicies(LEAF, P1, P2) });
    const both = validate(policyLeaf, [policyCa], root, { policy: { initialPolicySet: [P2] } });
    expect(codes(both)).toEqual([]);
    expect(both.policySet).toEqual([P2]);
    const none = validate(policyLeaf, [policyCa], root, { policy: { initialPolicySet: [P3], explicitPolicy: true } });
    expect(codes(none)).toEqual(['ERR_CHAIN_POLICY']);
  });
});

describe('6.1.1 (d) trust anchor information', () => {
  it('6.1.1 (d): an anchor with the right name but another public key does not validate the path', async () => {
    const otherKey = await make(scratch, 'in-root', { extensions: CA, fileName: 'in-root-other-key' });
    expect(validate(leaf, [ca], otherKey).valid).toBe(false);
    expect(codes(validate(leaf, [ca], otherKey))).toContain('ERR_CHAIN_BAD_SIGNATURE');
  });

  it('6.1.1 (d): with anchorConstraints ignore only the anchor name and key are inputs, so its expiry does not count', async () => {
    const oldRoot = await make(scratch, 'in-old-root', { extensions: CA, notAfter: '20260101000000Z' });
    const oldCa = await make(scratch, 'in-old-ca', { issuer: oldRoot, extensions: CA });
    const oldLeaf = await make(scratch, 'in-old-leaf', { issuer: oldCa, extensions: LEAF });
    expect(codes(validate(oldLeaf, [oldCa], oldRoot, { anchorConstraints: 'ignore' }))).toEqual([]);
    expect(codes(validate(oldLeaf, [oldCa], oldRoot))).toEqual(['ERR_CHAIN_ANCHOR_EXPIRED']);
  });
});

describe('6.1.1 (e) initial-policy-mapping-inhibit', () => {
  it('6.1.1 (e): a policy mapping is honoured unless the user inhibits mapping', async () => {
    const mappingCa = await make(scratch, 'in-e-ca', {
      issuer: root,
      extensions: [...withPolicies(CA, P1), `policyMappings = ${P1}:${P9}`],
    });
    const mappedLeaf = await make(scratch, 'in-e-leaf', { issuer: mappingCa, extensions: withPolicies(LEAF, P9) });
    const mapped = validate(mappedLeaf, [mappingCa], root, { policy: { explicitPolicy: true } });
    expect(codes(mapped)).toEqual([]);
    expect(mapped.policySet).toEqual([P1]);
    const inhibited = validate(mappedLeaf, [mappingCa], root, {
      policy: { explicitPolicy: true, policyMappingInhibit: true },
    });
    expect(codes(inhibited)).toEqual(['ERR_CHAIN_POLICY']);
  });
});

describe('6.1.1 (f) initial-explicit-policy', () => {
  it('6.1.1 (f): a path without policies is valid unless the user requires an explicit policy', () => {
    expect(codes(validate(leaf, [ca], root))).toEqual([]);
    expect(codes(validate(leaf, [ca], root, { policy: { explicitPolicy: true } }))).toEqual(['ERR_CHAIN_POLICY']);
  });
});

describe('6.1.1 (g) initial-any-policy-inhibit', () => {
  it('6.1.1 (g): anyPolicy in an intermediate stands for P1 unless the user inhibits anyPolicy', async () => {
    const anyCa = await make(scratch, 'in-g-ca', { issuer: root, extensions: withPolicies(CA, ANY) });
    const p1Leaf = await make(scratch, 'in-g-leaf', { issuer: anyCa, extensions: withPolicies(LEAF, P1) });
    const honoured = validate(p1Leaf, [anyCa], root, { policy: { explicitPolicy: true } });
    expect(codes(honoured)).toEqual([]);
    expect(honoured.policySet).toEqual([P1]);
    const inhibited = validate(p1Leaf, [anyCa], root, { policy: { explicitPolicy: true, anyPolicyInhibit: true } });
    expect(codes(inhibited)).toEqual(['ERR_CHAIN_POLICY']);
  });
});

// The API takes initial-permitted-subtrees and initial-excluded-subtrees as the nameConstraints of the
// trust anchor certificate (RFC 5937, anchorConstraints 'enforce', the default); there is no separate option.
describe('6.1.1 (h) initial-permitted-subtrees', () => {
  it('6.1.1 (h): names outside the permitted subtrees given with the anchor are rejected', async () => {
    const ncRoot = await make(scratch, 'in-h-root', {
      extensions: [...CA, 'nameConstraints = critical, permitted;DNS:example.com'],
    });
    const ncCa = await make(scratch, 'in-h-ca', { issuer: ncRoot, extensions: CA });
    const inside = await make(scratch, 'in-h-inside', { issuer: ncCa, extensions: LEAF });
    const outside = await make(scratch, 'in-h-outside', {
      issuer: ncCa,
      extensions: replacing(LEAF, 'subjectAltName', 'subjectAltName = DNS:leaf.other.test'),
    });
    expect(codes(validate(inside, [ncCa], ncRoot))).toEqual([]);
    expect(codes(validate(outside, [ncCa], ncRoot))).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS']);
    // Without the anchor's constraints as inputs the permitted subtrees are unbounded again.
    expect(codes(validate(outside, [ncCa], ncRoot, { anchorConstraints: 'ignore' }))).toEqual([]);
  });
});

describe('6.1.1 (i) initial-excluded-subtrees', () => {
  it('6.1.1 (i): names inside the excluded subtrees given with the anchor are rejected', async () => {
    const exRoot = await make(scratch, 'in-i-root', {
      extensions: [...CA, 'nameConstraints = critical, excluded;DNS:blocked.example.com'],
    });
    const exCa = await make(scratch, 'in-i-ca', { issuer: exRoot, extensions: CA });
    const fine = await make(scratch, 'in-i-fine', { issuer: exCa, extensions: LEAF });
    const blocked = await make(scratch, 'in-i-blocked', {
      issuer: exCa,
      extensions: replacing(LEAF, 'subjectAltName', 'subjectAltName = DNS:www.blocked.example.com'),
    });
    expect(codes(validate(fine, [exCa], exRoot))).toEqual([]);
    expect(codes(validate(blocked, [exCa], exRoot))).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS']);
  });
});

describe('6.1.2 (a) valid_policy_tree starts as one anyPolicy node', () => {
  it('6.1.2 (a): the initial anyPolicy node accepts whatever policy the first certificate asserts', async () => {
    const p7Ca = await make(scratch, 'init-a-ca', { issuer: root, extensions: withPolicies(CA, P7) });
    const p7Leaf = await make(scratch, 'init-a-leaf', { issuer: p7Ca, extensions: withPolicies(LEAF, P7) });
    const result = validate(p7Leaf, [p7Ca], root, { policy: { explicitPolicy: true } });
    expect(codes(result)).toEqual([]);
    expect(result.policySet).toEqual([P7]);
  });
});

describe('6.1.2 (b) permitted_subtrees starts unbounded', () => {
  it('6.1.2 (b): with no name constraints anywhere, every name form is permitted', async () => {
    const manyNames = await make(scratch, 'init-b-leaf', {
      issuer: ca,
      subject: '/O=Anything/CN=init-b-leaf',
      extensions: replacing(
        LEAF,
        'subjectAltName',
        'subjectAltName = DNS:a.example.net, IP:192.0.2.7, email:ops@example.org, URI:https://x.example.io/',
      ),
    });
    expect(codes(validate(manyNames, [ca], root))).toEqual([]);
  });
});

describe('6.1.2 (c) excluded_subtrees starts empty', () => {
  it('6.1.2 (c): with no name constraints anywhere, no name is excluded', async () => {
    const oddNames = await make(scratch, 'init-c-leaf', {
      issuer: ca,
      extensions: replacing(LEAF, 'subjectAltName', 'subjectAltName = DNS:blocked.example.com, IP:10.0.0.1'),
    });
    expect(codes(validate(oddNames, [ca], root))).toEqual([]);
  });
});

describe('6.1.2 (d) explicit_policy is n+1, or 0 with initial-explicit-policy', () => {
  it('6.1.2 (d): at n+1 a path of three certificates without policies is valid; at 0 it is not', async () => {
    const ca2 = await make(scratch, 'init-d-ca2', { issuer: ca, extensions: CA });
    const deepLeaf = await make(scratch, 'init-d-leaf', { issuer: ca2, extensions: LEAF });
    expect(codes(validate(deepLeaf, [ca, ca2], root))).toEqual([]);
    expect(codes(validate(deepLeaf, [ca, ca2], root, { policy: { explicitPolicy: true } }))).toEqual([
      'ERR_CHAIN_POLICY',
    ]);
  });
});

describe('6.1.2 (e) inhibit_anyPolicy is n+1, or 0 with initial-any-policy-inhibit', () => {
  it('6.1.2 (e): a leaf asserting only anyPolicy satisfies an explicit policy unless anyPolicy is inhibited', async () => {
    const anyCa = await make(scratch, 'init-e-ca', { issuer: root, extensions: withPolicies(CA, P1) });
    const anyLeaf = await make(scratch, 'init-e-leaf', { issuer: anyCa, extensions: withPolicies(LEAF, ANY) });
    const honoured = validate(anyLeaf, [anyCa], root, { policy: { explicitPolicy: true } });
    expect(codes(honoured)).toEqual([]);
    expect(honoured.policySet).toEqual([P1]);
    expect(
      codes(validate(anyLeaf, [anyCa], root, { policy: { explicitPolicy: true, anyPolicyInhibit: true } })),
    ).toEqual(['ERR_CHAIN_POLICY']);
  });
});

describe('6.1.2 (f) policy_mapping is n+1, or 0 with initial-policy-mapping-inhibit', () => {
  it('6.1.2 (f): a mapping two CAs down is honoured at n+1 and deletes the mapped policy at 0', async () => {
    const topCa = await make(scratch, 'init-f-top', { issuer: root, extensions: withPolicies(CA, P1) });
    const mappingCa = await make(scratch, 'init-f-map', {
      issuer: topCa,
      extensions: [...withPolicies(CA, P1), `policyMappings = ${P1}:${P9}`],
    });
    const mappedLeaf = await make(scratch, 'init-f-leaf', { issuer: mappingCa, extensions: withPolicies(LEAF, P9) });
    const path = [topCa, mappingCa];
    expect(codes(validate(mappedLeaf, path, root, { policy: { explicitPolicy: true } }))).toEqual([]);
    expect(
      codes(validate(mappedLeaf, path, root, { policy: { explicitPolicy: true, policyMappingInhibit: true } })),
    ).toEqual(['ERR_CHAIN_POLICY']);
  });
});

describe('6.1.2 (g) working_public_key_algorithm comes from the trust anchor', () => {
  it('6.1.2 (g): an RSA anchor verifies its EC child; an EC key under the anchor name does not', async () => {
    const rsaRoot = await make(scratch, 'init-g-root', {
      extensions: CA,
      keyArgs: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    });
    const ecCa = await make(scratch, 'init-g-ca', { issuer: rsaRoot, extensions: CA });
    const ecLeaf = await make(scratch, 'init-g-leaf', { issuer: ecCa, extensions: LEAF });
    expect(codes(validate(ecLeaf, [ecCa], rsaRoot))).toEqual([]);
    const ecRoot = await make(scratch, 'init-g-root', { extensions: CA, fileName: 'init-g-root-ec' });
    expect(codes(validate(ecLeaf, [ecCa], ecRoot))).toContain('ERR_CHAIN_BAD_SIGNATURE');
  });
});

describe('6.1.2 (h) working_public_key is the trust anchor key', () => {
  it('6.1.2 (h): the first certificate must verify with the anchor key itself', async () => {
    const sameName = await make(scratch, 'in-root', { extensions: CA, fileName: 'init-h-root' });
    expect(codes(validate(leaf, [ca], root))).toEqual([]);
    expect(codes(validate(leaf, [ca], sameName))).toContain('ERR_CHAIN_BAD_SIGNATURE');
  });
});

// RFC 3279 §2.3.2: a DSA key without domain parameters takes those of the key that signed it.
const ID_DSA = '1.2.840.10040.4.1';
function withoutParameters(spki: Uint8Array): Uint8Array {
  const [algorithm, key] = readRawChildren(readRaw(spki));
  const [oid] = readRawChildren(algorithm as never);
  return encodeSequence(encodeSequence((oid as { raw: Uint8Array }).raw), (key as { raw: Uint8Array }).raw);
}

describe('6.1.2 (i) working_public_key_parameters come from the trust anchor', () => {
  it('6.1.2 (i): a parameterless DSA key is usable only with the parameters of the key above it', () => {
    const pair = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 });
    const full = new Uint8Array(pair.publicKey.export({ format: 'der', type: 'spki' }));
    const bare = withoutParameters(full);
    const as = (id: string, spki: Uint8Array) => ({ id, spki, spkiAlgorithm: ID_DSA }) as unknown as ParsedCertificate;
    expect(() => createPublicKey({ key: Buffer.from(bare), format: 'der', type: 'spki' })).toThrow();
    const [child] = withInheritedDsaParameters([as('child', bare), as('anchor', full)]);
    const completed = createPublicKey({ key: Buffer.from(child?.spki ?? []), format: 'der', type: 'spki' });
    const signature = createSign('sha256').update('tbs').sign(pair.privateKey);
    expect(createVerify('sha256').update('tbs').verify(completed, signature)).toBe(true);
  });
});

describe('6.1.2 (j) working_issuer_name is the trust anchor name', () => {
  it('6.1.2 (j): the anchor key under another name does not issue the first certificate', async () => {
    const renamed = await make(scratch, 'init-j-renamed-root', { extensions: CA, sameKeyAs: root });
    expect(codes(validate(leaf, [ca], renamed))).toEqual(['ERR_CHAIN_INTERMEDIATE_MISSING']);
    expect(codes(validate(leaf, [ca], root))).toEqual([]);
  });
});

describe('6.1.2 (k) max_path_length starts at n', () => {
  it('6.1.2 (k): without pathLenConstraint any number of intermediates is allowed by the RFC (maxDepth is our own limit)', async () => {
    const chain: Made[] = [ca];
    for (let i = 2; i <= 4; i++) {
      chain.push(await make(scratch, `init-k-ca${i}`, { issuer: chain[chain.length - 1] as Made, extensions: CA }));
    }
    const deepLeaf = await make(scratch, 'init-k-leaf', { issuer: chain[chain.length - 1] as Made, extensions: LEAF });
    expect(codes(validate(deepLeaf, chain, root))).toEqual([]);
    expect(codes(validate(deepLeaf, chain, root, { maxDepth: 3 }))).toEqual(['ERR_CHAIN_MAX_DEPTH']);
  });
});
