// 0002: the arena. Battles pair two providers' answers to one item, in the
// order shown (randomised, seeded); votes come from people or LLM judges.
import type { Kysely } from 'kysely';
import type { MigrationFor } from './types.js';

export const m0002_arena: MigrationFor = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('arena_battles')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('task_id', 'text', (c) => c.notNull())
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('provider_a', 'text', (c) => c.notNull())
      .addColumn('provider_b', 'text', (c) => c.notNull())
      .addColumn('seed', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('arena_battles_run').on('arena_battles').columns(['run_id', 'task_id', 'item_id']).execute();
    await db.schema
      .createTable('arena_votes')
      .addColumn('battle_id', 'text', (c) => c.notNull().references('arena_battles.id').onDelete('cascade'))
      .addColumn('voter', 'text', (c) => c.notNull())
      .addColumn('voter_kind', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('detail_json', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('arena_votes_pk', ['battle_id', 'voter'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('arena_votes').execute();
    await db.schema.dropTable('arena_battles').execute();
  },
});
