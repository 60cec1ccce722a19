/**
 * The default public-suffix test of profile `webpki`: the Public Suffix List as the `tldts` package
 * carries it (ICANN and private sections, as x509-limbo and the Baseline Requirements' "public
 * suffix" read it, so `*.co.uk` and `*.s3.amazonaws.com` are both refused).
 * Loaded synchronously on first use, since validateChain is synchronous and only a wildcard SAN under
 * `webpki` needs the list (loading it costs ~15 ms that every other command should not pay).
 */
import { createRequire } from 'node:module';

type Tldts = typeof import('tldts');
let tldts: Tldts | undefined;

/** True when `domain` (lower case, no trailing dot) is itself a public suffix. */
export function isListedPublicSuffix(domain: string): boolean {
  tldts ??= createRequire(import.meta.url)('tldts') as Tldts;
  return tldts.getPublicSuffix(domain, { allowPrivateDomains: true }) === domain;
}
