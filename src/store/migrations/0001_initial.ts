// 0001: runs, their providers and tasks, results, attempts and the response cache.
import { Kysely, sql } from 'kysely';
import type { MigrationFor } from './types.js';

export const m0001_initial: MigrationFor = (dialect) => {
  const double = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('config_text', 'text', (c) => c.notNull())
        .addColumn('config_hash', 'text', (c) => c.notNull())
        .addColumn('options_json', 'text', (c) => c.notNull())
        .addColumn('heng_version', 'text', (c) => c.notNull())
        .addColumn('planned', 'integer', (c) => c.notNull())
        .addColumn('summary_json', 'text')
        .execute();
      await db.schema
        .createTable('run_providers')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('provider_id', 'text', (c) => c.notNull())
        .addColumn('identity', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('label', 'text')
        .addColumn('config_json', 'text', (c) => c.notNull())
        .addColumn('price_json', 'text')
        .addPrimaryKeyConstraint('run_providers_pk', ['run_id', 'provider_id'])
        .execute();
      await db.schema
        .createTable('run_tasks')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('tags_json', 'text', (c) => c.notNull())
        .addColumn('task_hash', 'text', (c) => c.notNull())
        .addColumn('dataset_hash', 'text', (c) => c.notNull())
        .addColumn('item_count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_tasks_pk', ['run_id', 'task_id'])
        .execute();
      await db.schema
        .createTable('items')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('fields_json', 'text', (c) => c.notNull())
        .addColumn('target_json', 'text')
        .addColumn('cluster', 'text')
        .addPrimaryKeyConstraint('items_pk', ['run_id', 'task_id', 'item_id'])
        .execute();
      await db.schema
        .createTable('attempts')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('provider_id', 'text', (c) => c.notNull())
        .addColumn('repeat', 'integer', (c) => c.notNull())
        .addColumn('turn', 'integer', (c) => c.notNull())
        .addColumn('try', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('http_status', 'integer')
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('latency_ms', sql.raw(double))
        .addColumn('ttft_ms', sql.raw(double))
        .addColumn('input_tokens', 'integer')
        .addColumn('output_tokens', 'integer')
        .addColumn('cost_cny', sql.raw(double))
        .addColumn('cached', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('attempts_run').on('attempts').columns(['run_id', 'provider_id']).execute();
      await db.schema
        .createTable('results')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('provider_id', 'text', (c) => c.notNull())
        .addColumn('repeat', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('score', sql.raw(double))
        .addColumn('raw_output', 'text')
        .addColumn('reasoning', 'text')
        .addColumn('extracted', 'text')
        .addColumn('rule', 'text')
        .addColumn('scores_json', 'text')
        .addColumn('turns_json', 'text')
        .addColumn('finish_reason', 'text')
        .addColumn('latency_ms', sql.raw(double))
        .addColumn('ttft_ms', sql.raw(double))
        .addColumn('tokens_per_second', sql.raw(double))
        .addColumn('input_tokens', 'integer')
        .addColumn('output_tokens', 'integer')
        .addColumn('reasoning_tokens', 'integer')
        .addColumn('cost_cny', sql.raw(double))
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('tries', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('results_pk', ['run_id', 'task_id', 'item_id', 'provider_id', 'repeat'])
        .execute();
      await db.schema
        .createTable('cache')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('response_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
};
