import { defineConfig } from 'vitest/config';

// The real-clock tests: what users see live, across 5-minute boundaries, with no frozen `now`. Each file waits
// on the clock for minutes, so they run side by side (and beside the rest of the suite: scripts/test.sh).
export default defineConfig({
  test: {
    include: ['test/**/*.clock.test.ts'],
    globalSetup: ['test/support/global-influx.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 300_000,
    fileParallelism: true,
    maxWorkers: 4,
  },
});
