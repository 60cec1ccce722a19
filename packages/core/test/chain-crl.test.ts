import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateChain } from '../src/index.js';
import { CA_EXTENSIONS, type Issued, issue, LEAF_EXTENSIONS, makeCrl } from './chain-openssl.js';
import { makeScratch, type Scratch } from './csr-openssl.js';

let scratch: Scratch;
let root: Issued;
let ca: Issued;
let good: Issued;
let revoked: Issued;

beforeAll(async () => {
  scratch = await makeScratch();
  root = await issue(scratch, 'crl-root', { extensions: CA_EXTENSIONS });
  ca = await issue(scratch, 'crl-ca', { issuer: root, extensions: CA_EXTENSIONS });
  good = await issue(scratch, 'crl-good', { issuer: ca, extensions: LEAF_EXTENSIONS });
  revoked = await issue(scratch, 'crl-revoked', { issuer: ca, extensions: LEAF_EXTENSIONS });
});
afterAll(async () => {
  await scratch.remove();
});

function codes(leaf: Issued, crls: string[], profile: 'rfc5280' | 'strict' = 'rfc5280'): string[] {
  const options = { leaf: leaf.pem, intermediates: [ca.pem], trustAnchors: [root.pem], crls, profile };
  return validateChain(options).problems.map((problem) => problem.code);
}

describe('validateChain with CRLs (RFC 5280 §6.3)', () => {
  it('accepts a certificate its issuer has not revoked, and rejects a revoked one', async () => {
    const caCrl = await makeCrl(scratch, ca, [revoked]);
    const rootCrl = await makeCrl(scratch, root, []);
    expect(codes(good, [caCrl, rootCrl])).toEqual([]);
    expect(codes(revoked, [caCrl, rootCrl])).toEqual(['ERR_CHAIN_REVOKED']);
  });

  it('says which certificate could not be checked once any CRL is given', async () => {
    const caCrl = await makeCrl(scratch, ca, []);
    const result = validateChain({ leaf: good.pem, intermediates: [ca.pem], trustAnchors: [root.pem], crls: [caCrl] });
    expect(result.problems.map((problem) => [problem.code, problem.certificateIndex])).toEqual([
      ['ERR_CHAIN_CRL_MISSING', 1],
    ]);
  });

  // §5.2.3 binds CRL issuers ("conforming CRL issuers MUST include"); §6.3.3 does not check it.
  it('refuses a CRL without a cRLNumber under profile strict, leaving the certificate unchecked', async () => {
    const caCrl = await makeCrl(scratch, ca, [], { crlNumber: false });
    const rootCrl = await makeCrl(scratch, root, []);
    expect(codes(good, [caCrl, rootCrl], 'strict')).toEqual(['ERR_CHAIN_CRL_INVALID', 'ERR_CHAIN_CRL_MISSING']);
    expect(codes(good, [caCrl, rootCrl])).toEqual([]);
  });

  it('reports an unreadable CRL', async () => {
    const rootCrl = await makeCrl(scratch, root, []);
    const caCrl = await makeCrl(scratch, ca, []);
    expect(codes(good, [caCrl, rootCrl, '-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n'])).toEqual([
      'ERR_CHAIN_CRL_INVALID',
    ]);
  });
});
