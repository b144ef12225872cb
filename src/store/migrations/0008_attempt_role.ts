// 0008: attempts say whom they were for: 'answer' (a candidate answering an
// item) or 'judge' (a scorer asking an LLM judge about that answer), so judge
// requests are audited, costed and held to the run's budget like any other.
import { Kysely } from 'kysely';
import type { MigrationFor } from './types.js';

export const m0008_attempt_role: MigrationFor = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('attempts')
      .addColumn('role', 'text', (c) => c.notNull().defaultTo('answer'))
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('attempts').dropColumn('role').execute();
  },
});
