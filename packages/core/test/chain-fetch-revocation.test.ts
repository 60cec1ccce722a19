import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePemBlocks } from '../src/asn1/pem.js';
import { fetchRevocation, type RevocationFetchRequest, validateChain } from '../src/index.js';
import { CA_EXTENSIONS, type Issued, issue, LEAF_EXTENSIONS, makeCrl } from './chain-openssl.js';
import { makeScratch, type Scratch } from './csr-openssl.js';

// fetchRevocation over an injected transport: which locations it asks, what it skips, its cache,
// and an OCSP request that openssl reads.
let scratch: Scratch;
let root: Issued;
let ca: Issued;
let leaf: Issued;
let caCrlDer: Uint8Array;
const CRL_URL = 'http://crl.example.test/ca.crl';
const OCSP_URL = 'http://ocsp.example.test/';

beforeAll(async () => {
  scratch = await makeScratch();
  root = await issue(scratch, 'fetch-root', { extensions: CA_EXTENSIONS });
  ca = await issue(scratch, 'fetch-ca', { issuer: root, extensions: CA_EXTENSIONS });
  leaf = await issue(scratch, 'fetch-leaf', {
    issuer: ca,
    extensions: [
      ...LEAF_EXTENSIONS,
      `crlDistributionPoints = URI:ldap://dc.example.test/fetch-ca-cdp, URI:${CRL_URL}`,
      `authorityInfoAccess = OCSP;URI:${OCSP_URL}`,
    ],
  });
  caCrlDer = (decodePemBlocks(await makeCrl(scratch, ca, []))[0] as { der: Uint8Array }).der;
});
afterAll(async () => {
  await scratch.remove();
});

function fakeTransport() {
  const requests: { url: string; request: RevocationFetchRequest }[] = [];
  const fetch = async (url: string, request: RevocationFetchRequest) => {
    requests.push({ url, request });
    if (url === CRL_URL) return { status: 200, body: caCrlDer };
    return { status: 503, body: new Uint8Array() };
  };
  return { fetch, requests };
}

describe('fetchRevocation', () => {
  it('fetches http CRLs, posts OCSP requests, skips ldap:// and reports every attempt', async () => {
    const transport = fakeTransport();
    const fetched = await fetchRevocation({ path: [leaf.pem, ca.pem, root.pem], fetch: transport.fetch });
    expect(fetched.crls).toEqual([caCrlDer]);
    expect(fetched.ocspResponses).toEqual([]);
    expect(fetched.attempts.map(({ kind, outcome, certificateIndex }) => [kind, outcome, certificateIndex])).toEqual([
      ['crl', 'skipped', 0],
      ['crl', 'fetched', 0],
      ['ocsp', 'failed', 0],
    ]);
    expect(fetched.attempts[0]?.reason).toMatch(/ldap/);
    expect(fetched.attempts[2]?.reason).toBe('HTTP status 503');
    const post = transport.requests.find((entry) => entry.url === OCSP_URL)?.request;
    expect(post?.method).toBe('POST');
    expect(post?.headers['content-type']).toBe('application/ocsp-request');
    // What it fetched is only input: validateChain checks it (soft-fail: the CA's status is unknown).
    const result = validateChain({
      leaf: leaf.pem,
      intermediates: [ca.pem],
      trustAnchors: [root.pem],
      hostname: 'leaf.example.com',
      crls: fetched.crls,
      revocation: 'soft-fail',
    });
    expect(result.valid).toBe(true);
    expect(result.revocation.map((status) => status.status)).toEqual(['good', 'undetermined']);
  });

  it('writes an OCSP request openssl reads, for the leaf’s serial', async () => {
    const transport = fakeTransport();
    await fetchRevocation({ path: [leaf.pem, ca.pem], fetch: transport.fetch });
    const body = transport.requests.find((entry) => entry.url === OCSP_URL)?.request.body as Uint8Array;
    const file = await scratch.write('fetch-request.der', body);
    const text = await scratch.openssl('ocsp', '-reqin', file, '-req_text');
    const serial = (await scratch.openssl('x509', '-in', leaf.certFile, '-noout', '-serial')).trim().split('=')[1];
    expect(text.replace(/\s/g, '')).toContain(`SerialNumber:${serial}`);
  });

  it('reuses cached answers within cacheSeconds, and asks again after', async () => {
    const cache = new Map();
    const now = new Date('2030-01-01T00:00:00Z');
    const first = fakeTransport();
    await fetchRevocation({ path: [leaf.pem, ca.pem], fetch: first.fetch, cache, now });
    const again = fakeTransport();
    const cached = await fetchRevocation({ path: [leaf.pem, ca.pem], fetch: again.fetch, cache, now });
    expect(cached.attempts.find((attempt) => attempt.url === CRL_URL)?.outcome).toBe('cached');
    expect(again.requests.map((entry) => entry.url)).toEqual([OCSP_URL]);
    const later = new Date(now.getTime() + 3601 * 1000);
    const stale = fakeTransport();
    await fetchRevocation({ path: [leaf.pem, ca.pem], fetch: stale.fetch, cache, now: later });
    expect(stale.requests.map((entry) => entry.url)).toContain(CRL_URL);
  });

  it('a transport error or an oversized answer is a failed attempt, never a thrown error', async () => {
    const failing = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    const fetched = await fetchRevocation({ path: [leaf.pem, ca.pem], fetch: failing });
    expect(fetched.attempts.filter((attempt) => attempt.outcome === 'failed').map((attempt) => attempt.reason)).toEqual(
      ['connect ECONNREFUSED', 'connect ECONNREFUSED'],
    );
    const huge = async () => ({ status: 200, body: new Uint8Array(2048) });
    const capped = await fetchRevocation({ path: [leaf.pem, ca.pem], fetch: huge, maxBytes: 1024 });
    expect(capped.crls).toEqual([]);
    expect(capped.attempts.find((attempt) => attempt.kind === 'crl' && attempt.outcome === 'failed')?.reason).toMatch(
      /larger than 1024/,
    );
  });
});
