/** Turns the caller's certificates (PEM, DER, parsed objects) into ParsedCertificates, with typed errors. */
import type { BuildPathsOptions, ChainCertificateInput } from './types.js';
import { ChainError, InvalidArgumentError } from '../errors.js';
import { BoundedCache } from '../lib/bounded-cache.js';
import { type ParsedCertificate, parseCertificateDer } from '../x509/certificate.js';
import { hexOf } from '../asn1/der-primitives.js';
import type { PathSearchInput } from './path-search.js';
import { TAG_SEQUENCE } from '../asn1/der.js';
import { assertInputWithinLimits } from '../asn1/der-limits.js';
import { decodePemBlocks } from '../asn1/pem.js';

/** Parses one certificate; `label` names it in the error (e.g. `leaf`, `trustAnchors[2]`). */
export function toParsedCertificate(input: ChainCertificateInput, label: string): ParsedCertificate {
  // Size, depth and element limits before the input is hashed for the cache or parsed.
  assertInputWithinLimits(
    input,
    label,
    (error) => new ChainError('ERR_CHAIN_MALFORMED', error.message, { field: label }, { cause: error }),
  );
  const key = typeof input === 'string' ? input : hexOf(input instanceof Uint8Array ? input : input.der);
  const cached = parsedCache.get(key);
  if (cached !== undefined) return cached;
  const der = toDer(input, label);
  try {
    // A copy, so that a caller reusing its buffer cannot change what the cache holds.
    return parsedCache.set(key, parseCertificateDer(der.slice()));
  } catch (error) {
    throw new ChainError(
      'ERR_CHAIN_MALFORMED',
      `${label}: not a readable X.509 certificate`,
      { field: label },
      { cause: error },
    );
  }
}

const parsedCache = new BoundedCache<string, ParsedCertificate>(2048);

function toDer(input: ChainCertificateInput, label: string): Uint8Array {
  // DER always starts with a SEQUENCE tag; other bytes are taken as the text of a PEM file.
  if (input instanceof Uint8Array && input[0] === TAG_SEQUENCE) return input;
  if (!(input instanceof Uint8Array) && typeof input !== 'string') return input.der;
  const block = readPemBlocks(input, label).find((candidate) => candidate.label === 'CERTIFICATE');
  if (block === undefined)
    throw new ChainError('ERR_CHAIN_MALFORMED', `${label}: no CERTIFICATE PEM block`, { field: label });
  return block.der;
}

// validateChain documents ChainError for an unreadable leaf or anchor: a PEM decoding error (bad
// base64, an unterminated block) is one, with the FormatError kept as its cause.
function readPemBlocks(input: string | Uint8Array, label: string): ReturnType<typeof decodePemBlocks> {
  try {
    return decodePemBlocks(input, label);
  } catch (error) {
    const message = error instanceof Error ? error.message : `${label}: not readable PEM`;
    throw new ChainError('ERR_CHAIN_MALFORMED', message, { field: label }, { cause: error });
  }
}

/** The default cap on intermediates in a path. */
export const DEFAULT_MAX_DEPTH = 8;
/** The default cap on the path extensions a search tries. */
export const DEFAULT_MAX_CANDIDATES = 2000;

/** The parsed leaf, intermediates and anchors; malformed intermediates are skipped (a pile may hold junk). */
export function parseBuildInputs(options: BuildPathsOptions): {
  leaf: ParsedCertificate;
  intermediates: ParsedCertificate[];
  anchors: ParsedCertificate[];
} {
  const leaf = toParsedCertificate(options.leaf, 'leaf');
  const anchors = options.trustAnchors.map((anchor, index) => toParsedCertificate(anchor, `trustAnchors[${index}]`));
  const intermediates: ParsedCertificate[] = [];
  (options.intermediates ?? []).forEach((input, index) => {
    try {
      intermediates.push(toParsedCertificate(input, `intermediates[${index}]`));
    } catch {
      // An unreadable extra certificate cannot be on any path; skipping it is not trusting anything.
    }
  });
  return { leaf, intermediates, anchors };
}

/** The search parameters for parsed inputs and the caller's options. */
export function searchInput(parsed: ReturnType<typeof parseBuildInputs>, options: BuildPathsOptions): PathSearchInput {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const at = (options.at ?? new Date()).getTime();
  if (Number.isNaN(at)) throw new InvalidArgumentError('`at` is not a valid date', { field: 'at' });
  for (const [field, value] of [
    ['maxDepth', maxDepth],
    ['maxCandidates', options.maxCandidates ?? 1],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InvalidArgumentError(`\`${field}\` must be a non-negative integer`, { field });
    }
  }
  return {
    ...parsed,
    at,
    // Self-issued intermediates do not count against maxDepth, so the search may go a little deeper.
    maxLength: maxDepth + 2 + 4,
    maxCandidates: options.maxCandidates ?? DEFAULT_MAX_CANDIDATES,
  };
}
