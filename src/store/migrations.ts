// Schema migrations, written once with Kysely's schema builder for both
// SQLite and Postgres. The migrations themselves live in ./migrations/.
import { Kysely, Migrator, type Migration, type MigrationProvider } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';
import type { Dialect } from './migrations/types.js';

export type { Dialect } from './migrations/types.js';

function migrations(dialect: Dialect): Record<string, Migration> {
  return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, make]) => [name, make(dialect)]));
}

/** Applies pending migrations; returns the names applied now (empty when up to date). */
export async function migrateToLatest(db: Kysely<any>, dialect: Dialect): Promise<string[]> {
  const { error, results } = await migrator(db, dialect).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Every known migration with when it was applied (undefined: pending). */
export async function listMigrations(db: Kysely<any>, dialect: Dialect): Promise<Array<{ name: string; executedAt?: string }>> {
  const all = await migrator(db, dialect).getMigrations();
  return all.map((m) => ({ name: m.name, executedAt: m.executedAt?.toISOString() }));
}

function migrator(db: Kysely<any>, dialect: Dialect): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  return new Migrator({ db, provider, migrationTableName: 'heng_migrations', migrationLockTableName: 'heng_migrations_lock', allowUnorderedMigrations: true });
}
