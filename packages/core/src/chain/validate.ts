import { InvalidArgumentError } from '../errors.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import { ipToBytes } from '../lib/ip-address.js';
import type { PathContext } from './context.js';
import { withInheritedDsaParameters } from './dsa-parameters.js';
import { parseCrls } from './revocation/crl-input.js';
import { parseOcspResponses } from './revocation/ocsp-input.js';
import { type PathSearchState, searchPaths } from './path-search.js';
import { validatePath } from './validate-path.js';
import { problemText } from './problem-text.js';
import { DEFAULT_MAX_DEPTH, parseBuildInputs, searchInput } from './input.js';
import type { ChainProblem, ChainRevocationMode, ChainValidationResult, ValidateChainOptions } from './types.js';

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
  for (const [field, value, allowed] of [
    ['anchorConstraints', options.anchorConstraints, ['enforce', 'ignore']],
    ['leafIsAnchor', options.leafIsAnchor, ['accept', 'refuse']],
  ] as const) {
    if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`\`${field}\` must be ${allowed.join(' or ')}`, { field });
    }
  }
  const mode = revocationModeOf(options);
  const { crls, problems: crlProblems } = mode === 'off' ? { crls: undefined, problems: [] } : parseCrls(options.crls);
  const ocsp = mode === 'off' ? { responses: [], problems: [] } : parseOcspResponses(options.ocspResponses, mode);
  const inputProblems = [...crlProblems, ...ocsp.problems];
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
    anchorConstraints: options.anchorConstraints ?? 'enforce',
    leafIsAnchor: options.leafIsAnchor ?? 'refuse',
    revocationMode: mode,
    crls,
    ocspResponses: ocsp.responses,
    ocspClockSkewSeconds: options.ocspClockSkewSeconds,
    pool: [...parsed.anchors, ...parsed.intermediates],
    policy: options.policy ?? {},
    revocationStack: [] as readonly string[],
  };
  const state: PathSearchState = { exhausted: false, longestDeadEnd: undefined };
  let best: ChainValidationResult | undefined;
  let tried = 0;
  for (const candidate of searchPaths(search, state)) {
    const result = runOne({ ...base, path: candidate.certificates, anchored: true, problems: [...inputProblems] });
    if (result.valid) return result;
    if (best === undefined || result.problems.length < best.problems.length) best = result;
    if (++tried >= MAX_PATHS_VALIDATED) break;
  }
  if (best === undefined) {
    const path = state.longestDeadEnd ?? [parsed.leaf];
    best = runOne({ ...base, path, anchored: false, problems: [...inputProblems] });
  }
  if (state.exhausted) best.problems.push(searchLimitProblem());
  return best;
}

// RFC-style default: checking is implied by giving CRLs or OCSP responses, and then strict.
function revocationModeOf(options: ValidateChainOptions): ChainRevocationMode {
  const skew = options.ocspClockSkewSeconds;
  if (skew !== undefined && !(Number.isFinite(skew) && skew >= 0)) {
    throw new InvalidArgumentError('`ocspClockSkewSeconds` must be a non-negative number', {
      field: 'ocspClockSkewSeconds',
    });
  }
  if (options.revocation !== undefined) {
    if (!['off', 'soft-fail', 'hard-fail'].includes(options.revocation)) {
      throw new InvalidArgumentError('`revocation` must be off, soft-fail or hard-fail', { field: 'revocation' });
    }
    return options.revocation;
  }
  const given = (options.crls?.length ?? 0) > 0 || (options.ocspResponses?.length ?? 0) > 0;
  return given ? 'hard-fail' : 'off';
}

function runOne(fields: Omit<PathContext, 'validateCrlSigner'>): ChainValidationResult {
  const context = withCrlSignerValidation({ ...fields, path: withInheritedDsaParameters(fields.path) });
  const { policySet, revocation } = validatePath(context);
  return {
    valid: context.problems.length === 0,
    // Copies: the parsed certificates are cached and shared between calls.
    path: context.path.map((certificate: ParsedCertificate) => certificate.der.slice()),
    policySet,
    // Messages and sources quote the inputs: one short line each, made so here, where they leave.
    problems: context.problems.map((problem) => ({ ...problem, message: problemText(problem.message) })),
    revocation: [...revocation.entries()].map(([certificateIndex, finding]) => ({
      certificateIndex,
      ...finding,
      source: problemText(finding.source),
    })),
  };
}

/** Most nested CRL-signer validations (a signer whose CRL is signed by another separate signer …). */
const MAX_SIGNER_NESTING = 4;
/** Most candidate paths tried for one CRL signer. */
const MAX_SIGNER_PATHS = 8;

// RFC 5280 §6.3.3 (f): a CRL signer that is not on the path itself is valid when some path from it
// to the same trust anchor passes every check (any purpose, no expected name, no policy inputs),
// its own revocation included; certificates already being checked are not checked again.
function withCrlSignerValidation(fields: Omit<PathContext, 'validateCrlSigner'>): PathContext {
  const verdicts = new Map<string, boolean>();
  const context: PathContext = {
    ...fields,
    validateCrlSigner: (signer, checked) => {
      const anchor = context.path[context.path.length - 1];
      if (!context.anchored || anchor === undefined) return false;
      if (context.revocationStack.length >= MAX_SIGNER_NESTING) return false;
      const known = verdicts.get(signer.id);
      if (known !== undefined) return known;
      verdicts.set(signer.id, false);
      const search = {
        leaf: signer,
        intermediates: context.pool,
        anchors: [anchor],
        at: context.at,
        maxLength: context.maxDepth + 6,
        maxCandidates: 200,
      };
      let tried = 0;
      for (const candidate of searchPaths(search, { exhausted: false, longestDeadEnd: undefined })) {
        const outcome = runOne({
          ...fields,
          path: candidate.certificates,
          anchored: true,
          purpose: 'any',
          hostname: undefined,
          ip: undefined,
          email: undefined,
          policy: {},
          leafIsAnchor: 'accept',
          problems: [],
          revocationStack: [...context.revocationStack, checked.id],
        });
        if (outcome.valid) {
          verdicts.set(signer.id, true);
          return true;
        }
        if (++tried >= MAX_SIGNER_PATHS) break;
      }
      return false;
    },
  };
  return context;
}

function searchLimitProblem(): ChainProblem {
  return {
    code: 'ERR_CHAIN_SEARCH_LIMIT',
    message: 'the path search stopped at its candidate limit; a valid path may exist beyond it',
    certificateIndex: -1,
  };
}
