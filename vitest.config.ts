import { defineConfig } from 'vitest/config';
import PlainSummaryReporter from './scripts/test-summary/plain-summary-reporter.js';

export default defineConfig({
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'test-vectors/test/**/*.test.ts',
      'scripts/**/*.test.ts',
      'tests/**/*.test.ts',
      'fuzz/test/**/*.test.ts',
    ],
    // Key generation, 600,000-iteration PBKDF2 and the real openssl binary are slow on a shared
    // 2-core machine; these are limits against hangs, not performance assertions.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: ['default', new PlainSummaryReporter()],
  },
});
