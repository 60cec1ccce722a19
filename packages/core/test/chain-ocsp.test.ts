import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateChain } from '../src/index.js';

// validateChain with OCSP responses (RFC 6960), on the committed OCSP vectors: root → ca → leaf,
// each response made by `openssl ocsp` (test-vectors/ocsp/README section).
const vector = (id: string, file: string) =>
  new Uint8Array(readFileSync(new URL(`../../../test-vectors/ocsp/${id}/${file}`, import.meta.url)));
const at = new Date('2030-06-01T00:00:00Z');

function validate(id: string, extra: Record<string, unknown> = {}) {
  return validateChain({
    leaf: vector(id, 'leaf.crt'),
    intermediates: [vector(id, 'ca.crt')],
    trustAnchors: [vector(id, 'root.crt')],
    at,
    purpose: 'server',
    hostname: 'localhost',
    ocspResponses: [vector(id, 'response.der')],
    ...extra,
  });
}

const codes = (result: ReturnType<typeof validateChain>) =>
  result.problems.map((problem) => `${problem.code}@${problem.certificateIndex}`);

describe('validateChain with OCSP responses', () => {
  it('hard-fail by default: a good leaf passes, but the CA, which no response covers, is undetermined', () => {
    const result = validate('issuer-signed-good');
    expect(codes(result)).toEqual(['ERR_CHAIN_REVOCATION_UNDETERMINED@1']);
    expect(result.revocation.map((status) => [status.certificateIndex, status.status])).toEqual([
      [0, 'good'],
      [1, 'undetermined'],
    ]);
    expect(result.revocation[0]?.source).toMatch(/OCSP response 0 signed by its issuer/);
  });

  it('soft-fail accepts what is undetermined, never what is revoked', () => {
    expect(validate('delegated-responder-good', { revocation: 'soft-fail' }).valid).toBe(true);
    expect(validate('unknown', { revocation: 'soft-fail' }).valid).toBe(true);
    expect(validate('expired-response', { revocation: 'soft-fail' }).valid).toBe(true);
    const revoked = validate('revoked', { revocation: 'soft-fail' });
    expect(codes(revoked)).toEqual(['ERR_CHAIN_REVOKED@0']);
    expect(revoked.revocation[0]?.status).toBe('revoked');
  });

  it('hard-fail names why each unusable response could not decide', () => {
    expect(codes(validate('unknown'))).toContain('ERR_CHAIN_OCSP_UNKNOWN@0');
    expect(codes(validate('expired-response'))).toContain('ERR_CHAIN_OCSP_EXPIRED@0');
    expect(codes(validate('responder-without-ocsp-signing'))).toContain('ERR_CHAIN_OCSP_INVALID@0');
    // A response about another certificate says nothing about this one: undetermined, not invalid.
    expect(codes(validate('wrong-certid'))).toEqual([
      'ERR_CHAIN_REVOCATION_UNDETERMINED@0',
      'ERR_CHAIN_REVOCATION_UNDETERMINED@1',
    ]);
  });

  it('revocation off ignores the responses; an unreadable response is bad input in any checking mode', () => {
    const off = validate('revoked', { revocation: 'off' });
    expect(off.valid).toBe(true);
    expect(off.revocation).toEqual([]);
    const garbage = validate('issuer-signed-good', {
      ocspResponses: [new Uint8Array([1, 2, 3])],
      revocation: 'soft-fail',
    });
    expect(codes(garbage)).toEqual(['ERR_CHAIN_OCSP_INVALID@-1']);
  });

  it('rejects an unknown revocation mode and a negative clock skew', () => {
    expect(() => validate('revoked', { revocation: 'sometimes' })).toThrow(/revocation/);
    expect(() => validate('revoked', { ocspClockSkewSeconds: -1 })).toThrow(/ocspClockSkewSeconds/);
  });
});
