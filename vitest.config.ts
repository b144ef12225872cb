import { defineConfig } from 'vitest/config';

// Suites: `default` and `timing` run anywhere (npm test runs both);
// `services` needs the Postgres and Redis on 127.0.0.1 (npm run
// test:services); `conformance` needs ../shared/data (npm run conformance).
// `timing` holds the tests that compare measured latency with a scripted
// server to within milliseconds; they run after `default`, one file at a time,
// so that the other files' CPU load does not stand between server and client.
const TIMING = ['test/providers/faults.test.ts', 'test/providers/openai-compatible.test.ts'];
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'default',
          include: ['test/**/*.test.ts'],
          exclude: ['test/services/**', 'test/conformance/**', ...TIMING],
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'timing',
          include: TIMING,
          testTimeout: 30_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'services',
          include: ['test/services/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          testTimeout: 300_000,
        },
      },
    ],
  },
});
