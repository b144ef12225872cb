import type { Migration } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** One migration, written once for both dialects (the dialect picks column types). */
export type MigrationFor = (dialect: Dialect) => Migration;
