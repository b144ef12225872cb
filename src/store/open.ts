// Opens the store named by --db / HENG_DB: a SQLite file path (default
// .heng/heng.db) or a postgres:// URL. Migrations run on open.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { migrateToLatest } from './migrations.js';
import type { Database } from './schema.js';
import { Store } from './store.js';

export const DEFAULT_DB = '.heng/heng.db';

export function dbUrl(explicit?: string): string {
  return explicit ?? process.env.HENG_DB ?? DEFAULT_DB;
}

export async function openStore(url = dbUrl()): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { default: pg } = await import('pg');
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }) });
    await migrateToLatest(db, 'postgres');
    return new Store(db, 'postgres');
  }
  const { default: SQLite } = await import('better-sqlite3');
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SQLite(file);
  // WAL + NORMAL: each commit is durable against a process crash (kill -9),
  // which is what resume relies on, and fast enough for thousands of rows/s.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  await migrateToLatest(db, 'sqlite');
  return new Store(db, 'sqlite');
}
