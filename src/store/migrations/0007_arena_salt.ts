// 0007: a secret per arena battle. Which provider is shown as "A" becomes a
// function of this random salt and the battle id (src/arena/order.ts), so it
// can be re-derived from the database for an audit but not from the run,
// item and provider names a reviewer may know. Battles created before this
// migration keep their order and have no salt (null).
import type { Kysely } from 'kysely';
import type { MigrationFor } from './types.js';

export const m0007_arena_salt: MigrationFor = () => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('arena_battles').addColumn('salt', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('arena_battles').dropColumn('salt').execute();
  },
});
