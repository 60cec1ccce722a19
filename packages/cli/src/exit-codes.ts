/**
 * The documented exit codes (docs/exit-codes.md). The only place they are defined; the error →
 * exit code mapping is in error-exit-code.ts, loaded only when a command fails, so start-up stays light.
 */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  inputInvalid: 3,
  deviceOrNetwork: 4,
  partialFleet: 5,
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The EXIT CODES section every command's help ends with, limited to the codes it can return. */
export const EXIT_CODE_MEANINGS: Record<ExitCode, string> = {
  0: 'success',
  1: 'the check failed (e.g. key does not match certificate)',
  2: 'usage error, including an output file that exists without --force or no passphrase source',
  3: 'input unreadable or invalid (wrong passphrase, not a key, bad PEM, broken CSR signature)',
  4: 'device or network failure',
  5: 'partial fleet run',
  70: 'internal error',
};
