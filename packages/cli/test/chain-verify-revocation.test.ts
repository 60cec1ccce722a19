import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

// chain verify's revocation and trust-anchor flags, on the committed OCSP and chain vectors.
const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const ocsp = (id: string) => join(vectors, 'ocsp', id);

function ocspArgv(extra: string[] = []): string[] {
  return [
    'chain',
    'verify',
    '--cert',
    'leaf.crt',
    '--root',
    'root.crt',
    '--untrusted',
    'ca.crt',
    '--host',
    'localhost',
    '--at',
    '2030-06-01T00:00:00Z',
    '--ocsp-response',
    'response.der',
    '--json',
    ...extra,
  ];
}

describe('certwright chain verify --ocsp-response / --revocation', () => {
  it('reports each certificate’s revocation status and where it came from', async () => {
    const result = await cli(ocsp('issuer-signed-good'), ocspArgv(['--revocation', 'soft-fail']));
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.revocation).toEqual([
      { certificateIndex: 0, status: 'good', source: expect.stringMatching(/OCSP response 0 signed by its issuer/) },
      { certificateIndex: 1, status: 'undetermined', source: expect.any(String) },
    ]);
  });

  it('hard-fail (the default with a response) rejects what no response covers; a revoked leaf fails in any mode', async () => {
    const strict = await cli(ocsp('issuer-signed-good'), ocspArgv());
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).problems.map((problem: { code: string }) => problem.code)).toEqual([
      'ERR_CHAIN_REVOCATION_UNDETERMINED',
    ]);
    const revoked = await cli(ocsp('revoked'), ocspArgv(['--revocation', 'soft-fail']));
    expect(revoked.code).toBe(1);
    expect(JSON.parse(revoked.stdout).problems[0].code).toBe('ERR_CHAIN_REVOKED');
    const off = await cli(ocsp('revoked'), ocspArgv(['--revocation', 'off']));
    expect(off.code).toBe(0);
  });

  it('an unknown --revocation mode is a usage error (exit 2)', async () => {
    const result = await cli(ocsp('revoked'), ocspArgv(['--revocation', 'maybe']));
    expect(result.code).toBe(2);
  });
});

describe('certwright chain verify --anchor-constraints / --leaf-is-anchor / --profile strict', () => {
  it('--anchor-constraints ignore uses only the root’s name and key', async () => {
    const dir = join(vectors, 'chains', 'anchor-expired');
    const argv = ['chain', 'verify', '--cert', 'server.crt', '--root', 'root.crt', '--untrusted', 'ca1.crt'];
    argv.push('--untrusted', 'ca2.crt', '--at', '2030-06-01T00:00:00Z', '--host', 'ovoc.example.com', '--json');
    const enforced = await cli(dir, argv);
    expect(enforced.code).toBe(1);
    expect(JSON.parse(enforced.stdout).problems[0].code).toBe('ERR_CHAIN_ANCHOR_EXPIRED');
    expect((await cli(dir, [...argv, '--anchor-constraints', 'ignore'])).code).toBe(0);
  });

  it('--leaf-is-anchor accept pins a certificate that is its own root', async () => {
    const dir = join(vectors, 'chains', 'leaf-is-anchor');
    const argv = ['chain', 'verify', '--cert', 'server.crt', '--root', 'server.crt', '--at', '2030-06-01T00:00:00Z'];
    argv.push('--host', 'ovoc.example.com', '--json');
    expect(JSON.parse((await cli(dir, argv)).stdout).problems[0].code).toBe('ERR_CHAIN_LEAF_IS_ANCHOR');
    expect((await cli(dir, [...argv, '--leaf-is-anchor', 'accept'])).code).toBe(0);
  });

  it('--profile strict holds certificates to the rules on issuing CAs', async () => {
    const dir = join(vectors, 'chains-options', 'critical-authority-key-id');
    const argv = ['chain', 'verify', '--cert', 'server.crt', '--root', 'root.crt', '--untrusted', 'ca1.crt'];
    argv.push('--untrusted', 'ca2.crt', '--at', '2030-06-01T00:00:00Z', '--host', 'ovoc.example.com', '--json');
    expect((await cli(dir, argv)).code).toBe(0);
    const strict = await cli(dir, [...argv, '--profile', 'strict']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).problems[0].code).toBe('ERR_CHAIN_INVALID_EXTENSION');
  });
});
