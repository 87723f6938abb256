import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-influx.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: integration tests start real processes (influxd, agents, chromium).
    fileParallelism: true,
    maxWorkers: 2,
  },
});
