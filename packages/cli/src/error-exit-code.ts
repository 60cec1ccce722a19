import { CertwrightError } from '@certwright/core';
import { ExitCode } from './exit-codes.js';

/** Codes that mean "what you asked for cannot be done as asked": a usage error. */
const USAGE_CODES = new Set([
  'ERR_USAGE',
  'ERR_OUTPUT_EXISTS',
  'ERR_OUTPUT_UNWRITABLE',
  'ERR_SECRET_UNAVAILABLE',
  'ERR_SECRET_EMPTY',
  'ERR_SECRET_MISMATCH',
  'ERR_INVALID_ARGUMENT',
  'ERR_SAN_INVALID',
  'ERR_SUBJECT_INVALID',
  'ERR_VALIDITY_INVALID',
  'ERR_TRUSTSTORE_DUPLICATE_ALIAS',
  'ERR_TRUSTSTORE_NO_SUCH_ALIAS',
  'ERR_TRUSTSTORE_NOT_KEY_ENTRY',
  'ERR_WORKFLOW_CONFIG_SYNTAX',
  'ERR_WORKFLOW_CONFIG_INVALID',
  'ERR_WORKFLOW_STALE',
  'ERR_WORKFLOW_LOCKED',
  'ERR_WORKFLOW_NOT_INTERACTIVE',
  'ERR_DEVICE_INVENTORY',
  'ERR_DEVICE_INSECURE_TRANSPORT',
]);

/** Codes that mean "the check ran and said no". */
const CHECK_FAILED_CODES = new Set(['ERR_KEY_MISMATCH', 'ERR_DEVICE_PREFLIGHT']);

/** Code prefixes of unreadable or invalid input: files, keys, passphrases, PEM, CSRs, certificates. */
const INPUT_PREFIXES = [
  'ERR_FILE_',
  'ERR_FORMAT_',
  'ERR_KEY_',
  'ERR_CSR_',
  'ERR_CERT_',
  'ERR_CA_',
  'ERR_CHAIN_',
  'ERR_SERVER_SET_',
  'ERR_TRUSTSTORE_',
  'ERR_WORKFLOW_STATE_',
];

/** The one mapping from an error to an exit code. */
export function exitCodeFor(error: unknown): ExitCode {
  if (!(error instanceof CertwrightError)) return ExitCode.internal;
  const { code } = error;
  if (USAGE_CODES.has(code)) return ExitCode.usage;
  if (CHECK_FAILED_CODES.has(code)) return ExitCode.checkFailed;
  // A refused or failed install (including a failed reload, rolled back) is exit 1.
  if (code.startsWith('ERR_INSTALL_')) return ExitCode.checkFailed;
  // certwright rotate: a bad plan or journal is bad input, using the journal wrongly a usage error,
  // SSH trouble a network failure, a failed node or command a failed check.
  if (code.startsWith('ERR_ROTATE_PLAN_') || code === 'ERR_ROTATE_JOURNAL_INVALID' || code === 'ERR_SSH_IDENTITY')
    return ExitCode.inputInvalid;
  if (code.startsWith('ERR_ROTATE_JOURNAL_')) return ExitCode.usage;
  if (code.startsWith('ERR_SSH_')) return ExitCode.deviceOrNetwork;
  if (code.startsWith('ERR_ROTATE_')) return ExitCode.checkFailed;
  if (INPUT_PREFIXES.some((prefix) => code.startsWith(prefix))) return ExitCode.inputInvalid;
  if (code.startsWith('ERR_DEVICE_') || code.startsWith('ERR_NETWORK_')) return ExitCode.deviceOrNetwork;
  return ExitCode.internal;
}
