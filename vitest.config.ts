import { defineConfig } from 'vitest/config';

// Three suites: `default` runs anywhere (npm test); `services` needs the
// Postgres and Redis on 127.0.0.1 (npm run test:services); `conformance`
// needs ../shared/data (npm run conformance).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'default',
          include: ['test/**/*.test.ts'],
          exclude: ['test/services/**', 'test/conformance/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
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
