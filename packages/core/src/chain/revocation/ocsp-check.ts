/**
 * Checks one OCSP response for one certificate (RFC 6960 §3.2, §4.2.2.2): the response is
 * successful, signed by the certificate's issuer or by a responder the issuer authorised
 * (id-kp-OCSPSigning in a certificate the issuer signed), answers for this certificate's CertID,
 * is current within a clock-skew allowance, and has no critical extension we do not process.
 * Then its status: good, revoked or unknown. The responder's own revocation is not checked.
 */
import { createHash } from 'node:crypto';
import { readBitString, readRaw, readRawChildren } from '../../asn1/der-primitives.js';
import { bytesEqual } from '../../lib/bytes.js';
import type { ParsedCertificate } from '../../x509/certificate.js';
import type { ChainProblemCode } from '../types.js';
import { isSignedBy, verifySignature } from '../signature.js';
import {
  type OcspCertId,
  type OcspSingleResponse,
  type ParsedOcspResponse,
  RESPONSE_STATUS_NAMES,
} from './ocsp-parse.js';

const EKU_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
/** Seconds of clock difference tolerated on thisUpdate and nextUpdate, by default. */
export const DEFAULT_OCSP_CLOCK_SKEW_SECONDS = 300;

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** What one OCSP response says about one certificate. */
export interface OcspFinding {
  status: 'good' | 'revoked' | 'unknown' | 'unusable';
  /**
   * Why it is not good: ERR_CHAIN_REVOKED, ERR_CHAIN_OCSP_UNKNOWN, ERR_CHAIN_OCSP_EXPIRED,
   * ERR_CHAIN_OCSP_INVALID, or ERR_CHAIN_REVOCATION_UNDETERMINED when it answers for other certificates only.
   */
  problem: { code: ChainProblemCode; message: string } | undefined;
  /** Who signed: the certificate's issuer itself, or a delegated responder. */
  signer: 'issuer' | 'delegated' | undefined;
  single: OcspSingleResponse | undefined;
  producedAt: number | undefined;
}

/** Judges a parsed response for `certificate`, whose issuer is `issuer`, at `at` (ms). */
export function judgeOcspResponse(
  response: ParsedOcspResponse,
  certificate: ParsedCertificate,
  issuer: ParsedCertificate,
  at: number,
  options: { clockSkewSeconds?: number; responderCertificates?: readonly ParsedCertificate[] } = {},
): OcspFinding {
  const unusable = (code: ChainProblemCode, message: string, fields: Partial<OcspFinding> = {}): OcspFinding => ({
    status: 'unusable',
    problem: { code, message },
    signer: undefined,
    single: undefined,
    producedAt: undefined,
    ...fields,
  });
  if (response.responseStatus !== 0) {
    const name = RESPONSE_STATUS_NAMES[response.responseStatus] ?? `status ${response.responseStatus}`;
    return unusable('ERR_CHAIN_OCSP_INVALID', `the OCSP responder answered ${name}, not a status`);
  }
  const signer = findSigner(response, issuer, at, options.responderCertificates ?? []);
  if (signer.kind === undefined) return unusable('ERR_CHAIN_OCSP_INVALID', `the OCSP response ${signer.why}`);
  const found = { signer: signer.kind, producedAt: response.producedAt };
  const single = response.responses.find((candidate) => certIdMatches(candidate.certId, certificate, issuer));
  if (single === undefined) {
    // Valid, but about other certificates: it leaves this one's status undetermined.
    const message = 'the OCSP response has no answer for this certificate (CertID): status undetermined';
    return unusable('ERR_CHAIN_REVOCATION_UNDETERMINED', message, found);
  }
  const critical = [...response.criticalExtensions, ...single.criticalExtensions];
  if (critical.length > 0) {
    return unusable('ERR_CHAIN_OCSP_INVALID', `the OCSP response has an unknown critical extension ${critical[0]}`, {
      ...found,
      single,
    });
  }
  const skew = (options.clockSkewSeconds ?? DEFAULT_OCSP_CLOCK_SKEW_SECONDS) * 1000;
  if (single.thisUpdate > at + skew) {
    const message = `the OCSP response is not valid before ${iso(single.thisUpdate)}`;
    return unusable('ERR_CHAIN_OCSP_EXPIRED', message, { ...found, single });
  }
  if (single.nextUpdate !== undefined && single.nextUpdate < at - skew) {
    const message = `the OCSP response is out of date since ${iso(single.nextUpdate)}`;
    return unusable('ERR_CHAIN_OCSP_EXPIRED', message, { ...found, single });
  }
  if (single.status === 'good') return { status: 'good', problem: undefined, single, ...found };
  if (single.status === 'unknown') {
    const problem = {
      code: 'ERR_CHAIN_OCSP_UNKNOWN' as const,
      message: 'the OCSP responder does not know it (status unknown)',
    };
    return { status: 'unknown', problem, single, ...found };
  }
  const since = single.revocationTime === undefined ? '' : ` since ${iso(single.revocationTime)}`;
  const problem = { code: 'ERR_CHAIN_REVOKED' as const, message: `revoked${since} (OCSP)` };
  return { status: 'revoked', problem, single, ...found };
}

// §4.2.2.2: the issuer signs itself, or a certificate it issued with id-kp-OCSPSigning does. The
// ResponderID names the signer (by name, or by the SHA-1 of its key).
function findSigner(
  response: ParsedOcspResponse,
  issuer: ParsedCertificate,
  at: number,
  extra: readonly ParsedCertificate[],
): { kind: 'issuer' | 'delegated'; why?: undefined } | { kind: undefined; why: string } {
  const named = [issuer, ...response.certificates, ...extra].filter((candidate) =>
    matchesResponderId(response, candidate),
  );
  const verifying = named.filter((candidate) =>
    verifySignature(response.tbs, response.signatureAlgorithm, response.signature, candidate),
  );
  if (verifying.length === 0) {
    return { kind: undefined, why: named.length === 0 ? 'names a responder we do not have' : 'has a bad signature' };
  }
  if (verifying.some((candidate) => bytesEqual(candidate.spki, issuer.spki))) return { kind: 'issuer' };
  let why = 'is signed by a responder the issuer did not issue';
  for (const candidate of verifying) {
    if (candidate.issuer.key !== issuer.subject.key || !isSignedBy(candidate, issuer)) continue;
    if (!(candidate.extendedKeyUsage ?? []).includes(EKU_OCSP_SIGNING)) {
      why = 'is signed by a responder without extendedKeyUsage OCSPSigning (RFC 6960 §4.2.2.2)';
      continue;
    }
    if (at < candidate.notBefore || at > candidate.notAfter) {
      why = 'is signed by a responder whose certificate is not valid at the validation time';
      continue;
    }
    return { kind: 'delegated' };
  }
  return { kind: undefined, why };
}

function matchesResponderId(response: ParsedOcspResponse, candidate: ParsedCertificate): boolean {
  const id = response.responderId;
  if ('byName' in id) return id.byName.key === candidate.subject.key;
  const keyHash = sha(publicKeyBits(candidate.spki), 'sha1');
  return keyHash !== undefined && bytesEqual(keyHash, id.byKeyHash);
}

/** True when one of the response's answers is about this certificate (its CertID matches). */
export function answersFor(
  response: ParsedOcspResponse,
  certificate: ParsedCertificate,
  issuer: ParsedCertificate,
): boolean {
  return response.responses.some((single) => certIdMatches(single.certId, certificate, issuer));
}

// CertID (§4.1.1): hashes of the issuer's name (as the certificate encodes it) and of the issuer's
// public key bits, and the serial number.
function certIdMatches(id: OcspCertId, certificate: ParsedCertificate, issuer: ParsedCertificate): boolean {
  const hash = HASHES[id.hashAlgorithm];
  if (hash === undefined) return false;
  if (id.serialHex !== Buffer.from(certificate.serial).toString('hex')) return false;
  const nameHash = sha(certificate.issuer.raw, hash);
  const keyHash = sha(publicKeyBits(issuer.spki), hash);
  return (
    nameHash !== undefined &&
    keyHash !== undefined &&
    bytesEqual(nameHash, id.issuerNameHash) &&
    bytesEqual(keyHash, id.issuerKeyHash)
  );
}

// The subjectPublicKey BIT STRING's bits, without its tag, length and unused-bits octet.
function publicKeyBits(spki: Uint8Array): Uint8Array | undefined {
  try {
    const [, key] = readRawChildren(readRaw(spki));
    return key === undefined ? undefined : readBitString(key).bytes;
  } catch {
    return undefined;
  }
}

function sha(bytes: Uint8Array | undefined, hash: string): Uint8Array | undefined {
  return bytes === undefined ? undefined : new Uint8Array(createHash(hash).update(bytes).digest());
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
