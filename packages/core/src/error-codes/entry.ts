/**
 * One entry of the error catalogue (catalogue.ts): what a code means and, for an error, the exit
 * code the CLI gives it. The helpers keep each area's table one line a code.
 */

/** The CLI's exit codes (docs/exit-codes.md) that an error can map to. */
export type ErrorExitCode = 1 | 2 | 3 | 4 | 5 | 70;

/** A failure: thrown, or reported as a problem or a failed check. */
export interface ErrorEntry {
  kind: 'error';
  /** The exit code when this error ends a command. */
  exit: ErrorExitCode;
  /** Set when the code appears only per device or per node in a fleet or rotation report. */
  reported?: 'per-device' | 'per-node';
  meaning: string;
}

/** A warning: printed and listed in `warnings`, never changing the exit code. */
export interface WarningEntry {
  kind: 'warning';
  meaning: string;
}

/** A CSR lint finding. */
export interface LintEntry {
  kind: 'lint';
  severity: 'error' | 'warning';
  meaning: string;
}

/** Any entry of the catalogue. */
export type CatalogueEntry = ErrorEntry | WarningEntry | LintEntry;

/** An error entry. */
export function error(exit: ErrorExitCode, meaning: string): ErrorEntry {
  return { kind: 'error', exit, meaning };
}

/** An error that a fleet run or a rotation reports per device or node rather than throws. */
export function reportedError(exit: ErrorExitCode, reported: 'per-device' | 'per-node', meaning: string): ErrorEntry {
  return { kind: 'error', exit, reported, meaning };
}

/** A warning entry. */
export function warning(meaning: string): WarningEntry {
  return { kind: 'warning', meaning };
}

/** A lint entry. */
export function lint(severity: LintEntry['severity'], meaning: string): LintEntry {
  return { kind: 'lint', severity, meaning };
}
