import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPaths, ChainError, InvalidArgumentError, validateChain } from '../src/index.js';
import { parseCertificateDer } from '../src/x509/certificate.js';
import { decodePemBlocks } from '../src/asn1/pem.js';

const dir = new URL('../../../test-vectors/chains/rsa-two-intermediates/', import.meta.url);
const pem = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const der = (name: string) => (decodePemBlocks(pem(name))[0] as { der: Uint8Array }).der;

describe('chain certificate parsing', () => {
  it('reads what the validator needs straight from DER', () => {
    const server = parseCertificateDer(der('server.crt'));
    expect(server.version).toBe(3);
    expect(server.basicConstraints?.ca ?? false).toBe(false);
    expect(server.subjectAltName?.some((name) => name.kind === 'dns' && name.text === 'ovoc.example.com')).toBe(true);
    expect(server.authorityKeyId?.keyId).toBeDefined();
    const root = parseCertificateDer(der('root.crt'));
    expect(root.selfIssued).toBe(true);
    expect(root.basicConstraints?.ca).toBe(true);
    expect(root.defects).toEqual([]);
  });

  it('accepts DER bytes and parsed objects as well as PEM', () => {
    const result = validateChain({
      leaf: der('server.crt'),
      intermediates: [{ der: der('ca2.crt') }, pem('ca1.crt')],
      trustAnchors: [der('root.crt')],
      at: new Date('2030-06-01T00:00:00Z'),
    });
    expect(result.problems).toEqual([]);
  });

  it('throws ChainError ERR_CHAIN_MALFORMED for a truncated or non-certificate leaf or anchor', () => {
    const truncated = der('server.crt').subarray(0, 100);
    const call =
      (leaf: Uint8Array | string, anchor: Uint8Array | string = pem('root.crt')) =>
      () =>
        validateChain({ leaf, trustAnchors: [anchor] });
    for (const thrower of [call(truncated), call(pem('server.crt'), truncated), call('not pem at all')]) {
      expect(thrower).toThrow(ChainError);
      try {
        thrower();
      } catch (error) {
        expect((error as ChainError).code).toBe('ERR_CHAIN_MALFORMED');
      }
    }
  });

  it('refuses an invalid date, depth or IP address', () => {
    const base = { leaf: pem('server.crt'), trustAnchors: [pem('root.crt')] };
    expect(() => validateChain({ ...base, at: new Date('nope') })).toThrow(InvalidArgumentError);
    expect(() => buildPaths({ ...base, maxDepth: -1 })).toThrow(InvalidArgumentError);
    expect(() => validateChain({ ...base, ip: '10.0.0.256' })).toThrow(InvalidArgumentError);
  });

  it('returns the longest dead end, unanchored, when an issuer is missing', () => {
    const paths = buildPaths({
      leaf: pem('server.crt'),
      intermediates: [pem('ca2.crt')],
      trustAnchors: [pem('root.crt')],
    });
    expect(paths[0]?.anchored).toBe(false);
  });
});
