import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test-vectors/test/**/*.test.ts'],
    // Key generation, 600,000-iteration PBKDF2 and the real openssl/keytool binaries are slow
    // on a shared 2-core machine; these are limits against hangs, not performance assertions.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
