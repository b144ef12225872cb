// Schema migrations, written once with Kysely's schema builder for both
// SQLite and Postgres. The migrations themselves live in ./migrations/.
import { Kysely, Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';
import type { Dialect } from './migrations/types.js';

export type { Dialect } from './migrations/types.js';

function migrations(dialect: Dialect): Record<string, Migration> {
  return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, make]) => [name, make(dialect)]));
}

/** Applies pending migrations; returns the names applied now (empty when up to date). */
export async function migrateToLatest(db: Kysely<any>, dialect: Dialect): Promise<string[]> {
  const { error, results } = await (await migrator(db, dialect)).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Every known migration with when it was applied (undefined: pending). */
export async function listMigrations(db: Kysely<any>, dialect: Dialect): Promise<Array<{ name: string; executedAt?: string }>> {
  const all = await (await migrator(db, dialect)).getMigrations();
  return all.map((m) => ({ name: m.name, executedAt: m.executedAt?.toISOString() }));
}

async function migrator(db: Kysely<any>, dialect: Dialect): Promise<Migrator> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  // On Postgres, name the schema the store lives in (the first on its
  // search_path): without it Kysely takes a migration table in *any* schema of
  // the database as this store's, and two Heng stores in one database clash.
  const migrationTableSchema = dialect === 'postgres' ? await currentSchema(db) : undefined;
  return new Migrator({
    db,
    provider,
    migrationTableName: 'heng_migrations',
    migrationLockTableName: 'heng_migrations_lock',
    migrationTableSchema,
    allowUnorderedMigrations: true,
  });
}

async function currentSchema(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('the Postgres search_path names no existing schema: create the schema or fix the search_path in the --db URL');
  return schema;
}
