/**
 * RFC 5280 §6.1.3 basic certificate processing, one describe per step: (a)(1)–(4), (b), (c), (d)–(f).
 * (a)(3) covers RFC 5280 §6.3 only as far as "a revoked intermediate or leaf is rejected, an unknown
 * status is reported distinctly"; the CRL processing itself has its own tests (chain-crl*.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derOf } from './chain-openssl.js';
import { flipByte, type Scratch } from './csr-openssl.js';
import {
  CA,
  codes,
  LEAF,
  type Made,
  make,
  makeCrl,
  POLICY,
  replacing,
  rootCaLeaf,
  validate,
  withPolicies,
} from './rfc5280-pki.js';

const { P1, P2, P3, ANY } = POLICY;

let scratch: Scratch, root: Made, ca: Made, leaf: Made;
beforeAll(async () => {
  ({ scratch, root, ca, leaf } = await rootCaLeaf('bp'));
});
afterAll(() => scratch.remove());

const pemOf = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64')}\n-----END CERTIFICATE-----\n`;

describe('6.1.3 (a)(1) the signature verifies with working_public_key', () => {
  it('6.1.3 (a)(1): a leaf whose signature bytes were altered is rejected, the original accepted', () => {
    expect(codes(validate(leaf, [ca], root))).toEqual([]);
    const der = derOf(leaf.pem);
    const altered = { ...leaf, pem: pemOf(flipByte(der, der.length - 2)) };
    expect(codes(validate(altered, [ca], root))).toEqual(['ERR_CHAIN_BAD_SIGNATURE']);
  });

  it('6.1.3 (a)(1): a leaf signed by another key under the issuer name is rejected', async () => {
    const impostor = await make(scratch, 'bp-ca', { issuer: root, extensions: CA, fileName: 'bp-ca-impostor' });
    const forged = await make(scratch, 'bp-forged-leaf', { issuer: impostor, extensions: LEAF });
    expect(codes(validate(forged, [ca], root))).toEqual(['ERR_CHAIN_BAD_SIGNATURE']);
  });
});

describe('6.1.3 (a)(2) the certificate validity period includes the current time', () => {
  it('6.1.3 (a)(2): notBefore and notAfter are both inside the validity period (inclusive), a second beyond is not', async () => {
    const dated = await make(scratch, 'bp-dated-leaf', {
      issuer: ca,
      extensions: LEAF,
      notBefore: '20260101000000Z',
      notAfter: '20261231235959Z',
    });
    const at = (iso: string) => codes(validate(dated, [ca], root, { at: new Date(iso) }));
    expect(at('2025-12-31T23:59:59Z')).toEqual(['ERR_CHAIN_NOT_YET_VALID']);
    expect(at('2026-01-01T00:00:00Z')).toEqual([]);
    expect(at('2026-12-31T23:59:59Z')).toEqual([]);
    expect(at('2027-01-01T00:00:00Z')).toEqual(['ERR_CHAIN_EXPIRED']);
  });

  it('6.1.3 (a)(2): the step applies to every certificate of the path, an expired intermediate included', async () => {
    const oldCa = await make(scratch, 'bp-old-ca', { issuer: root, extensions: CA, notAfter: '20260301000000Z' });
    const youngLeaf = await make(scratch, 'bp-young-leaf', { issuer: oldCa, extensions: LEAF });
    const result = validate(youngLeaf, [oldCa], root);
    expect(result.problems.map((problem) => [problem.code, problem.certificateIndex])).toEqual([
      ['ERR_CHAIN_EXPIRED', 1],
    ]);
  });
});

describe('6.1.3 (a)(3) at the current time, the certificate is not revoked', () => {
  let rootCrl: string;
  let caCrl: string;
  beforeAll(async () => {
    rootCrl = await makeCrl(scratch, root, []);
    caCrl = await makeCrl(scratch, ca, []);
  });

  it('6.1.3 (a)(3): with CRLs from both issuers listing nothing, every certificate is good', () => {
    const result = validate(leaf, [ca], root, { crls: [rootCrl, caCrl] });
    expect(codes(result)).toEqual([]);
    expect(result.revocation.map((entry) => [entry.certificateIndex, entry.status])).toEqual([
      [0, 'good'],
      [1, 'good'],
    ]);
  });

  it('6.1.3 (a)(3): a revoked leaf is rejected', async () => {
    const revokedLeaf = await make(scratch, 'bp-revoked-leaf', { issuer: ca, extensions: LEAF });
    const crl = await makeCrl(scratch, ca, [revokedLeaf]);
    const result = validate(revokedLeaf, [ca], root, { crls: [rootCrl, crl] });
    expect(result.problems.map((problem) => [problem.code, problem.certificateIndex])).toEqual([
      ['ERR_CHAIN_REVOKED', 0],
    ]);
    // A sibling the same CRL does not list is still good.
    expect(codes(validate(leaf, [ca], root, { crls: [rootCrl, crl] }))).toEqual([]);
  });

  it('6.1.3 (a)(3): a revoked intermediate is rejected, though the leaf itself is good', async () => {
    const crl = await makeCrl(scratch, root, [ca]);
    const result = validate(leaf, [ca], root, { crls: [crl, caCrl] });
    expect(result.problems.map((problem) => [problem.code, problem.certificateIndex])).toEqual([
      ['ERR_CHAIN_REVOKED', 1],
    ]);
  });

  it('6.1.3 (a)(3): the status is judged at the current time: CRLs not yet or no longer current decide nothing', async () => {
    const revokedLeaf = await make(scratch, 'bp-when-leaf', { issuer: ca, extensions: LEAF });
    const crls = [rootCrl, await makeCrl(scratch, ca, [revokedLeaf])];
    const at = (iso: string) => validate(revokedLeaf, [ca], root, { crls, at: new Date(iso) });
    // The CRLs run from 2026-05-01 to 2026-07-01.
    expect(at('2026-06-01T00:00:00Z').revocation.map((entry) => entry.status)).toEqual(['revoked', 'good']);
    for (const outside of ['2026-04-01T00:00:00Z', '2026-08-01T00:00:00Z']) {
      const result = at(outside);
      expect(result.revocation.map((entry) => entry.status)).toEqual(['undetermined', 'undetermined']);
      expect(codes(result)).not.toContain('ERR_CHAIN_REVOKED');
      expect(codes(result)).toContain('ERR_CHAIN_CRL_MISSING');
    }
  });

  it('6.1.3 (a)(3): an unknown status is reported as undetermined, not as good or revoked', () => {
    const hard = validate(leaf, [ca], root, { crls: [rootCrl] });
    expect(hard.valid).toBe(false);
    expect(hard.problems.map((problem) => [problem.code, problem.certificateIndex])).toEqual([
      ['ERR_CHAIN_CRL_MISSING', 0],
    ]);
    expect(hard.revocation.find((entry) => entry.certificateIndex === 0)?.status).toBe('undetermined');
    const soft = validate(leaf, [ca], root, { crls: [rootCrl], revocation: 'soft-fail' });
    expect(codes(soft)).toEqual([]);
    expect(soft.revocation.map((entry) => [entry.certificateIndex, entry.status])).toEqual([
      [0, 'undetermined'],
      [1, 'good'],
    ]);
  });
});

describe('6.1.3 (a)(4) the certificate issuer name is the working_issuer_name', () => {
  it('6.1.3 (a)(4): the issuer key under another subject name does not chain, even though the signature would verify', async () => {
    const renamed = await make(scratch, 'bp-ca-renamed', { issuer: root, extensions: CA, sameKeyAs: ca });
    expect(codes(validate(leaf, [renamed], root))).toEqual(['ERR_CHAIN_INTERMEDIATE_MISSING']);
    expect(codes(validate(leaf, [ca], root))).toEqual([]);
  });

  it('6.1.3 (a)(4): names are compared as RFC 5280 §7.1 says, so case and inner spaces do not matter', async () => {
    const upper = await make(scratch, 'bp case ca', { issuer: root, extensions: CA, subject: '/CN=BP  Case CA' });
    const lower = await make(scratch, 'bp case ca', {
      issuer: root,
      extensions: CA,
      subject: '/CN=bp case ca',
      sameKeyAs: upper,
      fileName: 'bp-case-ca-lower',
    });
    const caseLeaf = await make(scratch, 'bp-case-leaf', { issuer: upper, extensions: LEAF });
    expect(codes(validate(caseLeaf, [lower], root))).toEqual([]);
  });

  it('6.1.3 (a)(4): the string type of an attribute does not matter either (PrintableString against UTF8String)', async () => {
    const utf8 = await make(scratch, 'bp-type-ca', { issuer: root, extensions: CA, subject: '/O=Example/CN=Type CA' });
    const printable = await make(scratch, 'bp-type-ca', {
      issuer: root,
      extensions: CA,
      subject: '/O=Example/CN=Type CA',
      sameKeyAs: utf8,
      fileName: 'bp-type-ca-printable',
      printableSubject: true,
    });
    const typeLeaf = await make(scratch, 'bp-type-leaf', { issuer: utf8, extensions: LEAF });
    expect(await scratch.openssl('asn1parse', '-in', printable.certFile)).toMatch(/PRINTABLESTRING\s*:Type CA/);
    expect(await scratch.openssl('asn1parse', '-in', utf8.certFile)).toMatch(/UTF8STRING\s*:Type CA/);
    expect(codes(validate(typeLeaf, [printable], root))).toEqual([]);
  });
});

describe('6.1.3 (b) the subject name and subjectAltName are within permitted_subtrees', () => {
  let ncCa: Made;
  beforeAll(async () => {
    ncCa = await make(scratch, 'bp-nc-ca', {
      issuer: root,
      extensions: [
        ...CA,
        'nameConstraints = critical, permitted;DNS:example.com, permitted;dirName:inside',
        '[inside]',
        'O = Inside',
      ],
    });
  });

  it('6.1.3 (b): a leaf whose SAN and subject are inside the permitted subtrees is accepted', async () => {
    const inside = await make(scratch, 'bp-b-inside', {
      issuer: ncCa,
      extensions: LEAF,
      subject: '/O=Inside/CN=bp-b-inside',
    });
    expect(codes(validate(inside, [ncCa], root))).toEqual([]);
  });

  it('6.1.3 (b): a SAN outside the permitted dNSName subtree is rejected', async () => {
    const outside = await make(scratch, 'bp-b-dns', {
      issuer: ncCa,
      subject: '/O=Inside/CN=bp-b-dns',
      extensions: replacing(LEAF, 'subjectAltName', 'subjectAltName = DNS:leaf.example.net'),
    });
    expect(codes(validate(outside, [ncCa], root))).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS']);
  });

  it('6.1.3 (b): a subject name outside the permitted directoryName subtree is rejected', async () => {
    const outside = await make(scratch, 'bp-b-dn', {
      issuer: ncCa,
      extensions: LEAF,
      subject: '/O=Outside/CN=bp-b-dn',
    });
    expect(codes(validate(outside, [ncCa], root))).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS']);
  });

  it('6.1.3 (b): a self-issued intermediate is exempt, though its name lies outside the subtree', async () => {
    const rollover = await make(scratch, 'bp-nc-ca', { issuer: ncCa, extensions: CA, fileName: 'bp-nc-ca-rollover' });
    const below = await make(scratch, 'bp-b-below', {
      issuer: rollover,
      extensions: LEAF,
      subject: '/O=Inside/CN=bp-b-below',
    });
    const result = validate(below, [ncCa, rollover], root);
    expect(codes(result)).toEqual([]);
    expect(result.path).toHaveLength(4);
  });
});

describe('6.1.3 (c) the subject name and subjectAltName are not within excluded_subtrees', () => {
  let exCa: Made;
  beforeAll(async () => {
    exCa = await make(scratch, 'bp-ex-ca', {
      issuer: root,
      extensions: [
        ...CA,
        'nameConstraints = critical, excluded;DNS:blocked.example.com, excluded;IP:10.0.0.0/255.0.0.0',
      ],
    });
  });

  it('6.1.3 (c): a name outside every excluded subtree is accepted', async () => {
    const fine = await make(scratch, 'bp-c-fine', {
      issuer: exCa,
      extensions: replacing(LEAF, 'subjectAltName', 'subjectAltName = DNS:leaf.example.com, IP:192.0.2.1'),
    });
    expect(codes(validate(fine, [exCa], root))).toEqual([]);
  });

  it('6.1.3 (c): a dNSName or iPAddress inside an excluded subtree is rejected', async () => {
    const dns = await make(scratch, 'bp-c-dns', {
      issuer: exCa,
      extensions: replacing(LEAF, 'subjectAltName', 'subjectAltName = DNS:www.blocked.example.com'),
    });
    const ip = await make(scratch, 'bp-c-ip', {
      issuer: exCa,
      extensions: replacing(LEAF, 'subjectAltName', 'subjectAltName = DNS:leaf.example.com, IP:10.20.30.40'),
    });
    expect(codes(validate(dns, [exCa], root))).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS']);
    expect(codes(validate(ip, [exCa], root))).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS']);
  });
});

describe('6.1.3 (d) certificatePolicies present and valid_policy_tree not NULL', () => {
  it('6.1.3 (d)(1): a policy joins the tree only under a node that expects it', async () => {
    const policyCa = await make(scratch, 'bp-d1-ca', { issuer: root, extensions: withPolicies(CA, P1, P2) });
    const policyLeaf = await make(scratch, 'bp-d1-leaf', { issuer: policyCa, extensions: withPolicies(LEAF, P2, P3) });
    const result = validate(policyLeaf, [policyCa], root, { policy: { explicitPolicy: true } });
    expect(codes(result)).toEqual([]);
    expect(result.policySet).toEqual([P2]);
  });

  it('6.1.3 (d)(2): anyPolicy in the certificate matches every policy the parent expects', async () => {
    const anyCa = await make(scratch, 'bp-d2-ca', { issuer: root, extensions: withPolicies(CA, ANY) });
    const p3Leaf = await make(scratch, 'bp-d2-leaf', { issuer: anyCa, extensions: withPolicies(LEAF, P3) });
    const result = validate(p3Leaf, [anyCa], root, { policy: { explicitPolicy: true } });
    expect(codes(result)).toEqual([]);
    expect(result.policySet).toEqual([P3]);
  });

  it('6.1.3 (d)(3): a branch with no child at the current depth is pruned', async () => {
    const policyCa = await make(scratch, 'bp-d3-ca', { issuer: root, extensions: withPolicies(CA, P1, P2) });
    const p1Leaf = await make(scratch, 'bp-d3-leaf', { issuer: policyCa, extensions: withPolicies(LEAF, P1) });
    expect(validate(p1Leaf, [policyCa], root).policySet).toEqual([P1]);
    const p2Only = validate(p1Leaf, [policyCa], root, { policy: { initialPolicySet: [P2], explicitPolicy: true } });
    expect(codes(p2Only)).toEqual(['ERR_CHAIN_POLICY']);
  });
});

describe('6.1.3 (e) no certificatePolicies: valid_policy_tree becomes NULL', () => {
  it('6.1.3 (e): an intermediate without policies empties the tree, so the leaf policy is not valid', async () => {
    const p1Leaf = await make(scratch, 'bp-e-leaf', { issuer: ca, extensions: withPolicies(LEAF, P1) });
    const result = validate(p1Leaf, [ca], root);
    expect(codes(result)).toEqual([]);
    expect(result.policySet).toEqual([]);
    expect(codes(validate(p1Leaf, [ca], root, { policy: { explicitPolicy: true } }))).toEqual(['ERR_CHAIN_POLICY']);
  });
});

describe('6.1.3 (f) explicit_policy is greater than 0 or valid_policy_tree is not NULL', () => {
  it('6.1.3 (f): below requireExplicitPolicy 0, a leaf without a common policy is rejected and one with it accepted', async () => {
    const requiring = await make(scratch, 'bp-f-ca', {
      issuer: root,
      extensions: [...withPolicies(CA, P1), 'policyConstraints = critical, requireExplicitPolicy:0'],
    });
    const withP1 = await make(scratch, 'bp-f-p1', { issuer: requiring, extensions: withPolicies(LEAF, P1) });
    const without = await make(scratch, 'bp-f-none', { issuer: requiring, extensions: LEAF });
    expect(codes(validate(withP1, [requiring], root))).toEqual([]);
    expect(codes(validate(without, [requiring], root))).toEqual(['ERR_CHAIN_POLICY']);
  });
});
