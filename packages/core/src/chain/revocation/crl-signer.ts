/**
 * The signer of a CRL, RFC 5280 §6.3.3 (f)–(g): a certificate named like the CRL's issuer whose key
 * verifies the CRL's signature, whose keyUsage (when present) allows cRLSign, and whose own path
 * to the trust anchor of the certificate being checked is valid. The certificate's issuer on the
 * path is the usual signer; a separate CRL-signing certificate or a CA's other key after a rollover
 * (a self-issued certificate) is found among the certificates the caller supplied.
 */
import type { ParsedCertificate } from '../../x509/certificate.js';
import { KU_CRL_SIGN } from '../../x509/extensions.js';
import type { PathContext } from '../context.js';
import { verifySignature } from '../signature.js';
import type { ParsedCrl } from './crl-parse.js';

const verified = new WeakMap<ParsedCrl, WeakMap<ParsedCertificate, boolean>>();

/** True when the certificate's key verifies the CRL's signature. Cached per pair. */
export function isCrlSignedBy(crl: ParsedCrl, signer: ParsedCertificate): boolean {
  let bySigner = verified.get(crl);
  if (bySigner === undefined) {
    bySigner = new WeakMap();
    verified.set(crl, bySigner);
  }
  let result = bySigner.get(signer);
  if (result === undefined) {
    result = verifySignature(crl.tbs, crl.signatureAlgorithm, crl.signature, signer);
    bySigner.set(signer, result);
  }
  return result;
}

/** The CRL's validated signer, or why there is none. */
export function crlSigner(
  context: PathContext,
  crl: ParsedCrl,
  checked: ParsedCertificate,
): { certificate: ParsedCertificate | undefined; why: string } {
  const onPath = context.path.slice(1);
  const seen = new Set<string>();
  const candidates = [...onPath, ...context.pool].filter((candidate) => {
    if (candidate.subject.key !== crl.issuer.key || seen.has(candidate.id)) return false;
    seen.add(candidate.id);
    return true;
  });
  const signing = candidates.filter((candidate) => isCrlSignedBy(crl, candidate));
  if (signing.length === 0) {
    const why =
      candidates.length === 0 ? 'has no known signer certificate' : 'has a signature no signer candidate verifies';
    return { certificate: undefined, why };
  }
  const allowed = signing.filter((candidate) => allowsCrlSigning(candidate));
  if (allowed.length === 0) {
    return { certificate: undefined, why: 'is signed by a key without cRLSign (RFC 5280 §6.3.3 f)' };
  }
  // A signer on the validated path is vouched for by the path itself.
  const pathSigner = allowed.find((candidate) => onPath.includes(candidate));
  if (pathSigner !== undefined) return { certificate: pathSigner, why: '' };
  const valid = allowed.find((candidate) => context.validateCrlSigner(candidate, checked));
  if (valid !== undefined) return { certificate: valid, why: '' };
  return { certificate: undefined, why: 'is signed by a certificate whose own path to the trust anchor is not valid' };
}

function allowsCrlSigning(certificate: ParsedCertificate): boolean {
  return certificate.keyUsage === undefined || (certificate.keyUsage & (1 << KU_CRL_SIGN)) !== 0;
}
