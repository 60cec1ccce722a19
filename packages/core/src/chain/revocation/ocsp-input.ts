/** OCSP response inputs for validation: parsing the caller's responses, reporting the unusable ones. */
import type { ChainProblem, ChainRevocationMode } from '../types.js';
import { type ParsedOcspResponse, parseOcspResponseDer, RESPONSE_STATUS_NAMES } from './ocsp-parse.js';

/**
 * The readable, successful responses, and a problem for each unreadable one (always: it is bad
 * input) and for each unsuccessful one (tryLater, unauthorized, …: only under hard-fail).
 */
export function parseOcspResponses(
  inputs: readonly Uint8Array[] | undefined,
  mode: ChainRevocationMode,
): { responses: ParsedOcspResponse[]; problems: ChainProblem[] } {
  const responses: ParsedOcspResponse[] = [];
  const problems: ChainProblem[] = [];
  (inputs ?? []).forEach((input, index) => {
    let parsed: ParsedOcspResponse;
    try {
      parsed = parseOcspResponseDer(input);
    } catch {
      problems.push({
        code: 'ERR_CHAIN_OCSP_INVALID',
        message: `ocspResponses[${index}] cannot be read`,
        certificateIndex: -1,
      });
      return;
    }
    if (parsed.responseStatus === 0) responses.push(parsed);
    else if (mode === 'hard-fail') {
      const name = RESPONSE_STATUS_NAMES[parsed.responseStatus] ?? `status ${parsed.responseStatus}`;
      const message = `ocspResponses[${index}]: the responder answered ${name}, not a status`;
      problems.push({ code: 'ERR_CHAIN_OCSP_INVALID', message, certificateIndex: -1 });
    }
  });
  return { responses, problems };
}
