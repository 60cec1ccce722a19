import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateChain } from '../src/index.js';
import { CA_EXTENSIONS, type Issued, issue, LEAF_EXTENSIONS } from './chain-openssl.js';
import { makeScratch, type Scratch } from './csr-openssl.js';

let scratch: Scratch;
const RSA_2048 = ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];
const RSA_1024 = ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'];

beforeAll(async () => {
  scratch = await makeScratch();
});
afterAll(async () => {
  await scratch.remove();
});

async function pair(name: string, keyArgs: string[], signArgs: string[]): Promise<{ root: Issued; leaf: Issued }> {
  const root = await issue(scratch, `${name}-root`, { extensions: CA_EXTENSIONS, keyArgs, signArgs });
  const leaf = await issue(scratch, `${name}-leaf`, { issuer: root, extensions: LEAF_EXTENSIONS, signArgs });
  return { root, leaf };
}

function codes(chain: { root: Issued; leaf: Issued }, allowWeak = false): string[] {
  const result = validateChain({
    leaf: chain.leaf.pem,
    trustAnchors: [chain.root.pem],
    hostname: 'leaf.example.com',
    allowWeak,
  });
  return result.problems.map((problem) => problem.code);
}

describe('validateChain signature algorithms', () => {
  it('verifies RSA-PSS signatures', async () => {
    const chain = await pair('pss', RSA_2048, [
      '-sha256',
      '-sigopt',
      'rsa_padding_mode:pss',
      '-sigopt',
      'rsa_pss_saltlen:32',
    ]);
    expect(codes(chain)).toEqual([]);
  });

  it('verifies Ed25519 signatures', async () => {
    const chain = await pair('ed', ['-algorithm', 'ED25519'], []);
    expect(codes(chain)).toEqual([]);
  });

  it('rejects SHA-1 signatures unless allowWeak', async () => {
    const chain = await pair('sha1', RSA_2048, ['-sha1']);
    expect(codes(chain)).toEqual(['ERR_CHAIN_WEAK_HASH']);
    expect(codes(chain, true)).toEqual([]);
  });

  it('rejects RSA keys below 2048 bits unless allowWeak', async () => {
    const chain = await pair('rsa1024', RSA_1024, ['-sha256']);
    expect(codes(chain)).toContain('ERR_CHAIN_WEAK_KEY');
    expect(codes(chain, true)).toEqual([]);
  });

  it('verifies DSA signatures (a 1024-bit DSA root is weak)', async () => {
    await scratch.openssl(
      'genpkey',
      '-genparam',
      '-algorithm',
      'DSA',
      '-pkeyopt',
      'dsa_paramgen_bits:1024',
      '-out',
      `${scratch.path}/dsa.param`,
    );
    const chain = await pair('dsa', ['-paramfile', `${scratch.path}/dsa.param`], ['-sha256']);
    expect(codes(chain)).toEqual(['ERR_CHAIN_WEAK_KEY']);
    expect(codes(chain, true)).toEqual([]);
  });
});
