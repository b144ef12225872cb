// Opens the store named by --db / HENG_DB: a SQLite file path (default
// .heng/heng.db) or a postgres:// URL. Migrations run on open.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateToLatest, type Dialect } from './migrations.js';
import { guardedPool, ResilientKysely, resilientPostgresDialect } from './postgres.js';
import { defaultRetryMs, StoreStatus } from './retry.js';
import type { Database } from './schema.js';
import { Store } from './store.js';

export const DEFAULT_DB = '.heng/heng.db';

export function dbUrl(explicit?: string): string {
  return explicit ?? process.env.HENG_DB ?? DEFAULT_DB;
}

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

export interface OpenOptions {
  /** How long one operation waits for a Postgres store that went away (default: HENG_STORE_RETRY_SECONDS, 300 s). */
  retryMs?: number;
}

export async function openStore(url = dbUrl(), o: OpenOptions = {}): Promise<Store> {
  const { db, dialect, status } = await openDatabase(url, o);
  try {
    await migrateToLatest(db, dialect);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return new Store(db, dialect, status);
}

/**
 * The database holds password hashes: its folder is created 0700 and the file
 * 0600 (SQLite gives its -wal and -shm files the database file's mode), and
 * existing files are narrowed to 0600.
 */
function privateFile(file: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

/** The connection alone, without migrating (for `heng migrate`). */
export async function openDatabase(url = dbUrl(), o: OpenOptions = {}): Promise<{ db: Kysely<Database>; dialect: Dialect; status: StoreStatus }> {
  const status = new StoreStatus();
  if (isPostgresUrl(url)) {
    const { default: pg } = await import('pg');
    // Postgres restarts, fails over and drops connections: see ./postgres.ts for what is retried.
    const r = { policy: { maxMs: o.retryMs ?? defaultRetryMs() }, status };
    const pool = guardedPool(new pg.Pool({ connectionString: url, max: 10 }), status);
    const db = new ResilientKysely<Database>({ dialect: resilientPostgresDialect(pool, r) }, r);
    return { db, dialect: 'postgres', status };
  }
  const { default: SQLite } = await import('better-sqlite3');
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') privateFile(file);
  const database = new SQLite(file);
  // WAL + NORMAL: each commit is durable against a process crash (kill -9),
  // which is what resume relies on, and fast enough for thousands of rows/s.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), dialect: 'sqlite', status };
}
