import { defineConfig } from 'vitest/config';

// The suite but the long real-clock tests (*.clock.test.ts: minutes of wall time each, mostly waiting), which
// scripts/test.sh runs alongside in a second vitest process (vitest.clock.config.ts) so they add no time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.clock.test.ts', '**/node_modules/**'],
    globalSetup: ['test/support/global-influx.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: integration tests start real processes (influxd, agents, chromium).
    fileParallelism: true,
    maxWorkers: 2,
  },
});
