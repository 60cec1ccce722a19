import { CertwrightError, type ErrorCode } from '@certwright/core';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../src/error-exit-code.js';

/** The one error → exit code mapping, against the table in docs/exit-codes.md. */
describe('exitCodeFor', () => {
  it.each([
    ['ERR_KEY_MISMATCH', 1],
    ['ERR_OUTPUT_EXISTS', 2],
    ['ERR_SECRET_UNAVAILABLE', 2],
    ['ERR_SAN_INVALID', 2],
    ['ERR_TRUSTSTORE_DUPLICATE_ALIAS', 2],
    ['ERR_KEY_BAD_PASSPHRASE', 3],
    ['ERR_FORMAT_PKCS12_BAD_PASSWORD', 3],
    ['ERR_CSR_BAD_SIGNATURE', 3],
    ['ERR_CHAIN_MALFORMED', 3],
    ['ERR_SERVER_SET_NO_ROOT', 3],
    ['ERR_TRUSTSTORE_INTEGRITY', 3],
    ['ERR_NETWORK_CONNECT', 4],
    ['ERR_SOMETHING_NEW', 70],
  ])('%s → %i', (code, exit) => {
    // ERR_SOMETHING_NEW is not in the catalogue, on purpose: an unknown code is an internal error.
    expect(exitCodeFor(new CertwrightError(code as ErrorCode, 'x'))).toBe(exit);
  });

  it('maps anything that is not a CertwrightError to 70', () => {
    expect(exitCodeFor(new Error('boom'))).toBe(70);
    expect(exitCodeFor('a string')).toBe(70);
  });
});
