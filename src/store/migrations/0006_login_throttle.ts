// 0006: failed sign-ins of `heng serve`, kept in the store so that the
// throttle holds across restarts and across server processes sharing one
// Postgres. One row per sign-in whose password was (or is being) checked and
// not accepted; a successful sign-in deletes its account's rows, and rows
// older than the throttle window are swept as new ones arrive.
import { Kysely } from 'kysely';
import type { MigrationFor } from './types.js';

export const m0006_login_throttle: MigrationFor = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('login_failures')
      .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      // The account name as typed (existing or not: the throttle must not reveal which names exist).
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('client', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('login_failures_account').on('login_failures').columns(['account', 'at']).execute();
    await db.schema.createIndex('login_failures_client').on('login_failures').columns(['client', 'at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('login_failures').execute();
  },
});
