import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests that start real processes (Prometheus, Go programs, the daemon) and create cgroups are
    // heavy on a 2-core machine; forks keep each file isolated and killable.
    pool: 'forks',
    maxWorkers: 2,
  },
});
