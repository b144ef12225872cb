// 0005: load sweeps (`heng load`): one row per sweep, one per concurrency step.
import { Kysely, sql } from 'kysely';
import type { MigrationFor } from './types.js';

export const m0005_load: MigrationFor = (dialect) => {
  const double = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('load_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('provider_id', 'text', (c) => c.notNull())
        .addColumn('identity', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text', (c) => c.notNull())
        .addColumn('options_json', 'text', (c) => c.notNull())
        .addColumn('stop_reason', 'text', (c) => c.notNull())
        .addColumn('knee_concurrency', 'integer')
        .addColumn('knee_reason', 'text', (c) => c.notNull())
        .addColumn('knee_detail', 'text', (c) => c.notNull())
        .addColumn('requests_sent', 'integer', (c) => c.notNull())
        .addColumn('heng_version', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('load_runs_identity').on('load_runs').columns(['identity', 'created_at']).execute();
      await db.schema
        .createTable('load_steps')
        .addColumn('load_id', 'text', (c) => c.notNull().references('load_runs.id').onDelete('cascade'))
        .addColumn('step', 'integer', (c) => c.notNull())
        .addColumn('concurrency', 'integer', (c) => c.notNull())
        .addColumn('duration_ms', sql.raw(double), (c) => c.notNull())
        .addColumn('sent', 'integer', (c) => c.notNull())
        .addColumn('ok', 'integer', (c) => c.notNull())
        .addColumn('errors', 'integer', (c) => c.notNull())
        .addColumn('error_rate', sql.raw(double), (c) => c.notNull())
        .addColumn('errors_json', 'text', (c) => c.notNull())
        .addColumn('throughput_rps', sql.raw(double), (c) => c.notNull())
        .addColumn('output_tokens_per_second', sql.raw(double), (c) => c.notNull())
        .addColumn('latency_p50_ms', sql.raw(double))
        .addColumn('latency_p95_ms', sql.raw(double))
        .addColumn('latency_p99_ms', sql.raw(double))
        .addColumn('ttft_p50_ms', sql.raw(double))
        .addColumn('ttft_p95_ms', sql.raw(double))
        .addColumn('ttft_p99_ms', sql.raw(double))
        .addColumn('stream_tokens_per_second', sql.raw(double))
        .addColumn('budget_limited', 'integer', (c) => c.notNull())
        .addColumn('complete', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('load_steps_pk', ['load_id', 'step'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('load_steps').execute();
      await db.schema.dropTable('load_runs').execute();
    },
  };
};
