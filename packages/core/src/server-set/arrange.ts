import { createHash } from 'node:crypto';
import { isSignedBy } from '../chain/signature.js';
import { parseCertificateDer } from '../x509/certificate.js';
import { parseCertificate } from '../x509/parse-certificate.js';
import type { CertificateInfo } from '../x509/certificate-info.js';
import type { ChainProblem } from '../chain/types.js';
import { validateChain } from '../chain/validate.js';
import { KeyError, ServerSetError } from '../errors.js';
import { keyMatchesCertificate } from '../x509/key-match.js';
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
  /** Where each certificate came from (`reply.p7b #2`), in the order of `certificates`: named in errors. */
  labels?: readonly string[];
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
  /** The path validated, server first: what each problem's certificateIndex counts along. */
  path: Uint8Array[];
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
  const certificates = await parseDistinct(options.certificates, options.labels);
  const server = await pickServer(certificates, options.key);
  const roots = certificates.filter((certificate) => certificate.isCa && certificate.selfIssued);
  if (roots.length === 0) {
    throw new ServerSetError(
      'ERR_SERVER_SET_NO_ROOT',
      `no root CA certificate (self-signed, CA:TRUE) among the inputs; add the CA's root certificate`,
    );
  }
  // Every other certificate may be an intermediate, CA or not: a non-CA one that issued the server
  // certificate is then reported by the validator (ERR_CHAIN_NOT_CA) instead of being left out.
  const pool = certificates.filter((certificate) => certificate !== server && !roots.includes(certificate));
  const attempts = roots.map((root) =>
    validateChain({
      leaf: server.der,
      intermediates: pool.map((certificate) => certificate.der),
      trustAnchors: [root.der],
      ...(options.at ? { at: options.at } : {}),
      purpose: 'server',
      // A self-signed server certificate is its own root (OVOC's default set is one): pinned on purpose.
      leafIsAnchor: 'accept',
    }),
  );
  const working = roots.filter((_, index) => attempts[index]?.valid);
  if (working.length > 1) {
    throw new ServerSetError(
      'ERR_SERVER_SET_AMBIGUOUS_ROOT',
      `two or more roots anchor the server certificate (${working.map(nameOf).join('; ')}); give only the one the devices trust`,
    );
  }
  const chosenIndex = working.length === 1 ? roots.indexOf(working[0] as Described) : closestAttempt(attempts);
  const chosen = attempts[chosenIndex] as (typeof attempts)[number];
  const root = roots[chosenIndex] as Described;
  // An unanchored path (a missing intermediate) ends below the root: everything above the server is
  // an intermediate then, and the root stays the one the attempt was made with.
  const path = chosen.path;
  const anchored = path.length > 1 && fingerprint(path[path.length - 1] as Uint8Array) === fingerprint(root.der);
  const intermediates = (anchored ? path.slice(1, -1) : path.slice(1)).reverse();
  if (intermediates.length > MAX_SERVER_SET_INTERMEDIATES) {
    throw new ServerSetError(
      'ERR_SERVER_SET_TOO_MANY_INTERMEDIATES',
      `the chain has ${intermediates.length} intermediates; the OVOC server directory takes at most two (ca1.crt, ca2.crt)`,
    );
  }
  const used = new Set([...path, root.der].map(fingerprint));
  return {
    valid: chosen.valid,
    problems: chosen.problems,
    root: root.der,
    intermediates,
    server: server.der,
    path,
    ignored: certificates.filter((certificate) => !used.has(fingerprint(certificate.der))).map((c) => c.der),
  };
}

/** A certificate with where it came from. */
type Described = CertificateInfo & { label: string | undefined };

async function parseDistinct(ders: readonly Uint8Array[], labels: readonly string[] = []): Promise<Described[]> {
  const seen = new Set<string>();
  const distinct: { der: Uint8Array; label: string | undefined }[] = [];
  ders.forEach((der, index) => {
    const print = fingerprint(der);
    if (seen.has(print)) return;
    seen.add(print);
    distinct.push({ der, label: labels[index] });
  });
  return Promise.all(distinct.map(async ({ der, label }) => ({ ...(await parseCertificate(der)), label })));
}

/** `reply.pem #2 (CN=…)` when the caller said where it came from, else the subject. */
function nameOf(certificate: Described): string {
  return certificate.label === undefined
    ? certificate.subjectText
    : `${certificate.label} (${certificate.subjectText})`;
}

/**
 * The end-entity certificate: the only non-CA one, or the one the key belongs to. A non-CA
 * certificate that issued another one is an intermediate sent without CA rights, not a candidate.
 */
async function pickServer(certificates: Described[], key: PrivateKey | undefined): Promise<Described> {
  let candidates = certificates.filter((certificate) => !certificate.isCa);
  if (key) {
    const matches = await Promise.all(certificates.map((certificate) => keyMatchesCertificate(key, certificate.der)));
    const matching = certificates.filter((_, index) => matches[index]);
    if (matching.length === 0)
      throw new KeyError('ERR_KEY_MISMATCH', 'the private key matches none of the certificates');
    candidates = matching;
  } else if (candidates.length > 1) {
    const issuing = candidates.filter((issuer) =>
      candidates.some((child) => child !== issuer && issued(issuer, child)),
    );
    if (issuing.length > 0 && issuing.length < candidates.length) {
      candidates = candidates.filter((candidate) => !issuing.includes(candidate));
    }
  }
  if (candidates.length === 0) {
    throw new ServerSetError(
      'ERR_SERVER_SET_NO_LEAF',
      'no server certificate among the inputs: every certificate is a CA',
    );
  }
  if (candidates.length > 1) {
    const names = candidates.map((candidate) => `${nameOf(candidate)}, valid to ${candidate.notAfter.toISOString()}`);
    const advice =
      key === undefined
        ? "give the server's private key to pick one"
        : 'they share the key (a renewal?): give only the certificate to install';
    throw new ServerSetError(
      'ERR_SERVER_SET_AMBIGUOUS_LEAF',
      `several server certificates: ${names.join('; ')}; ${advice}`,
    );
  }
  return candidates[0] as Described;
}

/** True when `issuer`'s name and key issued `child`. */
function issued(issuer: CertificateInfo, child: CertificateInfo): boolean {
  if (issuer.subjectText !== child.issuerText) return false;
  try {
    return isSignedBy(parseCertificateDer(child.der), parseCertificateDer(issuer.der));
  } catch {
    return false;
  }
}

/** Of failing attempts, the index of the one that got furthest: the longest path, then the fewest problems. */
function closestAttempt(attempts: readonly { path: Uint8Array[]; problems: ChainProblem[] }[]): number {
  const order = attempts.map((_, index) => index);
  order.sort(
    (a, b) =>
      (attempts[b]?.path.length ?? 0) - (attempts[a]?.path.length ?? 0) ||
      (attempts[a]?.problems.length ?? 0) - (attempts[b]?.problems.length ?? 0),
  );
  return order[0] as number;
}

function fingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}
