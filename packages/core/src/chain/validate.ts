import { InvalidArgumentError } from '../errors.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import { ipToBytes } from '../lib/ip-address.js';
import type { PathContext } from './context.js';
import { parseCrls } from './revocation/crl-input.js';
import { type PathSearchState, searchPaths } from './path-search.js';
import { validatePath } from './validate-path.js';
import { DEFAULT_MAX_DEPTH, parseBuildInputs, searchInput } from './input.js';
import type { ChainProblem, ChainValidationResult, ValidateChainOptions } from './types.js';

/** Most candidate paths validated before the best failure is reported. */
const MAX_PATHS_VALIDATED = 32;

/**
 * Builds candidate paths from the leaf to a trust anchor and validates them (RFC 5280 §6, plus the
 * CA/Browser Forum rules with `profile: 'webpki'`) until one is valid. Otherwise the result carries
 * every problem of the best failing candidate, each with a stable `ERR_CHAIN_*` code.
 * Throws ChainError (ERR_CHAIN_MALFORMED) when the leaf or a trust anchor cannot be read, and
 * InvalidArgumentError for an unusable `at`, `ip`, `maxDepth` or `maxCandidates`.
 *
 * @example
 * const result = validateChain({ leaf, intermediates, trustAnchors: [root], purpose: 'server', hostname: 'ovoc.example.com' });
 * if (!result.valid) console.log(result.problems.map((problem) => problem.code));
 */
export function validateChain(options: ValidateChainOptions): ChainValidationResult {
  if (options.ip !== undefined && ipToBytes(options.ip) === undefined) {
    throw new InvalidArgumentError(`\`ip\` is not an IPv4 or IPv6 address: ${options.ip}`, { field: 'ip' });
  }
  const parsed = parseBuildInputs(options);
  const search = searchInput(parsed, options);
  const { crls, problems: crlProblems } = parseCrls(options.crls);
  const base = {
    anchored: true,
    at: Math.floor(search.at / 1000) * 1000,
    purpose: options.purpose ?? 'server',
    profile: options.profile ?? 'rfc5280',
    hostname: options.hostname,
    ip: options.ip,
    email: options.email,
    allowCommonNameFallback: options.allowCommonNameFallback ?? false,
    allowWeak: options.allowWeak ?? false,
    isPublicSuffix: options.isPublicSuffix,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    crls,
    pool: [...parsed.anchors, ...parsed.intermediates],
    policy: options.policy ?? {},
  };
  const state: PathSearchState = { exhausted: false, longestDeadEnd: undefined };
  let best: ChainValidationResult | undefined;
  let tried = 0;
  for (const candidate of searchPaths(search, state)) {
    const result = runOne({ ...base, path: candidate.certificates, anchored: true, problems: [...crlProblems] });
    if (result.valid) return result;
    if (best === undefined || result.problems.length < best.problems.length) best = result;
    if (++tried >= MAX_PATHS_VALIDATED) break;
  }
  if (best === undefined) {
    const path = state.longestDeadEnd ?? [parsed.leaf];
    best = runOne({ ...base, path, anchored: false, problems: [...crlProblems] });
  }
  if (state.exhausted) best.problems.push(searchLimitProblem());
  return best;
}

function runOne(context: PathContext): ChainValidationResult {
  const policySet = validatePath(context);
  return {
    valid: context.problems.length === 0,
    // Copies: the parsed certificates are cached and shared between calls.
    path: context.path.map((certificate: ParsedCertificate) => certificate.der.slice()),
    policySet,
    problems: context.problems,
  };
}

function searchLimitProblem(): ChainProblem {
  return {
    code: 'ERR_CHAIN_SEARCH_LIMIT',
    message: 'the path search stopped at its candidate limit; a valid path may exist beyond it',
    certificateIndex: -1,
  };
}
