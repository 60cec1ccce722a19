import type { Reporter, TestModule } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/** Ends the run with one plain `N passed, N failed, N skipped` line that any CI can read. */
class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
    }
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test-vectors/test/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Key generation, 600,000-iteration PBKDF2 and the real openssl binary are slow on a shared
    // 2-core machine; these are limits against hangs, not performance assertions.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: ['default', new PlainSummaryReporter()],
  },
});
