/** RFC 5280 §6.1.4 preparation for certificate i+1, one describe per step (a)–(o). */
import { createPublicKey, createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSequence } from '../src/asn1/der.js';
import { readRaw, readRawChildren } from '../src/asn1/der-primitives.js';
import { withInheritedDsaParameters } from '../src/chain/dsa-parameters.js';
import type { ParsedCertificate } from '../src/x509/certificate.js';
import { makeScratch, type Scratch } from './csr-openssl.js';
import { CA, codes, LEAF, type Made, make, policies, POLICY, replacing, validate } from './rfc5280-pki.js';

const { P1, P8, P9, ANY } = POLICY;

let scratch: Scratch;
let root: Made;

beforeAll(async () => {
  scratch = await makeScratch();
  root = await make(scratch, 'prep-root', { extensions: CA });
});
afterAll(async () => {
  await scratch.remove();
});

const explicit = { policy: { explicitPolicy: true } };
const withPathLen = (pathLen: number) =>
  replacing(CA, 'basicConstraints', `basicConstraints = critical, CA:TRUE, pathlen:${pathLen}`);
const leafOf = (issuer: Made, name: string, ...extra: string[]) =>
  make(scratch, name, { issuer, extensions: [...LEAF, ...extra] });

describe('6.1.4 (a) anyPolicy must not appear in policyMappings', () => {
  it('6.1.4 (a): a mapping from anyPolicy is rejected; an ordinary mapping is not', async () => {
    const bad = await make(scratch, 'prep-a-bad', {
      issuer: root,
      extensions: [...CA, policies(P1), `policyMappings = ${ANY}:${P9}`],
    });
    const good = await make(scratch, 'prep-a-good', {
      issuer: root,
      extensions: [...CA, policies(P1), `policyMappings = ${P1}:${P9}`],
    });
    expect(codes(validate(await leafOf(bad, 'prep-a-bad-leaf', policies(P9)), [bad], root))).toContain(
      'ERR_CHAIN_POLICY',
    );
    expect(codes(validate(await leafOf(good, 'prep-a-good-leaf', policies(P9)), [good], root, explicit))).toEqual([]);
  });
});

describe('6.1.4 (b) policy mappings', () => {
  it('6.1.4 (b)(1): with policy_mapping above 0, the mapped policy’s expected set becomes every subject policy it maps to', async () => {
    const mapping = await make(scratch, 'prep-b1-ca', {
      issuer: root,
      extensions: [...CA, policies(P1), `policyMappings = ${P1}:${P9}, ${P1}:${P8}`],
    });
    const p8Leaf = await leafOf(mapping, 'prep-b1-leaf', policies(P8));
    const result = validate(p8Leaf, [mapping], root, explicit);
    expect(codes(result)).toEqual([]);
    expect(result.policySet).toEqual([P1]);
  });

  it('6.1.4 (b)(1): mappings chain across CAs, and the result names the policy in the anchor’s domain', async () => {
    const first = await make(scratch, 'prep-b1-chain-1', {
      issuer: root,
      extensions: [...CA, policies(P1), `policyMappings = ${P1}:${P9}`],
    });
    const second = await make(scratch, 'prep-b1-chain-2', {
      issuer: first,
      extensions: [...CA, policies(P9), `policyMappings = ${P9}:${P8}`],
    });
    const p8Leaf = await leafOf(second, 'prep-b1-chain-leaf', policies(P8));
    const result = validate(p8Leaf, [first, second], root, {
      policy: { explicitPolicy: true, initialPolicySet: [P1] },
    });
    expect(codes(result)).toEqual([]);
    expect(result.policySet).toEqual([P1]);
    const wrongDomain = { policy: { explicitPolicy: true, initialPolicySet: [P8] } };
    expect(codes(validate(p8Leaf, [first, second], root, wrongDomain))).toEqual(['ERR_CHAIN_POLICY']);
  });

  it('6.1.4 (b)(1): a mapping of a policy the tree lacks grows from the anyPolicy node', async () => {
    const anyCa = await make(scratch, 'prep-b1-any', { issuer: root, extensions: [...CA, policies(ANY)] });
    const mapping = await make(scratch, 'prep-b1-any-map', {
      issuer: anyCa,
      extensions: [...CA, policies(ANY), `policyMappings = ${P1}:${P9}`],
    });
    const p9Leaf = await leafOf(mapping, 'prep-b1-any-leaf', policies(P9));
    expect(codes(validate(p9Leaf, [anyCa, mapping], root, explicit))).toEqual([]);
  });

  it('6.1.4 (b)(1): the anyPolicy node a self-issued CA keeps while inhibit_anyPolicy is 0 still takes its mappings', async () => {
    // The top CA asserts anyPolicy and sets inhibitAnyPolicy 0; the self-issued CA below still gets an
    // anyPolicy node (6.1.3 (d)(2): i < n and self-issued), and (b)(1) then maps P1 from that node.
    const top = await make(scratch, 'prep-b1-si-top', {
      issuer: root,
      extensions: [...CA, policies(ANY), 'inhibitAnyPolicy = critical, 0'],
    });
    const selfIssued = await make(scratch, 'prep-b1-si-top', {
      issuer: top,
      extensions: [...CA, policies(ANY), `policyMappings = ${P1}:${P9}`],
      fileName: 'prep-b1-si-rollover',
    });
    const p9Leaf = await leafOf(selfIssued, 'prep-b1-si-leaf', policies(P9));
    const result = validate(p9Leaf, [top, selfIssued], root, {
      policy: { explicitPolicy: true, initialPolicySet: [P1] },
    });
    expect(result.path).toHaveLength(4);
    expect(codes(result)).toEqual([]);
    expect(result.policySet).toEqual([P1]);
  });

  it('6.1.4 (b)(2): with policy_mapping at 0, the mapped policy is deleted instead, and the path has no policy left', async () => {
    const inhibiting = await make(scratch, 'prep-b2-top', {
      issuer: root,
      extensions: [...CA, policies(P1), 'policyConstraints = critical, inhibitPolicyMapping:0'],
    });
    const mapping = await make(scratch, 'prep-b2-map', {
      issuer: inhibiting,
      extensions: [...CA, policies(P1), `policyMappings = ${P1}:${P9}`],
    });
    const p9Leaf = await leafOf(mapping, 'prep-b2-leaf', policies(P9));
    expect(codes(validate(p9Leaf, [inhibiting, mapping], root, explicit))).toEqual(['ERR_CHAIN_POLICY']);
  });

  it('6.1.4 (b) before (i): a CA’s own inhibitPolicyMapping 0 does not stop its own mappings', async () => {
    const mapping = await make(scratch, 'prep-b-own', {
      issuer: root,
      extensions: [
        ...CA,
        policies(P1),
        `policyMappings = ${P1}:${P9}`,
        'policyConstraints = critical, inhibitPolicyMapping:0',
      ],
    });
    const p9Leaf = await leafOf(mapping, 'prep-b-own-leaf', policies(P9));
    expect(codes(validate(p9Leaf, [mapping], root, explicit))).toEqual([]);
  });
});

describe('6.1.4 (c) working_issuer_name becomes the subject of certificate i', () => {
  it('6.1.4 (c): the certificate below an intermediate must name that intermediate as its issuer', async () => {
    const top = await make(scratch, 'prep-c-top', { issuer: root, extensions: CA });
    const renamed = await make(scratch, 'prep-c-renamed', { issuer: root, extensions: CA, sameKeyAs: top });
    const below = await make(scratch, 'prep-c-below', { issuer: renamed, extensions: CA });
    const leaf = await leafOf(below, 'prep-c-leaf');
    expect(codes(validate(leaf, [top, below], root))).toEqual(['ERR_CHAIN_INTERMEDIATE_MISSING']);
    expect(codes(validate(leaf, [renamed, below], root))).toEqual([]);
  });
});

describe('6.1.4 (d) working_public_key becomes the key of certificate i', () => {
  it('6.1.4 (d): a leaf signed by the key above its issuer, not the issuer’s own, is rejected', async () => {
    const ca = await make(scratch, 'prep-d-ca', { issuer: root, extensions: CA });
    const rootKeyAsCa = await make(scratch, 'prep-d-ca', {
      issuer: root,
      extensions: CA,
      sameKeyAs: root,
      fileName: 'prep-d-ca-root-key',
    });
    const forged = await leafOf(rootKeyAsCa, 'prep-d-forged');
    expect(codes(validate(forged, [ca], root))).toEqual(['ERR_CHAIN_BAD_SIGNATURE']);
    expect(codes(validate(await leafOf(ca, 'prep-d-leaf'), [ca], root))).toEqual([]);
  });
});

// RFC 3279 §2.3.2: a DSA key without domain parameters takes those of the key that signed it.
const ID_DSA = '1.2.840.10040.4.1';
function withoutParameters(spki: Uint8Array): Uint8Array {
  const [algorithm, key] = readRawChildren(readRaw(spki));
  const [oid] = readRawChildren(algorithm as never);
  return encodeSequence(encodeSequence((oid as { raw: Uint8Array }).raw), (key as { raw: Uint8Array }).raw);
}

describe('6.1.4 (e) working_public_key_parameters: the certificate’s own, or kept from above when it has none', () => {
  it('6.1.4 (e): a parameterless DSA key two levels down takes the nearest parameters', () => {
    const pair = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 });
    const full = new Uint8Array(pair.publicKey.export({ format: 'der', type: 'spki' }));
    const bare = withoutParameters(full);
    const as = (id: string, spki: Uint8Array) => ({ id, spki, spkiAlgorithm: ID_DSA }) as unknown as ParsedCertificate;
    const [leaf, middle] = withInheritedDsaParameters([as('leaf', bare), as('middle', bare), as('anchor', full)]);
    const signature = createSign('sha256').update('tbs').sign(pair.privateKey);
    for (const certificate of [leaf, middle]) {
      const key = createPublicKey({ key: Buffer.from(certificate?.spki ?? []), format: 'der', type: 'spki' });
      expect(createVerify('sha256').update('tbs').verify(key, signature)).toBe(true);
    }
  });

  it('6.1.4 (e): an intermediate’s curve parameters (P-384) are used for the certificate it signs', async () => {
    const p384 = await make(scratch, 'prep-e-ca', {
      issuer: root,
      extensions: CA,
      keyArgs: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
    });
    expect(codes(validate(await leafOf(p384, 'prep-e-leaf'), [p384], root))).toEqual([]);
  });
});

describe('6.1.4 (f) working_public_key_algorithm becomes that of certificate i', () => {
  it('6.1.4 (f): an RSA intermediate under an EC root verifies its EC leaf', async () => {
    const rsa = await make(scratch, 'prep-f-ca', {
      issuer: root,
      extensions: CA,
      keyArgs: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    });
    expect(codes(validate(await leafOf(rsa, 'prep-f-leaf'), [rsa], root))).toEqual([]);
  });
});

describe('6.1.4 (g) nameConstraints: permitted subtrees intersect, excluded subtrees unite', () => {
  it('6.1.4 (g): permitted subtrees of two CAs intersect, so a name must lie in both', async () => {
    const outer = await make(scratch, 'prep-g-outer', {
      issuer: root,
      extensions: [...CA, 'nameConstraints = critical, permitted;DNS:example.com'],
    });
    const inner = await make(scratch, 'prep-g-inner', {
      issuer: outer,
      extensions: [...CA, 'nameConstraints = critical, permitted;DNS:dept.example.com, permitted;DNS:other.test'],
    });
    const san = (name: string) => replacing(LEAF, 'subjectAltName', `subjectAltName = DNS:${name}`);
    const inBoth = await make(scratch, 'prep-g-both', { issuer: inner, extensions: san('a.dept.example.com') });
    const outerOnly = await make(scratch, 'prep-g-outer-only', { issuer: inner, extensions: san('a.example.com') });
    const innerOnly = await make(scratch, 'prep-g-inner-only', { issuer: inner, extensions: san('a.other.test') });
    expect(codes(validate(inBoth, [outer, inner], root))).toEqual([]);
    expect(codes(validate(outerOnly, [outer, inner], root))).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS']);
    expect(codes(validate(innerOnly, [outer, inner], root))).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS']);
  });

  it('6.1.4 (g): excluded subtrees of two CAs add up', async () => {
    const outer = await make(scratch, 'prep-g-ex-outer', {
      issuer: root,
      extensions: [...CA, 'nameConstraints = critical, excluded;DNS:a.example.com'],
    });
    const inner = await make(scratch, 'prep-g-ex-inner', {
      issuer: outer,
      extensions: [...CA, 'nameConstraints = critical, excluded;DNS:b.example.com'],
    });
    const san = (name: string) => replacing(LEAF, 'subjectAltName', `subjectAltName = DNS:${name}`);
    const made = async (name: string) => make(scratch, `prep-g-ex-${name}`, { issuer: inner, extensions: san(name) });
    expect(codes(validate(await made('a.example.com'), [outer, inner], root))).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS']);
    expect(codes(validate(await made('b.example.com'), [outer, inner], root))).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS']);
    expect(codes(validate(await made('c.example.com'), [outer, inner], root))).toEqual([]);
  });
});

describe('6.1.4 (h) a certificate that is not self-issued counts down explicit_policy, policy_mapping, inhibit_anyPolicy', () => {
  // requireExplicitPolicy 3 in the top CA, a policy-less leaf four certificates down. explicit_policy
  // is 3 after the top CA; a self-issued CA keeps it at 3, the CA below brings it to 2, the leaf passes
  // (f) with 2 and wrap-up leaves 1: valid. A CA that is not self-issued counts too: 2, 1, 0 at wrap-up.
  it('6.1.4 (h): a self-issued middle CA does not count down explicit_policy; another CA does', async () => {
    const top = await make(scratch, 'prep-h-top', {
      issuer: root,
      extensions: [...CA, policies(ANY), 'policyConstraints = critical, requireExplicitPolicy:3'],
    });
    const selfIssued = await make(scratch, 'prep-h-top', {
      issuer: top,
      extensions: [...CA, policies(ANY)],
      fileName: 'prep-h-top-rollover',
    });
    const other = await make(scratch, 'prep-h-other', { issuer: top, extensions: [...CA, policies(ANY)] });
    const belowSelf = await make(scratch, 'prep-h-below-self', {
      issuer: selfIssued,
      extensions: [...CA, policies(ANY)],
    });
    const belowOther = await make(scratch, 'prep-h-below-other', { issuer: other, extensions: [...CA, policies(ANY)] });
    const leafSelf = await leafOf(belowSelf, 'prep-h-leaf-self');
    const leafOther = await leafOf(belowOther, 'prep-h-leaf-other');
    const viaSelf = validate(leafSelf, [top, selfIssued, belowSelf], root);
    expect(viaSelf.path).toHaveLength(5);
    expect(codes(viaSelf)).toEqual([]);
    expect(codes(validate(leafOther, [top, other, belowOther], root))).toEqual(['ERR_CHAIN_POLICY']);
  });
});

describe('6.1.4 (i) policyConstraints lower explicit_policy and policy_mapping', () => {
  it('6.1.4 (i)(1): requireExplicitPolicy 1 makes a policy required after one more certificate', async () => {
    const requiring = await make(scratch, 'prep-i1-top', {
      issuer: root,
      extensions: [...CA, policies(ANY), 'policyConstraints = critical, requireExplicitPolicy:1'],
    });
    const plainTop = await make(scratch, 'prep-i1-plain', { issuer: root, extensions: [...CA, policies(ANY)] });
    const noPolicyCa = (issuer: Made, name: string) => make(scratch, name, { issuer, extensions: CA });
    const belowRequiring = await noPolicyCa(requiring, 'prep-i1-below-req');
    const belowPlain = await noPolicyCa(plainTop, 'prep-i1-below-plain');
    const leafRequiring = await leafOf(belowRequiring, 'prep-i1-leaf-req');
    const leafPlain = await leafOf(belowPlain, 'prep-i1-leaf-plain');
    expect(codes(validate(leafRequiring, [requiring, belowRequiring], root))).toEqual(['ERR_CHAIN_POLICY']);
    expect(codes(validate(leafPlain, [plainTop, belowPlain], root))).toEqual([]);
  });

  it('6.1.4 (i)(2): inhibitPolicyMapping 1 lets the next CA map but not the one after', async () => {
    const top = await make(scratch, 'prep-i2-top', {
      issuer: root,
      extensions: [...CA, policies(P1), 'policyConstraints = critical, inhibitPolicyMapping:1'],
    });
    const first = await make(scratch, 'prep-i2-first', {
      issuer: top,
      extensions: [...CA, policies(P1), `policyMappings = ${P1}:${P9}`],
    });
    const second = await make(scratch, 'prep-i2-second', {
      issuer: first,
      extensions: [...CA, policies(P9), `policyMappings = ${P9}:${P8}`],
    });
    const p9Leaf = await leafOf(first, 'prep-i2-p9', policies(P9));
    const p8Leaf = await leafOf(second, 'prep-i2-p8', policies(P8));
    expect(codes(validate(p9Leaf, [top, first], root, explicit))).toEqual([]);
    expect(codes(validate(p8Leaf, [top, first, second], root, explicit))).toEqual(['ERR_CHAIN_POLICY']);
  });
});

describe('6.1.4 (j) inhibitAnyPolicy lowers inhibit_anyPolicy', () => {
  let p1Top: (name: string, skip: number) => Promise<Made>;
  beforeAll(() => {
    p1Top = (name, skip) =>
      make(scratch, name, { issuer: root, extensions: [...CA, policies(P1), `inhibitAnyPolicy = critical, ${skip}`] });
  });

  it('6.1.4 (j): below inhibitAnyPolicy 0 an intermediate’s anyPolicy no longer counts; below 1 it does', async () => {
    for (const [skip, expected] of [
      [0, ['ERR_CHAIN_POLICY']],
      [1, []],
    ] as const) {
      const top = await p1Top(`prep-j-top-${skip}`, skip);
      const anyCa = await make(scratch, `prep-j-any-${skip}`, { issuer: top, extensions: [...CA, policies(ANY)] });
      const p1Leaf = await leafOf(anyCa, `prep-j-leaf-${skip}`, policies(P1));
      expect(codes(validate(p1Leaf, [top, anyCa], root, explicit))).toEqual(expected);
    }
  });

  it('6.1.4 (j) with 6.1.3 (d)(2): a self-issued intermediate’s anyPolicy counts even at 0', async () => {
    const top = await p1Top('prep-j-self-top', 0);
    const selfIssued = await make(scratch, 'prep-j-self-top', {
      issuer: top,
      extensions: [...CA, policies(ANY)],
      fileName: 'prep-j-self-rollover',
    });
    const p1Leaf = await leafOf(selfIssued, 'prep-j-self-leaf', policies(P1));
    const result = validate(p1Leaf, [top, selfIssued], root, explicit);
    expect(result.path).toHaveLength(4);
    expect(codes(result)).toEqual([]);
  });
});

describe('6.1.4 (k) a version 3 certificate with basicConstraints cA TRUE', () => {
  it('6.1.4 (k): a certificate without basicConstraints cA=TRUE cannot issue', async () => {
    const notCa = await make(scratch, 'prep-k-false', {
      issuer: root,
      extensions: replacing(CA, 'basicConstraints', 'basicConstraints = critical, CA:FALSE'),
    });
    const noBasic = await make(scratch, 'prep-k-absent', {
      issuer: root,
      extensions: replacing(CA, 'basicConstraints'),
    });
    for (const ca of [notCa, noBasic]) {
      const result = validate(await leafOf(ca, `${ca.name}-leaf`), [ca], root);
      expect(result.problems.map((problem) => [problem.code, problem.certificateIndex])).toEqual([
        ['ERR_CHAIN_NOT_CA', 1],
      ]);
    }
  });

  it('6.1.4 (k): a version 1 certificate (no extensions at all) cannot issue', async () => {
    const v1 = await make(scratch, 'prep-k-v1', { issuer: root });
    const text = await scratch.openssl('x509', '-in', v1.certFile, '-noout', '-text');
    expect(text).toMatch(/Version: 1 /);
    // A version 1 issuer has no key identifier for the leaf to point at.
    const leaf = await make(scratch, 'prep-k-v1-leaf', {
      issuer: v1,
      extensions: replacing(LEAF, 'authorityKeyIdentifier'),
    });
    expect(codes(validate(leaf, [v1], root))).toEqual(['ERR_CHAIN_NOT_CA']);
  });

  it('6.1.4 (k): the trust anchor is not certificate i, so a version 1 root certificate is an anchor', async () => {
    const v1Root = await make(scratch, 'prep-k-v1-root');
    const ca = await make(scratch, 'prep-k-v1-root-ca', {
      issuer: v1Root,
      extensions: replacing(CA, 'authorityKeyIdentifier'),
    });
    const leaf = await leafOf(ca, 'prep-k-v1-root-leaf');
    expect(codes(validate(leaf, [ca], v1Root))).toEqual([]);
    // §4.2.1.9 asks CAs to include basicConstraints: the strict profile holds the anchor to it.
    expect(codes(validate(leaf, [ca], v1Root, { profile: 'strict' }))).toContain('ERR_CHAIN_NOT_CA');
  });

  it('6.1.4 (k): a version 3 certificate with cA TRUE issues', async () => {
    const ca = await make(scratch, 'prep-k-ok', { issuer: root, extensions: CA });
    expect(codes(validate(await leafOf(ca, 'prep-k-ok-leaf'), [ca], root))).toEqual([]);
  });
});

describe('6.1.4 (l) a certificate that is not self-issued needs max_path_length above 0', () => {
  it('6.1.4 (l): a CA below a pathlen 0 CA is rejected, a self-issued certificate below it is not', async () => {
    const zero = await make(scratch, 'prep-l-zero', { issuer: root, extensions: withPathLen(0) });
    const below = await make(scratch, 'prep-l-below', { issuer: zero, extensions: CA });
    const rollover = await make(scratch, 'prep-l-zero', {
      issuer: zero,
      extensions: CA,
      fileName: 'prep-l-zero-rollover',
    });
    const belowResult = validate(await leafOf(below, 'prep-l-leaf'), [zero, below], root);
    expect(belowResult.problems.map((problem) => [problem.code, problem.certificateIndex])).toEqual([
      ['ERR_CHAIN_PATH_LENGTH_EXCEEDED', 1],
    ]);
    const rolloverResult = validate(await leafOf(rollover, 'prep-l-rollover-leaf'), [zero, rollover], root);
    expect(rolloverResult.path).toHaveLength(4);
    expect(codes(rolloverResult)).toEqual([]);
  });
});

describe('6.1.4 (m) a smaller pathLenConstraint lowers max_path_length', () => {
  it('6.1.4 (m): pathlen 1 allows one CA below, not two; a larger pathlen further down does not raise it', async () => {
    const one = await make(scratch, 'prep-m-one', { issuer: root, extensions: withPathLen(1) });
    const second = await make(scratch, 'prep-m-second', { issuer: one, extensions: withPathLen(5) });
    const third = await make(scratch, 'prep-m-third', { issuer: second, extensions: CA });
    expect(codes(validate(await leafOf(second, 'prep-m-leaf2'), [one, second], root))).toEqual([]);
    const tooDeep = validate(await leafOf(third, 'prep-m-leaf3'), [one, second, third], root);
    expect(tooDeep.problems.map((problem) => [problem.code, problem.certificateIndex])).toEqual([
      ['ERR_CHAIN_PATH_LENGTH_EXCEEDED', 1],
    ]);
  });
});

describe('6.1.4 (n) a keyUsage extension must assert keyCertSign', () => {
  it('6.1.4 (n): a CA whose keyUsage lacks keyCertSign is rejected; one without keyUsage is not', async () => {
    const noSign = await make(scratch, 'prep-n-crl-only', {
      issuer: root,
      extensions: replacing(CA, 'keyUsage', 'keyUsage = critical, cRLSign, digitalSignature'),
    });
    const noKeyUsage = await make(scratch, 'prep-n-absent', { issuer: root, extensions: replacing(CA, 'keyUsage') });
    expect(codes(validate(await leafOf(noSign, 'prep-n-leaf'), [noSign], root))).toEqual(['ERR_CHAIN_KEY_USAGE']);
    expect(codes(validate(await leafOf(noKeyUsage, 'prep-n-absent-leaf'), [noKeyUsage], root))).toEqual([]);
  });
});

describe('6.1.4 (o) any other critical extension must be recognized and processed', () => {
  it('6.1.4 (o): an unknown critical extension in an intermediate is rejected; the same one non-critical is not', async () => {
    const critical = await make(scratch, 'prep-o-critical', {
      issuer: root,
      extensions: [...CA, '1.3.6.1.4.1.55555.99 = critical, ASN1:UTF8String:private'],
    });
    const plain = await make(scratch, 'prep-o-plain', {
      issuer: root,
      extensions: [...CA, '1.3.6.1.4.1.55555.99 = ASN1:UTF8String:private'],
    });
    const rejected = validate(await leafOf(critical, 'prep-o-leaf'), [critical], root);
    expect(rejected.problems.map((problem) => [problem.code, problem.certificateIndex])).toEqual([
      ['ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION', 1],
    ]);
    expect(codes(validate(await leafOf(plain, 'prep-o-plain-leaf'), [plain], root))).toEqual([]);
  });
});
