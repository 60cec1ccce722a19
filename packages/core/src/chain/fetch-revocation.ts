import type { ParsedCertificate } from '../x509/certificate.js';
import { toParsedCertificate } from './input.js';
import { revocationLocations } from './revocation/locations.js';
import { encodeOcspRequest } from './revocation/ocsp-request.js';
import type { ChainCertificateInput } from './types.js';

/** One HTTP request fetchRevocation needs; the caller's transport carries it (and applies proxies). */
export interface RevocationFetchRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: Uint8Array;
  /** Aborted when the timeout passes. */
  signal: AbortSignal;
  /** Stop reading (and fail) past this many bytes. */
  maxBytes: number;
}

/** The caller's transport: core never opens a connection or reads the environment itself. */
export type RevocationFetch = (
  url: string,
  request: RevocationFetchRequest,
) => Promise<{ status: number; body: Uint8Array }>;

/** A cache the caller keeps between calls (e.g. `new Map()`), keyed by request. */
export type RevocationFetchCache = Map<string, { body: Uint8Array; fetchedAt: number }>;

/** fetchRevocation's options. */
export interface FetchRevocationOptions {
  /** The path, leaf first: each certificate's issuer is the next one; the last (the anchor) is not looked up. */
  path: readonly ChainCertificateInput[];
  fetch: RevocationFetch;
  /** Per request; default 5,000 ms. */
  timeoutMs?: number;
  /** Per response; default 10 MiB (a large CA's CRL). */
  maxBytes?: number;
  cache?: RevocationFetchCache;
  /** How long a cached answer is reused; default 3,600 s. */
  cacheSeconds?: number;
  /** The clock for the cache; default now. */
  now?: Date;
}

/** One location tried. */
export interface RevocationFetchAttempt {
  /** Position in `path` of the certificate it is about. */
  certificateIndex: number;
  kind: 'crl' | 'ocsp';
  url: string;
  outcome: 'fetched' | 'cached' | 'skipped' | 'failed';
  /** Why skipped or failed. */
  reason?: string;
}

/** What fetchRevocation found: CRLs and OCSP responses for validateChain, and every attempt. */
export interface FetchedRevocation {
  crls: Uint8Array[];
  ocspResponses: Uint8Array[];
  attempts: RevocationFetchAttempt[];
}

/**
 * Fetches revocation information for a path over the caller's transport: each certificate's CRLs
 * from its http(s) distribution points (GET) and its OCSP status from its AIA responder (POST of an
 * RFC 6960 request). `ldap://` locations (Active Directory Certificate Services lists them first)
 * are skipped and reported, as are failures; nothing here decides trust: give the result to
 * validateChain (`crls`, `ocspResponses`), which checks every signature.
 *
 * @example
 * const fetched = await fetchRevocation({ path: result.path, fetch: myHttpFetch, cache });
 * validateChain({ ...options, crls: fetched.crls, ocspResponses: fetched.ocspResponses });
 */
export async function fetchRevocation(options: FetchRevocationOptions): Promise<FetchedRevocation> {
  const path = options.path.map((input, index) => toParsedCertificate(input, `path[${index}]`));
  const settings = {
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? 5000,
    maxBytes: options.maxBytes ?? 10 * 1024 * 1024,
    cache: options.cache,
    cacheMs: (options.cacheSeconds ?? 3600) * 1000,
    now: (options.now ?? new Date()).getTime(),
  };
  const jobs: Promise<{ attempt: RevocationFetchAttempt; body: Uint8Array | undefined }>[] = [];
  const seenCrls = new Set<string>();
  for (let index = 0; index < path.length - 1; index++) {
    const certificate = path[index] as ParsedCertificate;
    const issuer = path[index + 1] as ParsedCertificate;
    const locations = revocationLocations(certificate);
    for (const url of locations.crls) {
      if (seenCrls.has(url)) continue;
      seenCrls.add(url);
      jobs.push(fetchOne(settings, { certificateIndex: index, kind: 'crl', url }, { method: 'GET', headers: {} }));
    }
    for (const url of locations.ocsp) {
      const body = encodeOcspRequest(certificate, issuer);
      const headers = { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' };
      jobs.push(fetchOne(settings, { certificateIndex: index, kind: 'ocsp', url }, { method: 'POST', headers, body }));
    }
  }
  const done = await Promise.all(jobs);
  const pick = (kind: 'crl' | 'ocsp') =>
    done.filter((job) => job.attempt.kind === kind && job.body !== undefined).map((job) => job.body as Uint8Array);
  return { crls: pick('crl'), ocspResponses: pick('ocsp'), attempts: done.map((job) => job.attempt) };
}

interface Settings {
  fetch: RevocationFetch;
  timeoutMs: number;
  maxBytes: number;
  cache: RevocationFetchCache | undefined;
  cacheMs: number;
  now: number;
}

async function fetchOne(
  settings: Settings,
  target: Omit<RevocationFetchAttempt, 'outcome' | 'reason'>,
  request: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: Uint8Array },
): Promise<{ attempt: RevocationFetchAttempt; body: Uint8Array | undefined }> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target.url)?.[1]?.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    const reason =
      scheme === 'ldap' ? 'ldap:// is not fetched (only http and https)' : `${scheme ?? 'this'} URL is not fetched`;
    return { attempt: { ...target, outcome: 'skipped', reason }, body: undefined };
  }
  const cacheKey = `${request.method} ${target.url} ${request.body === undefined ? '' : Buffer.from(request.body).toString('base64')}`;
  const cached = settings.cache?.get(cacheKey);
  if (cached !== undefined && settings.now - cached.fetchedAt < settings.cacheMs) {
    return { attempt: { ...target, outcome: 'cached' }, body: cached.body };
  }
  try {
    const response = await settings.fetch(target.url, {
      ...request,
      signal: AbortSignal.timeout(settings.timeoutMs),
      maxBytes: settings.maxBytes,
    });
    if (response.status !== 200) {
      return { attempt: { ...target, outcome: 'failed', reason: `HTTP status ${response.status}` }, body: undefined };
    }
    if (response.body.byteLength > settings.maxBytes) {
      return {
        attempt: { ...target, outcome: 'failed', reason: `larger than ${settings.maxBytes} bytes` },
        body: undefined,
      };
    }
    settings.cache?.set(cacheKey, { body: response.body, fetchedAt: settings.now });
    return { attempt: { ...target, outcome: 'fetched' }, body: response.body };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { attempt: { ...target, outcome: 'failed', reason }, body: undefined };
  }
}
