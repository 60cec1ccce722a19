import { parseBuildInputs, searchInput } from './input.js';
import { type PathSearchState, searchPaths } from './path-search.js';
import type { BuildPathsOptions } from './types.js';

/** One path buildPaths found, leaf first, as DER. */
export interface BuiltPath {
  certificates: Uint8Array[];
  /** True when the path ends at one of the trust anchors. */
  anchored: boolean;
}

export { DEFAULT_MAX_CANDIDATES, DEFAULT_MAX_DEPTH } from './input.js';

/**
 * Every path from the leaf to a trust anchor that a bounded search finds, best first (issuers whose
 * key verifies the signature, anchors, AKI/SKI matches, currently valid certificates). Signatures
 * guide the search but nothing else is validated: pass a path to validateChain for that. When no path
 * reaches an anchor, the longest dead end is returned with `anchored: false`.
 *
 * @example
 * const [best] = buildPaths({ leaf: serverPem, intermediates: [ca2Pem, ca1Pem], trustAnchors: [rootPem] });
 */
export function buildPaths(
  options: BuildPathsOptions & { /** Most paths returned; default 16. */ maxPaths?: number },
): BuiltPath[] {
  const parsed = parseBuildInputs(options);
  const state: PathSearchState = { exhausted: false, longestDeadEnd: undefined };
  const found: BuiltPath[] = [];
  for (const path of searchPaths(searchInput(parsed, options), state)) {
    found.push({ certificates: path.certificates.map((certificate) => certificate.der.slice()), anchored: true });
    if (found.length >= (options.maxPaths ?? 16)) break;
  }
  if (found.length === 0 && state.longestDeadEnd !== undefined) {
    found.push({ certificates: state.longestDeadEnd.map((certificate) => certificate.der.slice()), anchored: false });
  }
  return found;
}
