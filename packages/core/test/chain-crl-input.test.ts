import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateChain } from '../src/index.js';

const dir = fileURLToPath(new URL('../../../test-vectors/chains-options/leaf-revoked/', import.meta.url));
const read = (name: string) => readFileSync(join(dir, name));
const toDer = (name: string) =>
  new Uint8Array(execFileSync('openssl', ['crl', '-in', join(dir, name), '-outform', 'DER']));

function validate(crls: (string | Uint8Array)[]) {
  return validateChain({
    leaf: read('server.crt'),
    intermediates: [read('ca1.crt'), read('ca2.crt')],
    trustAnchors: [read('root.crt')],
    at: new Date('2030-06-01T00:00:00Z'),
    crls,
  });
}

/** A CRL reaches validateChain as PEM text, as the bytes of a PEM file, or as DER bytes. */
describe('validateChain CRL inputs', () => {
  const names = ['root.crl', 'ca1.crl', 'ca2.crl'];

  it.each([
    ['PEM text', () => names.map((name) => read(name).toString('utf8'))],
    ['PEM file bytes', () => names.map((name) => new Uint8Array(read(name)))],
    ['DER bytes', () => names.map(toDer)],
  ])('%s', (_kind, crls) => {
    const result = validate(crls());
    expect(result.valid).toBe(false);
    expect(result.problems.map((problem) => problem.code)).toEqual(['ERR_CHAIN_REVOKED']);
  });
});
