import { createHash } from 'node:crypto';
import { parseCertificate } from '../cert/parse.js';
import type { CertificateInfo } from '../cert/types.js';
import type { ChainProblem } from '../chain/types.js';
import { validateChain } from '../chain/validate.js';
import { KeyError, ServerSetError } from '../errors.js';
import { keyMatchesCertificate } from '../keys/match.js';
import type { PrivateKey } from '../keys/types.js';

/** The OVOC server directory takes at most two intermediates: ca1.crt and ca2.crt. */
export const MAX_SERVER_SET_INTERMEDIATES = 2;

/** How to arrange a pile of certificates into the server set. */
export interface ArrangeServerSetOptions {
  /** DER certificates in any order, with duplicates and extras. */
  certificates: readonly Uint8Array[];
  /** The server's private key: picks the server certificate and proves it matches. */
  key?: PrivateKey;
  /** When the chain must be valid; default now. */
  at?: Date;
}

/** Which certificate plays which role, root side first, and whether the chain validates. */
export interface ServerSet {
  valid: boolean;
  /** Validation problems when not valid (chain codes, see validateChain). */
  problems: ChainProblem[];
  root: Uint8Array;
  /** ca1 (issued by the root) first, then ca2. */
  intermediates: Uint8Array[];
  server: Uint8Array;
  /** Inputs that are on no path from the server certificate to the root. */
  ignored: Uint8Array[];
}

/**
 * Identifies each certificate's role from its contents — the server certificate (not a CA; the
 * one the key matches when a key is given), the self-signed root, the intermediates between
 * them — and orders them root → ca1 → ca2 → server. The chain is validated for TLS server use.
 *
 * @throws ServerSetError ERR_SERVER_SET_* when the pile has no or several candidates for a role,
 *   or more intermediates than the server takes; KeyError ERR_KEY_MISMATCH when the key matches
 *   no certificate.
 */
export async function arrangeServerSet(options: ArrangeServerSetOptions): Promise<ServerSet> {
  const certificates = await parseDistinct(options.certificates);
  const server = await pickServer(certificates, options.key);
  const roots = certificates.filter((certificate) => certificate.isCa && certificate.selfIssued);
  if (roots.length === 0) {
    throw new ServerSetError(
      'ERR_SERVER_SET_NO_ROOT',
      `no root CA certificate (self-signed, CA:TRUE) among the inputs; add the CA's root certificate`,
    );
  }
  const pool = certificates.filter((certificate) => certificate.isCa && !certificate.selfIssued);
  const attempts = await Promise.all(
    roots.map((root) =>
      validateChain({
        leaf: server.der,
        intermediates: pool.map((certificate) => certificate.der),
        trustAnchors: [root.der],
        ...(options.at ? { at: options.at } : {}),
        purpose: 'server',
      }),
    ),
  );
  const working = attempts.filter((attempt) => attempt.valid);
  if (working.length > 1) {
    const names = roots.filter((_, index) => attempts[index]?.valid).map((root) => root.subjectText);
    throw new ServerSetError(
      'ERR_SERVER_SET_AMBIGUOUS_ROOT',
      `two or more roots anchor the server certificate (${names.join('; ')}); give only the one the devices trust`,
    );
  }
  const chosen = working[0] ?? closestAttempt(attempts);
  const path = chosen.path;
  const intermediates = path.slice(1, -1).reverse();
  if (intermediates.length > MAX_SERVER_SET_INTERMEDIATES) {
    throw new ServerSetError(
      'ERR_SERVER_SET_TOO_MANY_INTERMEDIATES',
      `the chain has ${intermediates.length} intermediates; the OVOC server directory takes at most two (ca1.crt, ca2.crt)`,
    );
  }
  const onPath = new Set(path.map(fingerprint));
  return {
    valid: chosen.valid,
    problems: chosen.problems,
    root: path[path.length - 1] ?? (roots[0] as CertificateInfo).der,
    intermediates,
    server: server.der,
    ignored: certificates.filter((certificate) => !onPath.has(fingerprint(certificate.der))).map((c) => c.der),
  };
}

async function parseDistinct(ders: readonly Uint8Array[]): Promise<CertificateInfo[]> {
  const seen = new Set<string>();
  const distinct = ders.filter((der) => {
    const print = fingerprint(der);
    if (seen.has(print)) return false;
    seen.add(print);
    return true;
  });
  return Promise.all(distinct.map((der) => parseCertificate(der)));
}

/** The end-entity certificate: the only non-CA one, or the one the key belongs to. */
async function pickServer(certificates: CertificateInfo[], key: PrivateKey | undefined): Promise<CertificateInfo> {
  let candidates = certificates.filter((certificate) => !certificate.isCa);
  if (key) {
    const matches = await Promise.all(certificates.map((certificate) => keyMatchesCertificate(key, certificate.der)));
    const matching = certificates.filter((_, index) => matches[index]);
    if (matching.length === 0)
      throw new KeyError('ERR_KEY_MISMATCH', 'the private key matches none of the certificates');
    candidates = matching;
  }
  if (candidates.length === 0) {
    throw new ServerSetError(
      'ERR_SERVER_SET_NO_LEAF',
      'no server certificate among the inputs: every certificate is a CA',
    );
  }
  if (candidates.length > 1) {
    const names = candidates.map((certificate) => certificate.subjectText).join('; ');
    throw new ServerSetError(
      'ERR_SERVER_SET_AMBIGUOUS_LEAF',
      `several server certificates (${names}); give the server's private key to pick one`,
    );
  }
  return candidates[0] as CertificateInfo;
}

/** Of failing attempts, the one that got furthest: the longest path, then the fewest problems. */
function closestAttempt<T extends { path: Uint8Array[]; problems: ChainProblem[] }>(attempts: T[]): T {
  return [...attempts].sort((a, b) => b.path.length - a.path.length || a.problems.length - b.problems.length)[0] as T;
}

function fingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}
