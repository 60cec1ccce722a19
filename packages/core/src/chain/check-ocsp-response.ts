import { toParsedCertificate } from './input.js';
import { judgeOcspResponse } from './revocation/ocsp-check.js';
import { parseOcspResponseDer } from './revocation/ocsp-parse.js';
import { problemText } from './problem-text.js';
import type { ChainCertificateInput, ChainProblemCode } from './types.js';

/** checkOcspResponse's options. */
export interface CheckOcspResponseOptions {
  /** The DER OCSPResponse, as a responder or a TLS server's stapled status sends it. */
  response: Uint8Array;
  /** The certificate asked about. */
  certificate: ChainCertificateInput;
  /** Its issuer: the CertID is computed from its name and key, and it must sign or authorise the responder. */
  issuer: ChainCertificateInput;
  /** The time the response must be current at; default now. */
  at?: Date;
  /** Seconds of clock difference tolerated on thisUpdate and nextUpdate; default 300. */
  clockSkewSeconds?: number;
  /** Delegated responder certificates to consider beside those the response carries. */
  responderCertificates?: readonly ChainCertificateInput[];
}

/** What an OCSP response says about a certificate. */
export interface OcspResponseCheck {
  /** `unusable`: the response cannot be relied on (see `problem`); the status stays undetermined. */
  status: 'good' | 'revoked' | 'unknown' | 'unusable';
  /**
   * Set unless good: ERR_CHAIN_REVOKED, ERR_CHAIN_OCSP_UNKNOWN, ERR_CHAIN_OCSP_EXPIRED, ERR_CHAIN_OCSP_INVALID,
   * or ERR_CHAIN_REVOCATION_UNDETERMINED when the response answers only for other certificates (wrong CertID).
   */
  problem?: { code: ChainProblemCode; message: string };
  /** Who signed it: the issuer itself or a delegated responder (id-kp-OCSPSigning). */
  signer?: 'issuer' | 'delegated';
  producedAt?: Date;
  thisUpdate?: Date;
  nextUpdate?: Date;
  revocationTime?: Date;
  /** CRLReason number when the responder gave one. */
  reason?: number;
}

/**
 * Checks one OCSP response (RFC 6960) for one certificate: signature by the issuer or a responder it
 * authorised, CertID, thisUpdate/nextUpdate with a clock-skew allowance, then the status. Never
 * throws for a bad response (that is `unusable`); throws ChainError (ERR_CHAIN_MALFORMED) when the
 * certificate or the issuer cannot be read.
 *
 * @example
 * const check = checkOcspResponse({ response: stapled, certificate: serverPem, issuer: caPem });
 * if (check.status !== 'good') console.log(check.problem?.code);
 */
export function checkOcspResponse(options: CheckOcspResponseOptions): OcspResponseCheck {
  const certificate = toParsedCertificate(options.certificate, 'certificate');
  const issuer = toParsedCertificate(options.issuer, 'issuer');
  const responders = (options.responderCertificates ?? []).map((input, index) =>
    toParsedCertificate(input, `responderCertificates[${index}]`),
  );
  let parsed: ReturnType<typeof parseOcspResponseDer>;
  try {
    parsed = parseOcspResponseDer(options.response);
  } catch {
    return {
      status: 'unusable',
      problem: { code: 'ERR_CHAIN_OCSP_INVALID', message: 'the OCSP response cannot be read' },
    };
  }
  const at = (options.at ?? new Date()).getTime();
  const finding = judgeOcspResponse(parsed, certificate, issuer, at, {
    clockSkewSeconds: options.clockSkewSeconds,
    responderCertificates: responders,
  });
  const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
  const result: OcspResponseCheck = { status: finding.status };
  if (finding.problem !== undefined) {
    result.problem = { code: finding.problem.code, message: problemText(finding.problem.message) };
  }
  if (finding.signer !== undefined) result.signer = finding.signer;
  if (finding.producedAt !== undefined) result.producedAt = date(finding.producedAt);
  const single = finding.single;
  if (single !== undefined) {
    result.thisUpdate = date(single.thisUpdate);
    if (single.nextUpdate !== undefined) result.nextUpdate = date(single.nextUpdate);
    if (single.revocationTime !== undefined) result.revocationTime = date(single.revocationTime);
    if (single.reason !== undefined) result.reason = single.reason;
  }
  return result;
}
