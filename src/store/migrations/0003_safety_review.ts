// 0003: content-safety assessments. One row per assessment (what was sampled
// and how it was judged), one judgment per answer, and the human review
// queue for the answers where rules, keywords and the LLM judge disagree.
import type { Kysely } from 'kysely';
import type { MigrationFor } from './types.js';

export const m0003_safety_review: MigrationFor = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('safety_runs')
      .addColumn('run_id', 'text', (c) => c.primaryKey().references('runs.id').onDelete('cascade'))
      .addColumn('meta_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    const key = (t: any) =>
      t
        .addColumn('run_id', 'text', (c: any) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('task_id', 'text', (c: any) => c.notNull())
        .addColumn('item_id', 'text', (c: any) => c.notNull())
        .addColumn('provider_id', 'text', (c: any) => c.notNull())
        .addColumn('repeat', 'integer', (c: any) => c.notNull());
    await key(db.schema.createTable('safety_judgments'))
      .addColumn('bank', 'text', (c: any) => c.notNull())
      .addColumn('label', 'text')
      .addColumn('decided_by', 'text', (c: any) => c.notNull())
      .addColumn('judgment_json', 'text', (c: any) => c.notNull())
      .addColumn('created_at', 'text', (c: any) => c.notNull())
      .addPrimaryKeyConstraint('safety_judgments_pk', ['run_id', 'task_id', 'item_id', 'provider_id', 'repeat'])
      .execute();
    await key(db.schema.createTable('safety_reviews'))
      .addColumn('bank', 'text', (c: any) => c.notNull())
      .addColumn('reason', 'text', (c: any) => c.notNull())
      .addColumn('rule_label', 'text')
      .addColumn('judge_label', 'text')
      .addColumn('human_label', 'text')
      .addColumn('reviewer', 'text')
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c: any) => c.notNull())
      .addColumn('decided_at', 'text')
      .addPrimaryKeyConstraint('safety_reviews_pk', ['run_id', 'task_id', 'item_id', 'provider_id', 'repeat'])
      .execute();
    await db.schema.createIndex('safety_reviews_open').on('safety_reviews').columns(['run_id', 'decided_at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('safety_reviews').execute();
    await db.schema.dropTable('safety_judgments').execute();
    await db.schema.dropTable('safety_runs').execute();
  },
});
