import {
  type FetchedRevocation,
  fetchRevocation,
  type RevocationFetch,
  validateChain,
  type ValidateChainOptions,
} from '@certwright/core';
import type { Progress } from '../progress.js';

/**
 * Fetching revocation for a chain: finds the path first (revocation off), fetches its CRLs and OCSP
 * responses over `transport`, and warns about every location skipped (ldap://) or failed, naming
 * it. Undefined when the certificate has no path to fetch for.
 */
export async function fetchForPath(
  options: ValidateChainOptions,
  transport: RevocationFetch,
  now: Date,
  progress: Progress,
): Promise<FetchedRevocation | undefined> {
  const first = validateChain({ ...options, revocation: 'off' });
  if (first.path.length < 2) return undefined;
  const fetched = await fetchRevocation({ path: first.path, fetch: transport, now });
  for (const attempt of fetched.attempts) {
    if (attempt.outcome === 'fetched' || attempt.outcome === 'cached') continue;
    const what = `${attempt.kind === 'crl' ? 'CRL' : 'OCSP'} ${attempt.url} for certificate [${attempt.certificateIndex}]`;
    progress.warn('WARN_REVOCATION_FETCH', `${what} ${attempt.outcome}: ${attempt.reason ?? 'no answer'}`);
  }
  return fetched;
}
