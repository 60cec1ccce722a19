/**
 * Bounded depth-first path search from a leaf to a trust anchor (RFC 4158 in miniature). Issuers are
 * found by normalised subject name; among them, those whose key verifies the child's signature come
 * first (a failing signature is only followed when nothing else is left, so that it can be reported),
 * then trust anchors, then AKI/SKI matches, then certificates valid at the validation time.
 * A certificate never appears twice in a path, and the number of
 * extensions is capped, so cycles and piles built to explode the search stay cheap.
 */
import { bytesEqual } from '../lib/bytes.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import { isSignedBy } from './signature.js';

/** A candidate path from the leaf (index 0) upwards. */
export interface CandidatePath {
  certificates: ParsedCertificate[];
  /** True when the last certificate is a trust anchor. */
  anchored: boolean;
}

export interface PathSearchInput {
  leaf: ParsedCertificate;
  intermediates: readonly ParsedCertificate[];
  anchors: readonly ParsedCertificate[];
  at: number;
  /** Longest path searched, in certificates (leaf and anchor included). */
  maxLength: number;
  /** Most path extensions tried. */
  maxCandidates: number;
}

/** The outcome of a finished search: whether it ran out of budget, and the longest dead end. */
export interface PathSearchState {
  exhausted: boolean;
  longestDeadEnd: ParsedCertificate[] | undefined;
}

/** Yields anchored paths, best candidates first; `state` tells, afterwards, why the search stopped. */
export function* searchPaths(input: PathSearchInput, state: PathSearchState): Generator<CandidatePath> {
  const anchorIds = new Set(input.anchors.map((anchor) => anchor.id));
  const bySubject = indexBySubject([...input.anchors, ...input.intermediates]);
  let budget = input.maxCandidates;

  function* extend(path: ParsedCertificate[]): Generator<CandidatePath> {
    const current = path[path.length - 1] as ParsedCertificate;
    if (anchorIds.has(current.id)) {
      yield { certificates: [...path], anchored: true };
      return;
    }
    // An untrusted self-signed certificate ends its path: only its own key vouches for it.
    const atLimit = path.length >= input.maxLength;
    const selfSigned = !atLimit && current.selfIssued && isSignedBy(current, current);
    const issuers = atLimit || selfSigned ? [] : (bySubject.get(current.issuer.key) ?? []);
    const candidates = issuerCandidates(current, path, issuers, anchorIds, input.at);
    if (candidates.length === 0) {
      if (state.longestDeadEnd === undefined || path.length > state.longestDeadEnd.length)
        state.longestDeadEnd = [...path];
      return;
    }
    for (const candidate of candidates) {
      if (--budget < 0) {
        state.exhausted = true;
        return;
      }
      path.push(candidate);
      yield* extend(path);
      path.pop();
      if (state.exhausted) return;
    }
  }

  yield* extend([input.leaf]);
}

function indexBySubject(certificates: readonly ParsedCertificate[]): Map<string, ParsedCertificate[]> {
  const index = new Map<string, ParsedCertificate[]>();
  const seen = new Set<string>();
  for (const certificate of certificates) {
    if (seen.has(certificate.id)) continue;
    seen.add(certificate.id);
    const list = index.get(certificate.subject.key);
    if (list === undefined) index.set(certificate.subject.key, [certificate]);
    else list.push(certificate);
  }
  return index;
}

function issuerCandidates(
  child: ParsedCertificate,
  path: readonly ParsedCertificate[],
  sameName: readonly ParsedCertificate[],
  anchorIds: ReadonlySet<string>,
  at: number,
): ParsedCertificate[] {
  const fresh = sameName.filter((candidate) => !path.some((used) => repeats(used, candidate)));
  const signing = fresh.filter((candidate) => isSignedBy(child, candidate));
  const usable = signing.length > 0 ? signing : fresh;
  const score = (candidate: ParsedCertificate): number =>
    (anchorIds.has(candidate.id) ? 4 : 0) +
    (keyIdsMatch(child, candidate) ? 2 : 0) +
    (candidate.notBefore <= at && at <= candidate.notAfter ? 1 : 0);
  return usable
    .map((candidate, order) => ({ candidate, order, score: score(candidate) }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((entry) => entry.candidate);
}

// Only the very same certificate counts as a loop: a CA re-issuing itself (same subject and key,
// new certificate) is a legitimate self-issued link; the search budget bounds the rest.
function repeats(used: ParsedCertificate, candidate: ParsedCertificate): boolean {
  return used.id === candidate.id;
}

function keyIdsMatch(child: ParsedCertificate, issuer: ParsedCertificate): boolean {
  const wanted = child.authorityKeyId?.keyId;
  return wanted !== undefined && issuer.subjectKeyId !== undefined && bytesEqual(wanted, issuer.subjectKeyId);
}
