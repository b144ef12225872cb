import { defineConfig } from 'vitest/config';

// Suites: `default` and `timing` run anywhere (npm test runs both);
// `services` needs the Postgres and Redis on 127.0.0.1 (npm run
// test:services); `conformance` needs ../shared/data (npm run conformance).
// `postgres` re-runs every test that keeps a store with HENG_TEST_DB set, so
// test/helpers/test-db.ts gives each a fresh Postgres schema: the core suite
// and every stored feature are checked on both backends (npm run test:services).
// `timing` holds the tests that compare measured latency with a scripted
// server to within milliseconds; they run after `default`, one file at a time,
// so that the other files' CPU load does not stand between server and client.
const PG_URL = process.env.HENG_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const STORE_TESTS = [
  'test/core/{store,engine,cli,resume}.test.ts',
  'test/arena/**/*.test.ts',
  'test/benchmarks/{circular,cmmlu-groups}.test.ts',
  'test/compare/**/*.test.ts',
  'test/cost/**/*.test.ts',
  'test/datasets/safetybench-submission.test.ts',
  'test/e2e/{web,cached-latency}.test.ts',
  'test/judges/{engine,mtbench-run,judge-cost}.test.ts',
  'test/capacity/cli.test.ts',
  'test/report/{html,xss-pdf,pdf-procurement,intervals}.test.ts',
  'test/safety/{run,verdicts,refusal-scorer,report,cli,calibrate}.test.ts',
  'test/scorecard/run.test.ts',
  'test/server/**/*.test.ts',
  'test/tasks/library.test.ts',
  'test/summary/**/*.test.ts',
];
// The load sweep finds knees from measured throughput against a scripted server: timing too.
const TIMING = ['test/capacity/sweep.test.ts', 'test/providers/faults.test.ts', 'test/providers/openai-compatible.test.ts', 'test/providers/native/spark-ws.test.ts'];
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
          name: 'postgres',
          include: STORE_TESTS,
          env: { HENG_TEST_DB: PG_URL },
          globalSetup: ['test/helpers/postgres-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 60_000,
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
