// Where a test keeps its store. By default a fresh SQLite file; when
// HENG_TEST_DB holds a postgres:// URL (the `postgres` test project, run by
// `npm run test:services`), a fresh schema in that database instead, so the
// same test checks that the feature works the same on both backends.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const POSTGRES = process.env.HENG_TEST_DB;

/** True when this test process stores on Postgres. */
export const onPostgres = Boolean(POSTGRES);

/** Schemas made by tests carry this prefix; the project's global set-up drops them. */
export const TEST_SCHEMA_PREFIX = 'heng_t_';

/**
 * A store location no other test uses: a SQLite file named `file` in `dir`
 * (a new temporary folder when omitted), or a postgres:// URL whose
 * search_path is a new, empty schema. Pass the result to openStore or --db.
 */
export async function testDb(dir?: string, file = 'heng.db'): Promise<string> {
  if (!POSTGRES) return path.join(dir ?? mkdtempSync(path.join(tmpdir(), 'heng-db-')), file);
  return (await postgresSchema(POSTGRES)).url;
}

/** A new, empty schema in the Postgres database at `base`: its URL (search_path set) and a way to drop it. */
export async function postgresSchema(base: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `${TEST_SCHEMA_PREFIX}${randomBytes(6).toString('hex')}`;
  const { default: pg } = await import('pg');
  const sql = async (q: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(q);
    } finally {
      await client.end();
    }
  };
  await sql(`create schema ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => sql(`drop schema if exists ${schema} cascade`) };
}

/** Drops every schema a test made (global set-up and tear-down of the `postgres` project). */
export async function dropTestSchemas(connectionString: string): Promise<number> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(`select nspname from pg_namespace where nspname like '${TEST_SCHEMA_PREFIX}%'`);
    for (const { nspname } of rows) await client.query(`drop schema ${nspname} cascade`);
    return rows.length;
  } finally {
    await client.end();
  }
}

/**
 * Everything a store holds, as text, to check what must never be stored (a
 * secret): the SQLite file's bytes with its write-ahead log, or every row of
 * every table in the store's Postgres schema.
 */
export async function storedText(db: string): Promise<string> {
  if (!/^postgres(ql)?:\/\//.test(db)) {
    const { existsSync, readFileSync } = await import('node:fs');
    return [db, `${db}-wal`]
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f).toString('latin1'))
      .join('\n');
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = current_schema()`);
    if (!tables.length) throw new Error(`no tables in the store at ${db}`);
    const parts: string[] = [];
    for (const { name } of tables) parts.push(JSON.stringify((await client.query(`select * from "${name}"`)).rows));
    return parts.join('\n');
  } finally {
    await client.end();
  }
}
