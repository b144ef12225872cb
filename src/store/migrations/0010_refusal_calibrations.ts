// 0009: calibrations of the refusal detector against a customer's own
// human-labelled answers (`heng safety calibrate`), so the filing report can
// cite the latest one for the detector version it used.
import type { Kysely } from 'kysely';
import type { MigrationFor } from './types.js';

export const m0010_refusal_calibrations: MigrationFor = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('refusal_calibrations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('detector', 'text', (c) => c.notNull())
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('file_hash', 'text', (c) => c.notNull())
      .addColumn('judge', 'text')
      .addColumn('result_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('refusal_calibrations_detector').on('refusal_calibrations').columns(['detector', 'created_at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('refusal_calibrations').execute();
  },
});
