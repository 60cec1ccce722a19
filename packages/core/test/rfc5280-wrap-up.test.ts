/** RFC 5280 §6.1.5 wrap-up procedure (a)–(g) and §6.1.6 outputs, one describe per step. */
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scratch } from './csr-openssl.js';
import { CA, codes, LEAF, type Made, make, policies, POLICY, rootCaLeaf, validate } from './rfc5280-pki.js';

const { P1, P2, P3, ANY } = POLICY;

let scratch: Scratch, root: Made, ca: Made, leaf: Made;
beforeAll(async () => {
  ({ scratch, root, ca, leaf } = await rootCaLeaf('wrap'));
});
afterAll(() => scratch.remove());

const leafOf = (issuer: Made, name: string, ...extra: string[]) =>
  make(scratch, name, { issuer, extensions: [...LEAF, ...extra] });
const leafKey = (result: { path: Uint8Array[] }) => new X509Certificate(result.path[0] as Uint8Array).publicKey;

describe('6.1.5 (a) explicit_policy is decremented once more', () => {
  // Path of three: the top CA's requireExplicitPolicy, then the CA below, then the policy-less leaf.
  // 2 → 1 after the CA below → 0 at wrap-up: a policy is required and there is none. 3 leaves 1.
  it('6.1.5 (a): requireExplicitPolicy 2 two certificates above a policy-less leaf fails at wrap-up; 3 does not', async () => {
    for (const [skip, expected] of [
      [2, ['ERR_CHAIN_POLICY']],
      [3, []],
    ] as const) {
      const top = await make(scratch, `wrap-a-top-${skip}`, {
        issuer: root,
        extensions: [...CA, policies(ANY), `policyConstraints = critical, requireExplicitPolicy:${skip}`],
      });
      const below = await make(scratch, `wrap-a-below-${skip}`, { issuer: top, extensions: [...CA, policies(ANY)] });
      const bare = await leafOf(below, `wrap-a-leaf-${skip}`);
      expect(codes(validate(bare, [top, below], root))).toEqual(expected);
    }
  });
});

describe('6.1.5 (b) requireExplicitPolicy 0 in the leaf sets explicit_policy to 0', () => {
  it('6.1.5 (b): a leaf requiring an explicit policy fails without a valid policy and passes with one', async () => {
    const p1Ca = await make(scratch, 'wrap-b-ca', { issuer: root, extensions: [...CA, policies(P1)] });
    const requiring = 'policyConstraints = critical, requireExplicitPolicy:0';
    const without = await leafOf(p1Ca, 'wrap-b-none', requiring, policies(P2));
    const withP1 = await leafOf(p1Ca, 'wrap-b-p1', requiring, policies(P1));
    expect(codes(validate(without, [p1Ca], root))).toEqual(['ERR_CHAIN_POLICY']);
    expect(codes(validate(withP1, [p1Ca], root))).toEqual([]);
  });
});

describe('6.1.5 (c) working_public_key is the leaf’s key', () => {
  it('6.1.5 (c): the validated path starts with the leaf, whose key is the one its private key matches', () => {
    const result = validate(leaf, [ca], root);
    expect(codes(result)).toEqual([]);
    const expected = createPublicKey(createPrivateKey(readFileSync(leaf.keyFile)));
    expect(leafKey(result).equals(expected)).toBe(true);
  });
});

describe('6.1.5 (d) working_public_key_parameters are the leaf’s', () => {
  it('6.1.5 (d): a P-384 leaf under a P-256 CA comes out with its own curve', async () => {
    const p384 = await make(scratch, 'wrap-d-leaf', {
      issuer: ca,
      extensions: LEAF,
      keyArgs: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
    });
    const result = validate(p384, [ca], root);
    expect(codes(result)).toEqual([]);
    expect(leafKey(result).asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
  });
});

describe('6.1.5 (e) working_public_key_algorithm is the leaf’s', () => {
  it('6.1.5 (e): an RSA leaf under an EC CA comes out as an RSA key', async () => {
    const rsa = await make(scratch, 'wrap-e-leaf', {
      issuer: ca,
      extensions: LEAF,
      keyArgs: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    });
    const result = validate(rsa, [ca], root);
    expect(codes(result)).toEqual([]);
    expect(leafKey(result).asymmetricKeyType).toBe('rsa');
  });
});

describe('6.1.5 (f) the leaf’s critical extensions must be recognized and processed', () => {
  it('6.1.5 (f): an unknown critical extension in the leaf is rejected; known critical ones are not', async () => {
    const unknown = await leafOf(ca, 'wrap-f-unknown', '1.3.6.1.4.1.55555.98 = critical, ASN1:NULL');
    const result = validate(unknown, [ca], root);
    expect(result.problems.map((problem) => [problem.code, problem.certificateIndex])).toEqual([
      ['ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION', 0],
    ]);
    // LEAF marks basicConstraints and keyUsage critical.
    expect(codes(validate(leaf, [ca], root))).toEqual([]);
  });
});

describe('6.1.5 (g) the intersection of valid_policy_tree and user-initial-policy-set', () => {
  let p1p2Ca: Made;
  let p1p2Leaf: Made;
  beforeAll(async () => {
    p1p2Ca = await make(scratch, 'wrap-g-ca', { issuer: root, extensions: [...CA, policies(P1, P2)] });
    p1p2Leaf = await leafOf(p1p2Ca, 'wrap-g-leaf', policies(P1, P2));
  });

  it('6.1.5 (g)(i): a NULL tree intersects to nothing', () => {
    // wrap-ca carries no certificatePolicies, so the tree is NULL from it on.
    const result = validate(leaf, [ca], root, { policy: { initialPolicySet: [P1] } });
    expect(codes(result)).toEqual([]);
    expect(result.policySet).toEqual([]);
  });

  it('6.1.5 (g)(ii): with the user set anyPolicy the tree is kept as it is', () => {
    expect(validate(p1p2Leaf, [p1p2Ca], root).policySet.sort()).toEqual([P1, P2]);
  });

  it('6.1.5 (g)(iii): otherwise only the user’s policies remain, and none left with an explicit policy fails', () => {
    const kept = validate(p1p2Leaf, [p1p2Ca], root, { policy: { initialPolicySet: [P2, P3] } });
    expect(kept.policySet).toEqual([P2]);
    const none = validate(p1p2Leaf, [p1p2Ca], root, { policy: { initialPolicySet: [P3], explicitPolicy: true } });
    expect(codes(none)).toEqual(['ERR_CHAIN_POLICY']);
  });

  it('6.1.5 (g)(iii)(3): a leaf-level anyPolicy node stands for each policy of the user set', async () => {
    const anyCa = await make(scratch, 'wrap-g-any-ca', { issuer: root, extensions: [...CA, policies(ANY)] });
    const anyLeaf = await leafOf(anyCa, 'wrap-g-any-leaf', policies(ANY));
    const result = validate(anyLeaf, [anyCa], root, { policy: { initialPolicySet: [P3], explicitPolicy: true } });
    expect(codes(result)).toEqual([]);
    expect(result.policySet).toEqual([P3]);
  });
});

describe('6.1.6 outputs', () => {
  it('6.1.6: success is indicated with the policies, the path and so the leaf key', () => {
    const result = validate(leaf, [ca], root);
    expect(result.valid).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.policySet).toEqual([]);
    expect(result.path).toHaveLength(3);
  });

  it('6.1.6: failure is indicated with a reason for each problem, naming the certificate', async () => {
    const old = await make(scratch, 'wrap-out-old', { issuer: ca, extensions: LEAF, notAfter: '20260101000000Z' });
    const result = validate(old, [ca], root);
    expect(result.valid).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ code: 'ERR_CHAIN_EXPIRED', certificateIndex: 0 });
    expect(result.problems[0]?.message).toMatch(/^leaf expired at 2026-01-01T00:00:00/);
  });
});
