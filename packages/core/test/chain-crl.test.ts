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

  // §6.3.3 (f): the CRL issuer's certificate need not be the one that issued the certificate; any
  // certificate with that name whose key verifies the CRL, that may sign CRLs and that is valid on a
  // path to the same trust anchor will do (a separate CRL-signing key).
  it('accepts a CRL signed by a separate CRL-signing certificate of the same CA, validated to the same anchor', async () => {
    const signerExtensions = [
      'basicConstraints = critical, CA:TRUE',
      'keyUsage = critical, cRLSign',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid:always',
    ];
    const signer = await issue(scratch, 'crl-ca', {
      fileName: 'crl-ca-signer',
      issuer: root,
      extensions: signerExtensions,
    });
    const caCrl = await makeCrl(scratch, signer, [revoked]);
    const rootCrl = await makeCrl(scratch, root, []);
    const withSigner = (leaf: Issued, intermediates: string[]) =>
      validateChain({ leaf: leaf.pem, intermediates, trustAnchors: [root.pem], crls: [caCrl, rootCrl] }).problems.map(
        (problem) => problem.code,
      );
    expect(withSigner(good, [ca.pem, signer.pem])).toEqual([]);
    expect(withSigner(revoked, [ca.pem, signer.pem])).toEqual(['ERR_CHAIN_REVOKED']);
    // Without the signer's certificate nothing vouches for the CRL.
    expect(withSigner(good, [ca.pem])).toEqual(['ERR_CHAIN_CRL_INVALID', 'ERR_CHAIN_CRL_MISSING']);
    // A namesake signer from another hierarchy is not on a path to the same anchor.
    const otherRoot = await issue(scratch, 'crl-other-root', { extensions: CA_EXTENSIONS });
    const stranger = await issue(scratch, 'crl-ca', {
      fileName: 'crl-ca-stranger',
      issuer: otherRoot,
      extensions: signerExtensions,
    });
    const forged = await makeCrl(scratch, stranger, []);
    const result = validateChain({
      leaf: revoked.pem,
      intermediates: [ca.pem, stranger.pem, otherRoot.pem],
      trustAnchors: [root.pem],
      crls: [forged, rootCrl],
    });
    expect(result.problems.map((problem) => problem.code)).toEqual(['ERR_CHAIN_CRL_INVALID', 'ERR_CHAIN_CRL_MISSING']);
    expect(result.revocation.find((status) => status.certificateIndex === 0)?.status).toBe('undetermined');
  });
});
