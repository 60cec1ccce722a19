import { InvalidArgumentError } from '@certwright/core';
import { parseDays } from '../lib/duration.js';
import { FAILABLE_CODES, type Finding } from './findings.js';
import type { ScanReport } from './types.js';

/** One `--fail-on` condition. */
export type FailCondition =
  | { code: Exclude<(typeof FAILABLE_CODES)[number], 'expiring'> }
  | { code: 'expiring'; days: number };

/** The default: fail on expired or untrusted certificates. */
export const DEFAULT_FAIL_ON = 'expired,untrusted';

/** `expired,expiring:30d,weak-tls` → conditions. @throws InvalidArgumentError naming the bad item. */
export function parseFailOn(text: string): FailCondition[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const [code, argument] = item.split(':', 2) as [string, string | undefined];
      if (code === 'expiring') {
        if (argument === undefined)
          throw new InvalidArgumentError('--fail-on "expiring": give the days, e.g. expiring:30d', {
            field: 'fail-on',
          });
        return { code, days: parseDays(argument, '--fail-on expiring') };
      }
      if (argument !== undefined || !(FAILABLE_CODES as readonly string[]).includes(code)) {
        throw new InvalidArgumentError(
          `--fail-on "${item}": expected one of ${FAILABLE_CODES.map((known) => (known === 'expiring' ? 'expiring:Nd' : known)).join(', ')}`,
          {
            field: 'fail-on',
          },
        );
      }
      return { code: code as Exclude<(typeof FAILABLE_CODES)[number], 'expiring'> };
    });
}

/** How the scan went, for an exit code. */
export interface ScanOutcome {
  /** Findings that meet a --fail-on condition, as `target: message`. */
  failing: string[];
  /** Targets (endpoints and files) scanned, and those that could not be. */
  scanned: number;
  unscanned: number;
}

/** Applies the --fail-on conditions to a report. */
export function scanOutcome(report: ScanReport, conditions: readonly FailCondition[]): ScanOutcome {
  const failing: string[] = [];
  const check = (where: string, findings: readonly Finding[]) => {
    for (const finding of findings)
      if (conditions.some((condition) => meets(finding, condition))) failing.push(`${where}: ${finding.message}`);
  };
  for (const endpoint of report.endpoints) check(endpoint.target, endpoint.findings);
  for (const file of report.files) check(file.path, file.findings);
  const all = [...report.endpoints, ...report.files];
  const unscanned = all.filter((result) => result.status === 'failed').length;
  return { failing, scanned: all.length - unscanned, unscanned };
}

function meets(finding: Finding, condition: FailCondition): boolean {
  if (condition.code === 'expiring') {
    return (finding.code === 'expiring' || finding.code === 'expired') && (finding.daysLeft ?? 0) < condition.days;
  }
  return finding.code === condition.code;
}

/** The warn horizon a scan needs so that `expiring:Nd` can match: the largest N, and at least `floor`. */
export function warnDaysFor(conditions: readonly FailCondition[], floor: number): number {
  return Math.max(floor, ...conditions.map((condition) => (condition.code === 'expiring' ? condition.days : 0)));
}
