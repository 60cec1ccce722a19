import { checkOcspResponse } from '@certwright/core';
import type { OcspResult } from '../report/types.js';
import type { CertificateSummary } from './certificate-summary.js';

/**
 * Checks a stapled OCSP response for the served leaf with @certwright/core's checkOcspResponse: the
 * issuer is the served certificate named as the leaf's issuer (a self-signed leaf is its own).
 */
export function checkStapledResponse(
  response: Uint8Array,
  served: readonly Uint8Array[],
  summaries: readonly CertificateSummary[],
  at: Date,
): OcspResult {
  const base: OcspResult = { stapled: true, bytes: response.length };
  const leaf = served[0];
  const leafSummary = summaries[0];
  if (leaf === undefined || leafSummary === undefined) return base;
  const issuerIndex = leafSummary.selfSigned
    ? 0
    : summaries.findIndex((summary, index) => index > 0 && summary.subject === leafSummary.issuer);
  const issuer = issuerIndex < 0 ? undefined : served[issuerIndex];
  if (issuer === undefined) {
    return {
      ...base,
      status: 'unusable',
      problem: {
        code: 'ERR_CHAIN_INTERMEDIATE_MISSING',
        message: 'the leaf’s issuer is not served, so the response cannot be checked',
      },
    };
  }
  const check = checkOcspResponse({ response, certificate: leaf, issuer, at });
  return {
    ...base,
    status: check.status,
    ...(check.problem === undefined ? {} : { problem: { code: check.problem.code, message: check.problem.message } }),
    ...(check.thisUpdate === undefined ? {} : { thisUpdate: check.thisUpdate.toISOString() }),
    ...(check.nextUpdate === undefined ? {} : { nextUpdate: check.nextUpdate.toISOString() }),
  };
}
