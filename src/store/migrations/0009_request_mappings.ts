// 0009: each run provider keeps the request values its model's rules changed
// (a temperature the vendor refuses, a token field it renamed, a seed out of
// range): JSON of RequestMapping[], null when nothing was changed.
import { Kysely } from 'kysely';
import type { MigrationFor } from './types.js';

export const m0009_request_mappings: MigrationFor = () => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('run_providers').addColumn('request_mappings_json', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('run_providers').dropColumn('request_mappings_json').execute();
  },
});
