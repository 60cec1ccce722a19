import { isIP } from 'node:net';
import { type ChainProblemCode, validateChain } from '@certwright/core';
import type { CertificateCatalog, CertificateSummary } from './certificate-summary.js';

/** A chain validation problem, pointing at the certificate by fingerprint. */
export interface ChainProblemReport {
  code: ChainProblemCode;
  message: string;
  /** The certificate at fault; absent when the problem is about the path as a whole. */
  certificate?: string;
}

/** What the report says about the chain an endpoint serves. */
export interface ChainAnalysis {
  /** `wire`: read from the TLS 1.0–1.2 Certificate message, exactly as sent. `node`: TLS 1.3 only, as OpenSSL ordered it (extras dropped). */
  source: 'wire' | 'node';
  /** The certificates in the order the server sent them, leaf first. */
  certificates: CertificateSummary[];
  /** Valid for a TLS server against the trust anchors (`--ca-file`, else the system store), names aside. */
  valid: boolean;
  problems: ChainProblemReport[];
  /** `misordered`: some certificate's issuer is served, but not right after it. */
  order: 'ok' | 'misordered';
  /** No issuer for the last served certificate among the served ones and the anchors. */
  missingIntermediate: boolean;
  /** Fingerprints of served certificates on no path from the leaf (and roots the anchors already hold are not extras). */
  extra: string[];
  /** Each name users connect with, and whether the leaf holds it. */
  names: { name: string; matches: boolean }[];
}

const NAME_CODES = new Set<ChainProblemCode>(['ERR_CHAIN_HOSTNAME_MISMATCH', 'ERR_CHAIN_IP_MISMATCH']);

/** Checks a served chain: order, completeness, extras, validation with core's validator, names. */
export async function analyseServedChain(
  served: readonly Uint8Array[],
  source: ChainAnalysis['source'],
  options: { catalog: CertificateCatalog; trustAnchors: readonly Uint8Array[]; names: readonly string[]; at: Date },
): Promise<ChainAnalysis> {
  const certificates: CertificateSummary[] = [];
  for (const der of served) certificates.push(await options.catalog.summarise(der));
  const [leaf, ...intermediates] = served;
  if (leaf === undefined) throw new Error('the server sent no certificate');
  const [firstName, ...otherNames] = options.names;
  const result = validateChain({
    leaf,
    intermediates,
    trustAnchors: options.trustAnchors,
    at: options.at,
    purpose: 'server',
    ...nameOption(firstName),
  });
  const onPath = new Set(result.path.map((der) => fingerprintAt(certificates, served, der)));
  const problems = result.problems.map((problem) => {
    const der = problem.certificateIndex >= 0 ? result.path[problem.certificateIndex] : undefined;
    const certificate = der === undefined ? undefined : fingerprintAt(certificates, served, der);
    return { code: problem.code, message: problem.message, ...(certificate === undefined ? {} : { certificate }) };
  });
  const names = [] as ChainAnalysis['names'];
  if (firstName !== undefined) names.push({ name: firstName, matches: !problems.some((p) => NAME_CODES.has(p.code)) });
  for (const name of otherNames) names.push({ name, matches: leafHolds(leaf, intermediates, options, name) });
  return {
    source,
    certificates,
    valid: result.valid || problems.every((problem) => NAME_CODES.has(problem.code)),
    problems: problems.filter((problem) => !NAME_CODES.has(problem.code)),
    order: servedOrder(certificates),
    missingIntermediate: result.problems.some((problem) => problem.code === 'ERR_CHAIN_INTERMEDIATE_MISSING'),
    extra: certificates
      .filter((certificate, index) => index > 0 && !onPath.has(certificate.fingerprintSha256))
      .map((certificate) => certificate.fingerprintSha256),
    names,
  };
}

function nameOption(name: string | undefined): { hostname?: string; ip?: string } {
  if (name === undefined) return {};
  return isIP(name) === 0 ? { hostname: name } : { ip: name };
}

function leafHolds(
  leaf: Uint8Array,
  intermediates: Uint8Array[],
  options: { trustAnchors: readonly Uint8Array[]; at: Date },
  name: string,
): boolean {
  const result = validateChain({
    leaf,
    intermediates,
    trustAnchors: options.trustAnchors,
    at: options.at,
    purpose: 'server',
    ...nameOption(name),
  });
  return !result.problems.some((problem) => NAME_CODES.has(problem.code));
}

/** A path certificate's fingerprint: a served one's from the catalog, an anchor's computed. */
function fingerprintAt(certificates: CertificateSummary[], served: readonly Uint8Array[], der: Uint8Array): string {
  const index = served.findIndex((candidate) => Buffer.compare(candidate, der) === 0);
  return index >= 0 ? (certificates[index] as CertificateSummary).fingerprintSha256 : `anchor:${der.length}`;
}

/** Each served certificate's issuer, when served too, must come right after it. */
function servedOrder(certificates: readonly CertificateSummary[]): 'ok' | 'misordered' {
  for (const [index, certificate] of certificates.entries()) {
    if (certificate.selfSigned) continue;
    const issuerAt = certificates.findIndex(
      (candidate, at) => at !== index && candidate.subject === certificate.issuer,
    );
    if (issuerAt >= 0 && issuerAt !== index + 1) return 'misordered';
  }
  return 'ok';
}
