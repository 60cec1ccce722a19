import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ValidateChainOptions, validateChain } from '../src/index.js';
import { CA_EXTENSIONS, type Issued, issue, LEAF_EXTENSIONS } from './chain-openssl.js';
import { makeScratch, type Scratch } from './csr-openssl.js';

// One certificate made wrong at a time, each check reported with its own code (independent of x509-limbo).
let scratch: Scratch;
let root: Issued;

beforeAll(async () => {
  scratch = await makeScratch();
  root = await issue(scratch, 'checks-root', { extensions: CA_EXTENSIONS });
});
afterAll(async () => {
  await scratch.remove();
});

const withoutLine = (lines: string[], prefix: string) => lines.filter((line) => !line.startsWith(prefix));

async function chainCodes(
  name: string,
  caExtensions: string[],
  leafExtensions: string[] = LEAF_EXTENSIONS,
  extra: Partial<ValidateChainOptions> = {},
): Promise<string[]> {
  const ca = await issue(scratch, `${name}-ca`, { issuer: root, extensions: caExtensions });
  const leaf = await issue(scratch, `${name}-leaf`, { issuer: ca, extensions: leafExtensions });
  const result = validateChain({
    leaf: leaf.pem,
    intermediates: [ca.pem],
    trustAnchors: [root.pem],
    hostname: 'leaf.example.com',
    ...extra,
  });
  return result.problems.map((problem) => problem.code);
}

describe('validateChain checks, one at a time', () => {
  it('accepts the well-formed chain', async () => {
    expect(await chainCodes('good', CA_EXTENSIONS)).toEqual([]);
  });

  it('ERR_CHAIN_NOT_CA: an issuer without cA=TRUE', async () => {
    const notCa = [...withoutLine(CA_EXTENSIONS, 'basicConstraints'), 'basicConstraints = critical, CA:FALSE'];
    expect(await chainCodes('not-ca', withoutLine(notCa, 'keyUsage'))).toEqual(['ERR_CHAIN_NOT_CA']);
  });

  it('ERR_CHAIN_KEY_USAGE: a CA whose keyUsage lacks keyCertSign', async () => {
    const noSign = [...withoutLine(CA_EXTENSIONS, 'keyUsage'), 'keyUsage = critical, cRLSign'];
    expect(await chainCodes('no-cert-sign', noSign)).toEqual(['ERR_CHAIN_KEY_USAGE']);
  });

  it('ERR_CHAIN_PATH_LENGTH_EXCEEDED: a CA below a pathlen:0 CA', async () => {
    const top = await issue(scratch, 'pathlen-top', {
      issuer: root,
      extensions: [
        ...withoutLine(CA_EXTENSIONS, 'basicConstraints'),
        'basicConstraints = critical, CA:TRUE, pathlen:0',
      ],
    });
    const below = await issue(scratch, 'pathlen-below', { issuer: top, extensions: CA_EXTENSIONS });
    const leaf = await issue(scratch, 'pathlen-leaf', { issuer: below, extensions: LEAF_EXTENSIONS });
    const result = validateChain({ leaf: leaf.pem, intermediates: [top.pem, below.pem], trustAnchors: [root.pem] });
    expect(result.problems.map((problem) => [problem.code, problem.certificateIndex])).toEqual([
      ['ERR_CHAIN_PATH_LENGTH_EXCEEDED', 1],
    ]);
    expect(
      validateChain({
        leaf: leaf.pem,
        intermediates: [top.pem, below.pem],
        trustAnchors: [root.pem],
        maxDepth: 1,
      }).problems.map((p) => p.code),
    ).toContain('ERR_CHAIN_MAX_DEPTH');
  });

  it('ERR_CHAIN_EXTENDED_KEY_USAGE: a client certificate used as a server, or a CA restricted to email', async () => {
    const clientLeaf = [...withoutLine(LEAF_EXTENSIONS, 'extendedKeyUsage'), 'extendedKeyUsage = clientAuth'];
    expect(await chainCodes('client-only', CA_EXTENSIONS, clientLeaf)).toEqual(['ERR_CHAIN_EXTENDED_KEY_USAGE']);
    expect(await chainCodes('client-ok', CA_EXTENSIONS, clientLeaf, { purpose: 'client' })).toEqual([]);
    expect(await chainCodes('email-ca', [...CA_EXTENSIONS, 'extendedKeyUsage = emailProtection'])).toEqual([
      'ERR_CHAIN_EXTENDED_KEY_USAGE',
    ]);
  });

  it('ERR_CHAIN_NAME_CONSTRAINTS: a leaf name outside the CA permitted subtree', async () => {
    expect(
      await chainCodes('nc-ok', [...CA_EXTENSIONS, 'nameConstraints = critical, permitted;DNS:example.com']),
    ).toEqual([]);
    expect(
      await chainCodes('nc-bad', [...CA_EXTENSIONS, 'nameConstraints = critical, permitted;DNS:example.org']),
    ).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS']);
    expect(
      await chainCodes('nc-excluded', [...CA_EXTENSIONS, 'nameConstraints = critical, excluded;DNS:leaf.example.com']),
    ).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS']);
  });

  it('ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION: a critical extension nobody knows', async () => {
    const unknown = [...LEAF_EXTENSIONS, '1.3.6.1.4.1.55555.99 = critical, ASN1:NULL'];
    expect(await chainCodes('unknown-critical', CA_EXTENSIONS, unknown)).toEqual([
      'ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION',
    ]);
    const known = [...LEAF_EXTENSIONS, '1.3.6.1.4.1.55555.99 = ASN1:NULL'];
    expect(await chainCodes('unknown-noncritical', CA_EXTENSIONS, known)).toEqual([]);
  });

  it('ERR_CHAIN_INVALID_EXTENSION: a leaf without an authority key identifier', async () => {
    // OpenSSL 3 adds an AKI unless told `none`.
    const noAki = [...withoutLine(LEAF_EXTENSIONS, 'authorityKeyIdentifier'), 'authorityKeyIdentifier = none'];
    expect(await chainCodes('no-aki', CA_EXTENSIONS, noAki)).toEqual(['ERR_CHAIN_INVALID_EXTENSION']);
  });

  // RFC 5280 §4.2.1.1 lets only a self-signed certificate omit the AKI; trusting a CA that another CA
  // signed (an intermediate or a cross-signed root given as the anchor) does not exempt it.
  it('ERR_CHAIN_INVALID_EXTENSION: a trust anchor signed by another CA without an authority key identifier', async () => {
    const anchorCodes = async (name: string, caExtensions: string[]) => {
      const ca = await issue(scratch, `${name}-ca`, { issuer: root, extensions: caExtensions });
      const leaf = await issue(scratch, `${name}-leaf`, { issuer: ca, extensions: LEAF_EXTENSIONS });
      const result = validateChain({ leaf: leaf.pem, trustAnchors: [ca.pem], hostname: 'leaf.example.com' });
      return result.problems.map((problem) => `${problem.code}@${problem.certificateIndex}`);
    };
    const noAki = [...withoutLine(CA_EXTENSIONS, 'authorityKeyIdentifier'), 'authorityKeyIdentifier = none'];
    expect(await anchorCodes('anchor-no-aki', noAki)).toEqual(['ERR_CHAIN_INVALID_EXTENSION@1']);
    expect(await anchorCodes('anchor-with-aki', CA_EXTENSIONS)).toEqual([]);
  });

  it('accepts a self-signed trust anchor without an authority key identifier', async () => {
    const noAki = [...withoutLine(CA_EXTENSIONS, 'authorityKeyIdentifier'), 'authorityKeyIdentifier = none'];
    const bareRoot = await issue(scratch, 'bare-root', { extensions: noAki });
    const leaf = await issue(scratch, 'bare-root-leaf', { issuer: bareRoot, extensions: LEAF_EXTENSIONS });
    const result = validateChain({ leaf: leaf.pem, trustAnchors: [bareRoot.pem], hostname: 'leaf.example.com' });
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
