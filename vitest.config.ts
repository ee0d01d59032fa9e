import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'database-schema/**/*.test.ts', 'platform/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/**/*.test.ts', 'cloudfunctions/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores on CI: files in parallel pairs, tests within a file in order.
    maxWorkers: 2,
  },
});
