import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildPaths,
  ChainError,
  createCsr,
  createLabCa,
  generateKey,
  type LabCa,
  parseSubjectAltName,
  signCsr,
  type ValidateChainOptions,
  validateChain,
} from '../src/index.js';

const notBefore = new Date('2030-01-01T00:00:00Z');
const at = new Date('2030-06-01T00:00:00Z');
let ca: LabCa;
let leafPem: string;

async function issueLeaf(sans: string[], options: { notAfter?: Date } = {}): Promise<string> {
  const key = await generateKey({ type: 'ec', curve: 'P-256' });
  const csr = await createCsr({
    key,
    subject: { cn: 'ovoc.example.com' },
    sans: sans.map((san) => parseSubjectAltName(san)),
  });
  const issuer = ca.intermediates[ca.intermediates.length - 1];
  if (issuer === undefined) throw new Error('no intermediate');
  const signed = await signCsr({
    csr,
    issuerCertificate: issuer.certificatePem,
    issuerKey: issuer.key,
    notBefore,
    notAfter: options.notAfter ?? new Date('2031-01-01T00:00:00Z'),
  });
  return signed.pem;
}

beforeAll(async () => {
  ca = await createLabCa({
    intermediates: 2,
    keySpec: { type: 'ec', curve: 'P-256' },
    notBefore,
    notAfter: new Date('2035-01-01T00:00:00Z'),
  });
  leafPem = await issueLeaf(['dns:ovoc.example.com', 'ip:10.0.0.5', 'email:pki@example.com']);
});

function options() {
  return {
    leaf: leafPem,
    intermediates: ca.intermediates.map((member) => member.certificatePem).reverse(),
    trustAnchors: [ca.root.certificatePem],
    at,
  };
}

describe('validateChain with a lab CA', () => {
  it('accepts a good chain for its host name, IP and email, and returns the path leaf first', () => {
    const result = validateChain({ ...options(), purpose: 'server', hostname: 'OVOC.example.com' });
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.path).toHaveLength(4);
    expect(validateChain({ ...options(), ip: '10.0.0.5' }).valid).toBe(true);
    expect(validateChain({ ...options(), hostname: '10.0.0.5' }).valid).toBe(true);
    expect(validateChain({ ...options(), email: 'pki@EXAMPLE.com' }).valid).toBe(true);
  });

  it('reports each mismatch with its own code', () => {
    const codes = (extra: object) => validateChain({ ...options(), ...extra }).problems.map((problem) => problem.code);
    expect(codes({ hostname: 'other.example.com' })).toEqual(['ERR_CHAIN_HOSTNAME_MISMATCH']);
    expect(codes({ ip: '10.0.0.6' })).toEqual(['ERR_CHAIN_IP_MISMATCH']);
    expect(codes({ email: 'someone@example.com' })).toEqual(['ERR_CHAIN_EMAIL_MISMATCH']);
  });

  it('reports every problem, not only the first', () => {
    const result = validateChain({ ...options(), at: new Date('2040-01-01T00:00:00Z'), hostname: 'nope.example.com' });
    const codes = result.problems.map((problem) => problem.code);
    expect(codes).toContain('ERR_CHAIN_EXPIRED');
    expect(codes).toContain('ERR_CHAIN_HOSTNAME_MISMATCH');
    // The leaf and both intermediates expired; the root too, which says so in its own code.
    expect(result.problems.filter((problem) => problem.code === 'ERR_CHAIN_EXPIRED')).toHaveLength(3);
    expect(result.problems.filter((problem) => problem.code === 'ERR_CHAIN_ANCHOR_EXPIRED')).toHaveLength(1);
  });

  it('treats both validity bounds as inclusive', () => {
    expect(validateChain({ ...options(), at: notBefore }).valid).toBe(true);
    const result = validateChain({ ...options(), at: new Date(notBefore.getTime() - 1000) });
    expect(result.problems.map((problem) => problem.code)).toContain('ERR_CHAIN_NOT_YET_VALID');
  });

  it('says which intermediate is missing and honours maxDepth', () => {
    const missing = validateChain({ ...options(), intermediates: [ca.intermediates[1]?.certificatePem ?? ''] });
    expect(missing.problems.map((problem) => problem.code)).toEqual(['ERR_CHAIN_INTERMEDIATE_MISSING']);
    const deep = validateChain({ ...options(), maxDepth: 1 });
    expect(deep.valid).toBe(false);
  });

  it('ignores duplicates and junk in the pile', () => {
    const pile = [...options().intermediates, ...options().intermediates, new Uint8Array([1, 2, 3])];
    expect(validateChain({ ...options(), intermediates: pile }).valid).toBe(true);
  });

  it('throws a ChainError for an unreadable leaf', () => {
    expect(() => validateChain({ ...options(), leaf: new Uint8Array([0x30, 0x03, 1, 2, 3]) })).toThrow(ChainError);
  });

  it('throws a ChainError, not a FormatError, for a leaf or anchor whose PEM cannot be decoded', () => {
    const badBase64 = '-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n';
    for (const bad of [{ leaf: badBase64 }, { trustAnchors: [badBase64] }]) {
      let thrown: unknown;
      try {
        validateChain({ ...options(), ...bad });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ChainError);
      expect((thrown as ChainError).code).toBe('ERR_CHAIN_MALFORMED');
      expect((thrown as Error).cause).toBeDefined();
    }
  });

  it('builds paths without validating them', () => {
    const paths = buildPaths(options());
    expect(paths[0]?.anchored).toBe(true);
    expect(paths[0]?.certificates).toHaveLength(4);
  });

  it('reports an untrusted root when the chain ends at another root', async () => {
    const other = await createLabCa({
      intermediates: 1,
      keySpec: { type: 'ec', curve: 'P-256' },
      notBefore,
      notAfter: new Date('2035-01-01T00:00:00Z'),
    });
    const result = validateChain({
      ...options(),
      intermediates: [...options().intermediates, ca.root.certificatePem],
      trustAnchors: [other.root.certificatePem],
    });
    expect(result.problems.map((problem) => problem.code)).toEqual(['ERR_CHAIN_UNTRUSTED_ROOT']);
  });
});

describe('validateChain common-name fallback', () => {
  it('matches the CN only when asked, and only when the leaf has no DNS SAN', async () => {
    const ipOnly = await issueLeaf(['ip:10.0.0.9']);
    const base = { ...options(), leaf: ipOnly, hostname: 'ovoc.example.com' };
    expect(validateChain(base).problems.map((problem) => problem.code)).toEqual(['ERR_CHAIN_HOSTNAME_MISMATCH']);
    expect(validateChain({ ...base, allowCommonNameFallback: true }).valid).toBe(true);
    expect(validateChain({ ...options(), hostname: 'ovoc.example.com', allowCommonNameFallback: true }).valid).toBe(
      true,
    );
  });
});

describe('validateChain profile webpki and public suffixes', () => {
  const wildcardCodes = async (san: string, hostname: string, extra: Partial<ValidateChainOptions> = {}) => {
    const leaf = await issueLeaf([`dns:${san}`]);
    const result = validateChain({ ...options(), leaf, hostname, profile: 'webpki', ...extra });
    return result.problems.map((problem) => problem.code);
  };

  it('refuses wildcards over public suffixes from the bundled list, ICANN and private sections', async () => {
    expect(await wildcardCodes('*.co.uk', 'shop.co.uk')).toEqual(['ERR_CHAIN_WEBPKI_PROFILE']);
    expect(await wildcardCodes('*.s3.amazonaws.com', 'bucket.s3.amazonaws.com')).toEqual(['ERR_CHAIN_WEBPKI_PROFILE']);
    expect(await wildcardCodes('*.example.co.uk', 'shop.example.co.uk')).toEqual([]);
    expect(await wildcardCodes('*.ovoc.example.com', 'node1.ovoc.example.com')).toEqual([]);
  });

  it("uses the caller's own list instead when given one", async () => {
    const siteList = { isPublicSuffix: (domain: string) => domain === 'corp.test' };
    expect(await wildcardCodes('*.corp.test', 'ovoc.corp.test', siteList)).toEqual(['ERR_CHAIN_WEBPKI_PROFILE']);
    expect(await wildcardCodes('*.co.uk', 'shop.co.uk', siteList)).toEqual([]);
  });

  it('leaves wildcards alone under rfc5280, the enterprise profile', async () => {
    expect(await wildcardCodes('*.co.uk', 'shop.co.uk', { profile: 'rfc5280' })).toEqual([]);
  });
});
