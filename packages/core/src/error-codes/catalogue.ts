/**
 * Every code Certwright raises or reports, in one catalogue: its kind (error, warning, lint), what it
 * means and, for an error, the CLI's exit code. Codes are defined here and nowhere else: error
 * classes take a code of this catalogue, the CLI's exit code is a lookup in it, and docs/errors.md's
 * tables are generated from it (`npm run docs:errors`; a test fails when they drift).
 * Each area's codes live in a file of their own, in the order the docs list them.
 */
import { CHAIN_CODES } from './chain.js';
import { CLI_CODES } from './cli.js';
import { CORE_CODES } from './core.js';
import { DEVICE_CODES } from './device.js';
import { DEVICE_WARNINGS_CODES } from './device-warnings.js';
import type { CatalogueEntry, ErrorEntry, LintEntry, WarningEntry } from './entry.js';
import { INSTALL_CODES } from './install.js';
import { LINT_CODES } from './lint.js';
import { PROVISION_CODES } from './provision.js';
import { ROTATE_CODES } from './rotate.js';
import { TRUSTSTORE_CODES } from './truststore.js';
import { VERIFY_CODES } from './verify.js';
import { WARNINGS_CODES } from './warnings.js';
import { WORKFLOW_CODES } from './workflow.js';

/** The catalogue's areas, each a table of docs/errors.md (`<!-- codes:AREA -->`). */
export const ERROR_AREAS = {
  core: CORE_CODES,
  install: INSTALL_CODES,
  rotate: ROTATE_CODES,
  cli: CLI_CODES,
  workflow: WORKFLOW_CODES,
  verify: VERIFY_CODES,
  device: DEVICE_CODES,
  'device-warnings': DEVICE_WARNINGS_CODES,
  provision: PROVISION_CODES,
  warnings: WARNINGS_CODES,
  lint: LINT_CODES,
  chain: CHAIN_CODES,
  truststore: TRUSTSTORE_CODES,
} as const satisfies Record<string, Record<string, CatalogueEntry>>;

type Areas = typeof ERROR_AREAS;
/** An area of the catalogue: a table of docs/errors.md. */
export type ErrorArea = keyof Areas;
type CodesOfKind<E> = {
  [A in keyof Areas]: { [C in keyof Areas[A]]: Areas[A][C] extends E ? C : never }[keyof Areas[A]];
}[keyof Areas];

/** Every error code: what `CertwrightError.code` can be. */
export type ErrorCode = CodesOfKind<ErrorEntry>;
/** Every warning code. */
export type WarningCode = CodesOfKind<WarningEntry>;
/** Every CSR lint code. */
export type LintCode = CodesOfKind<LintEntry>;
/** Any code of the catalogue. */
export type CatalogueCode = ErrorCode | WarningCode | LintCode;

/** A catalogue entry with the area whose table lists it. */
export type CatalogueRow = CatalogueEntry & { area: ErrorArea };

/** The whole catalogue by code, in the docs' order (a test checks no code is in two areas). */
export const ERROR_CATALOGUE = Object.fromEntries(
  Object.entries(ERROR_AREAS).flatMap(([area, codes]) =>
    Object.entries(codes).map(([code, entry]) => [code, { ...entry, area }]),
  ),
) as Readonly<Record<CatalogueCode, CatalogueRow>>;

/** True when `code` is in the catalogue (e.g. a code read back from a report or a journal). */
export function isCatalogueCode(code: string): code is CatalogueCode {
  return Object.hasOwn(ERROR_CATALOGUE, code);
}

/**
 * The exit code the CLI gives an error code; 70 (internal error) for a code that is not an error
 * of the catalogue.
 */
export function exitCodeOf(code: string): ErrorEntry['exit'] {
  const entry = isCatalogueCode(code) ? ERROR_CATALOGUE[code] : undefined;
  return entry?.kind === 'error' ? entry.exit : 70;
}
