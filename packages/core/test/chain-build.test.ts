import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPaths, validateChain } from '../src/index.js';
import { CA_EXTENSIONS, derOf, type Issued, issue, LEAF_EXTENSIONS } from './chain-openssl.js';
import { makeScratch, type Scratch } from './csr-openssl.js';

let scratch: Scratch;
let rootA: Issued;
let rootB: Issued;
let ca: Issued;
let caCrossSigned: Issued;
let leaf: Issued;

beforeAll(async () => {
  scratch = await makeScratch();
  rootA = await issue(scratch, 'build-root-a', { extensions: CA_EXTENSIONS });
  rootB = await issue(scratch, 'build-root-b', { extensions: CA_EXTENSIONS });
  ca = await issue(scratch, 'build-ca', { issuer: rootA, extensions: CA_EXTENSIONS });
  // The same CA (name and key) certified by the other root too.
  caCrossSigned = await issue(scratch, 'build-ca', {
    issuer: rootB,
    extensions: CA_EXTENSIONS,
    sameKeyAs: ca,
    fileName: 'build-ca-by-b',
  });
  leaf = await issue(scratch, 'build-leaf', { issuer: ca, extensions: LEAF_EXTENSIONS });
});
afterAll(async () => {
  await scratch.remove();
});

const subjectOf = (path: Uint8Array[], pems: Issued[]) =>
  path.map((der) =>
    pems
      .find((member) => Buffer.from(derOf(member.pem)).equals(Buffer.from(der)))
      ?.certFile.split('/')
      .pop(),
  );

describe('path building', () => {
  it('finds a path through whichever cross-certificate reaches a trusted root', () => {
    const all = [rootA, rootB, ca, caCrossSigned, leaf];
    const viaB = buildPaths({ leaf: leaf.pem, intermediates: [ca.pem, caCrossSigned.pem], trustAnchors: [rootB.pem] });
    expect(viaB[0]?.anchored).toBe(true);
    expect(subjectOf(viaB[0]?.certificates ?? [], all)).toEqual([
      'build-leaf.crt',
      'build-ca-by-b.crt',
      'build-root-b.crt',
    ]);
    const viaA = validateChain({
      leaf: leaf.pem,
      intermediates: [caCrossSigned.pem, ca.pem],
      trustAnchors: [rootA.pem],
    });
    expect(viaA.valid).toBe(true);
    expect(subjectOf(viaA.path, all)).toEqual(['build-leaf.crt', 'build-ca.crt', 'build-root-a.crt']);
  });

  it('returns every path when several anchors are trusted, and ignores duplicates', () => {
    const paths = buildPaths({
      leaf: leaf.pem,
      intermediates: [ca.pem, caCrossSigned.pem, ca.pem, leaf.pem],
      trustAnchors: [rootA.pem, rootB.pem, rootA.pem],
    });
    expect(paths.filter((path) => path.anchored)).toHaveLength(2);
  });

  it('prefers the issuer that actually signed over a same-named impostor', async () => {
    const impostor = await issue(scratch, 'build-ca', {
      issuer: rootA,
      extensions: CA_EXTENSIONS,
      fileName: 'build-ca-impostor',
    });
    const result = validateChain({ leaf: leaf.pem, intermediates: [impostor.pem, ca.pem], trustAnchors: [rootA.pem] });
    expect(result.problems).toEqual([]);
  });

  it('ends on a cycle of CAs certifying each other (speed: the conformance pathological family and the bench)', async () => {
    const x = await issue(scratch, 'build-x', { extensions: CA_EXTENSIONS, fileName: 'build-x-self' });
    const y = await issue(scratch, 'build-y', { issuer: x, extensions: CA_EXTENSIONS });
    const xByY = await issue(scratch, 'build-x', {
      issuer: y,
      extensions: CA_EXTENSIONS,
      sameKeyAs: x,
      fileName: 'build-x-by-y',
    });
    const cycleLeaf = await issue(scratch, 'build-cycle-leaf', { issuer: y, extensions: LEAF_EXTENSIONS });
    const result = validateChain({ leaf: cycleLeaf.pem, intermediates: [y.pem, xByY.pem], trustAnchors: [rootA.pem] });
    // And says why it stopped: the issuer of the last CA is already in the path.
    expect(result.problems.map((problem) => [problem.code, problem.message])).toEqual([
      [
        'ERR_CHAIN_INTERMEDIATE_MISSING',
        'intermediate 2 was issued by "build-y", which is already in the path: the intermediates form a loop and none leads to a trust anchor',
      ],
    ]);
  });

  it('says when the issuer was not given at all', () => {
    const result = validateChain({ leaf: leaf.pem, trustAnchors: [rootA.pem] });
    expect(result.problems.map((problem) => [problem.code, problem.message])).toEqual([
      [
        'ERR_CHAIN_INTERMEDIATE_MISSING',
        'no issuer found for leaf: "build-ca" is neither among the intermediates nor a trust anchor',
      ],
    ]);
  });

  it('gives up at the candidate cap with ERR_CHAIN_SEARCH_LIMIT', () => {
    const result = validateChain({
      leaf: leaf.pem,
      intermediates: [ca.pem, caCrossSigned.pem],
      trustAnchors: [rootB.pem],
      maxCandidates: 0,
    });
    expect(result.valid).toBe(false);
    expect(result.problems.map((problem) => problem.code)).toContain('ERR_CHAIN_SEARCH_LIMIT');
  });
});
