import type { Reporter, SerializedError, TestModule, TestRunEndReason, TestSuite } from 'vitest/node';

/** What one run adds up to: tests by outcome, and the failures that happen outside any test. */
export interface RunSummary {
  passed: number;
  failed: number;
  skipped: number;
  /** Test files that failed as a whole or in part (a test, a hook, a suite, or the file itself). */
  failedFiles: string[];
  files: number;
  /** Suites and files whose own errors (a failing beforeAll/afterAll, an import that throws) count apart from tests. */
  failedSuites: number;
  unhandledErrors: number;
  /** True when the run was stopped (Ctrl-C, --bail) before every file ran. */
  interrupted: boolean;
}

/** Counts a finished run. A file that failed outside its tests counts even when every test "passed" or was skipped. */
export function summarize(
  testModules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<unknown>,
  reason: TestRunEndReason = 'passed',
): RunSummary {
  const summary: RunSummary = {
    passed: 0,
    failed: 0,
    skipped: 0,
    failedFiles: [],
    files: testModules.length,
    failedSuites: 0,
    unhandledErrors: unhandledErrors.length,
    interrupted: reason === 'interrupted',
  };
  for (const module of testModules) {
    let moduleFailed = module.state() === 'failed';
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') summary.passed++;
      else if (state === 'failed') {
        summary.failed++;
        moduleFailed = true;
      } else summary.skipped++;
    }
    const suites: Array<TestModule | TestSuite> = [module, ...module.children.allSuites()];
    for (const suite of suites) {
      if (suite.errors().length > 0) {
        summary.failedSuites++;
        moduleFailed = true;
      }
    }
    if (moduleFailed) summary.failedFiles.push(module.relativeModuleId);
  }
  return summary;
}

/** The closing line: never "0 failed" when a file, a hook or the run itself failed. */
export function summaryLine(summary: RunSummary): string {
  const tests = `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`;
  const failedFiles = summary.failedFiles.length;
  const files = `${failedFiles} of ${summary.files} test files failed${failedFiles > 0 ? ` (${summary.failedFiles.join(', ')})` : ''}`;
  const failures: string[] = [];
  if (summary.failedSuites > 0) {
    failures.push(
      `${summary.failedSuites} ${summary.failedSuites === 1 ? 'suite or hook' : 'suites or hooks'} failed outside any test`,
    );
  }
  if (summary.unhandledErrors > 0) {
    failures.push(`${summary.unhandledErrors} unhandled ${summary.unhandledErrors === 1 ? 'error' : 'errors'}`);
  }
  if (summary.interrupted) failures.push('the run was interrupted before every file ran');
  const failed = failedFiles > 0 || failures.length > 0;
  return `${failed ? 'FAILED: ' : ''}${[tests, files, ...failures].join('; ')}`;
}

/** Ends the run with one plain summary line that any CI can read. */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    process.stdout.write(`\n${summaryLine(summarize(testModules, unhandledErrors, reason))}\n`);
  }
}
