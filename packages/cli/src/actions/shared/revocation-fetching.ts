import { type FetchedRevocation, fetchRevocation, validateChain, type ValidateChainOptions } from '@certwright/core';
import type { Io } from '../../io/io.js';
import { createRevocationFetch } from '../../io/revocation-fetch.js';
import type { Progress } from '../../render/outcome.js';

/**
 * `--fetch-revocation`: finds the path first (revocation off), fetches its CRLs and OCSP responses
 * over HTTP (HTTP_PROXY/HTTPS_PROXY/NO_PROXY honoured), and warns about every location skipped
 * (ldap://) or failed, naming it. Undefined when the certificate has no path to fetch for.
 */
export async function fetchForPath(
  options: ValidateChainOptions,
  io: Io,
  output: Progress,
): Promise<FetchedRevocation | undefined> {
  const first = validateChain({ ...options, revocation: 'off' });
  if (first.path.length < 2) return undefined;
  const fetched = await fetchRevocation({ path: first.path, fetch: createRevocationFetch(io.env), now: io.now() });
  for (const attempt of fetched.attempts) {
    if (attempt.outcome === 'fetched' || attempt.outcome === 'cached') continue;
    const what = `${attempt.kind === 'crl' ? 'CRL' : 'OCSP'} ${attempt.url} for certificate [${attempt.certificateIndex}]`;
    output.warn('WARN_REVOCATION_FETCH', `${what} ${attempt.outcome}: ${attempt.reason ?? 'no answer'}`);
  }
  return fetched;
}
