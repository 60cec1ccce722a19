import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeElement, encodeOid, encodeSequence } from '../src/asn1/der.js';
import { type ValidateChainOptions, validateChain } from '../src/index.js';
import { CA_EXTENSIONS, type Issued, issue, LEAF_EXTENSIONS } from './chain-openssl.js';
import { makeScratch, type Scratch } from './csr-openssl.js';

// Trust anchors (RFC 5937): by default every constraint the anchor certificate carries applies,
// its policy extensions included; `anchorConstraints: 'ignore'` uses only its name and key (RFC 5280
// §6.1). A leaf that is itself an anchor is refused unless pinned.
let scratch: Scratch;
const P1 = '1.3.6.1.4.1.55555.7.1';
const P2 = '1.3.6.1.4.1.55555.7.2';

beforeAll(async () => {
  scratch = await makeScratch();
});
afterAll(async () => {
  await scratch.remove();
});

async function chain(name: string, rootExtra: string[], caExtra: string[] = [], leafExtra: string[] = []) {
  const root = await issue(scratch, `${name}-root`, { extensions: [...CA_EXTENSIONS, ...rootExtra] });
  const ca = await issue(scratch, `${name}-ca`, { issuer: root, extensions: [...CA_EXTENSIONS, ...caExtra] });
  const leaf = await issue(scratch, `${name}-leaf`, { issuer: ca, extensions: [...LEAF_EXTENSIONS, ...leafExtra] });
  return { root, ca, leaf };
}

function run(set: { root: Issued; ca: Issued; leaf: Issued }, extra: Partial<ValidateChainOptions> = {}) {
  const result = validateChain({
    leaf: set.leaf.pem,
    intermediates: [set.ca.pem],
    trustAnchors: [set.root.pem],
    hostname: 'leaf.example.com',
    ...extra,
  });
  return { codes: result.problems.map((problem) => `${problem.code}@${problem.certificateIndex}`), result };
}

describe('trust anchor constraints', () => {
  it('an expired anchor is ERR_CHAIN_ANCHOR_EXPIRED; with its constraints ignored, only its key counts', async () => {
    const root = await issue(scratch, 'anchor-expired-root', { extensions: CA_EXTENSIONS, days: 30 });
    const ca = await issue(scratch, 'anchor-expired-ca', { issuer: root, extensions: CA_EXTENSIONS, days: 90 });
    const leaf = await issue(scratch, 'anchor-expired-leaf', { issuer: ca, extensions: LEAF_EXTENSIONS, days: 90 });
    const later = new Date(Date.now() + 40 * 86_400_000);
    const set = { root, ca, leaf };
    expect(run(set, { at: later }).codes).toEqual(['ERR_CHAIN_ANCHOR_EXPIRED@2']);
    expect(run(set, { at: later, anchorConstraints: 'ignore' }).codes).toEqual([]);
  });

  it("the anchor's pathLenConstraint applies unless its constraints are ignored", async () => {
    const pathLenRoot = await issue(scratch, 'anchor-pathlen0-root', {
      extensions: ['basicConstraints = critical, CA:TRUE, pathlen:0', ...CA_EXTENSIONS.slice(1)],
    });
    const ca = await issue(scratch, 'anchor-pathlen0-ca', { issuer: pathLenRoot, extensions: CA_EXTENSIONS });
    const sub = await issue(scratch, 'anchor-pathlen0-sub', { issuer: ca, extensions: CA_EXTENSIONS });
    const leaf = await issue(scratch, 'anchor-pathlen0-leaf', { issuer: sub, extensions: LEAF_EXTENSIONS });
    const options = {
      leaf: leaf.pem,
      intermediates: [ca.pem, sub.pem],
      trustAnchors: [pathLenRoot.pem],
      hostname: 'leaf.example.com',
    };
    // pathLen 0 at the root: no intermediate may follow it, so both are over.
    const codes = validateChain(options).problems.map((problem) => `${problem.code}@${problem.certificateIndex}`);
    expect(codes).toEqual(['ERR_CHAIN_PATH_LENGTH_EXCEEDED@2', 'ERR_CHAIN_PATH_LENGTH_EXCEEDED@1']);
    expect(validateChain({ ...options, anchorConstraints: 'ignore' }).valid).toBe(true);
  });

  it("the anchor's requireExplicitPolicy 0 demands a policy on the path", async () => {
    const set = await chain('anchor-explicit', ['policyConstraints = critical, requireExplicitPolicy:0']);
    expect(run(set).codes).toEqual(['ERR_CHAIN_POLICY@-1']);
    expect(run(set, { anchorConstraints: 'ignore' }).codes).toEqual([]);
    const withPolicies = await chain(
      'anchor-explicit-met',
      ['policyConstraints = critical, requireExplicitPolicy:0'],
      [`certificatePolicies = ${P1}`],
      [`certificatePolicies = ${P1}`],
    );
    expect(run(withPolicies).codes).toEqual([]);
    expect(run(withPolicies).result.policySet).toEqual([P1]);
  });

  it("the anchor's certificatePolicies narrow the policies the path is valid for", async () => {
    const set = await chain(
      'anchor-policies',
      [`certificatePolicies = ${P1}`],
      [`certificatePolicies = ${P2}`],
      [`certificatePolicies = ${P2}`],
    );
    expect(run(set).result.policySet).toEqual([]);
    expect(run(set, { policy: { explicitPolicy: true } }).codes).toEqual(['ERR_CHAIN_POLICY@-1']);
    expect(run(set, { anchorConstraints: 'ignore' }).result.policySet).toEqual([P2]);
  });

  it("the anchor's inhibitAnyPolicy 0 stops anyPolicy below it", async () => {
    const set = await chain(
      'anchor-inhibit-any',
      ['inhibitAnyPolicy = 0'],
      ['certificatePolicies = 2.5.29.32.0'],
      [`certificatePolicies = ${P1}`],
    );
    expect(run(set, { policy: { explicitPolicy: true } }).codes).toEqual(['ERR_CHAIN_POLICY@-1']);
    expect(run(set, { policy: { explicitPolicy: true }, anchorConstraints: 'ignore' }).codes).toEqual([]);
  });
});

describe('leaf that is a trust anchor', () => {
  it('is refused unless the caller pins it', async () => {
    const selfSigned = await issue(scratch, 'pinned', {
      extensions: ['basicConstraints = critical, CA:FALSE', ...LEAF_EXTENSIONS.slice(1, 4)],
    });
    const options = { leaf: selfSigned.pem, trustAnchors: [selfSigned.pem], hostname: 'leaf.example.com' };
    expect(validateChain(options).problems.map((problem) => problem.code)).toEqual(['ERR_CHAIN_LEAF_IS_ANCHOR']);
    expect(validateChain({ ...options, leafIsAnchor: 'accept' }).valid).toBe(true);
    expect(() => validateChain({ ...options, leafIsAnchor: 'sometimes' as never })).toThrow(/leafIsAnchor/);
  });
});

describe('critical certificatePolicies (RFC 5280 §4.2.1.4)', () => {
  it('rejects an unknown policy qualifier, in every profile; CPS and user notices are understood', async () => {
    const qualified = (qualifierOid: string) => {
      const qualifier = encodeSequence(encodeOid(qualifierOid), encodeElement(0x16, new TextEncoder().encode('x')));
      const value = encodeSequence(encodeSequence(encodeOid(P1), encodeSequence(qualifier)));
      return `2.5.29.32 = critical, DER:${Buffer.from(value).toString('hex')}`;
    };
    const unknown = await chain('qualifier-unknown', [], [], [qualified('1.3.6.1.4.1.55555.9')]);
    const cps = await chain('qualifier-cps', [], [], [qualified('1.3.6.1.5.5.7.2.1')]);
    expect(run(unknown).codes).toEqual(['ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION@0']);
    expect(run(unknown, { profile: 'strict' }).codes).toContain('ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION@0');
    expect(run(cps).codes).toEqual([]);
  });
});
