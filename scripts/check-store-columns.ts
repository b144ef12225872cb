// Only the store knows how a run is kept: the JSON columns of the run tables
// (runs, run_providers, run_tasks, items, results, attempts, cache) are
// encoded and decoded in src/store/ and nowhere else; every feature reads the
// typed records (Run, StoredResult, StoredAttempt, StoredItem…). This check
// finds a name of such a column in src/ or web/src/ outside src/store/ and
// exits 1. Run by `npm run lint`.
//
// The columns are read from src/store/schema.ts, so a new JSON column of a
// run table is covered as soon as it is declared. Tables a feature keeps for
// itself (arena, safety judgments, capacity runs…) are not covered: their
// own repositories decode them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The run tables of src/store/schema.ts (their interface names). */
export const RUN_TABLES = ['RunsTable', 'RunProvidersTable', 'RunTasksTable', 'ItemsTable', 'AttemptsTable', 'ResultsTable', 'CacheTable'];

/**
 * A feature's own table with a column of the same name as a run table's: its
 * repository may name it (the file and the column, nothing else).
 */
export const OWN_COLUMNS: ReadonlyArray<{ file: string; column: string; table: string }> = [{ file: 'src/capacity/store.ts', column: 'options_json', table: 'load_runs' }];

export interface ColumnUse {
  file: string;
  line: number;
  column: string;
}

/** `*_json` columns of the run tables, as declared in the schema's text. */
export function runJsonColumns(schema: string, tables: readonly string[] = RUN_TABLES): string[] {
  const out = new Set<string>();
  for (const table of tables) {
    const body = new RegExp(`export interface ${table} \\{([\\s\\S]*?)\\n\\}`).exec(schema)?.[1];
    if (body === undefined) throw new Error(`src/store/schema.ts declares no interface ${table}`);
    for (const m of stripComments(body).matchAll(/^\s*(\w+_json)\??\s*:/gm)) out.add(m[1]);
  }
  return [...out].sort();
}

/** Comments blanked (line numbers kept): a column named in prose is no use of it. */
export function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Where the text names one of `columns` (as a word: `scores_json`, 'turns_json', r.fields_json). */
export function columnUses(file: string, text: string, columns: readonly string[]): ColumnUse[] {
  if (!columns.length) return [];
  const word = new RegExp(`\\b(${columns.join('|')})\\b`, 'g');
  const out: ColumnUse[] = [];
  stripComments(text)
    .split('\n')
    .forEach((line, i) => {
      for (const m of line.matchAll(word)) out.push({ file, line: i + 1, column: m[1] });
    });
  return out;
}

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

export function checkStoreColumns(root: string): ColumnUse[] {
  const columns = runJsonColumns(readFileSync(path.join(root, 'src/store/schema.ts'), 'utf8'));
  const out: ColumnUse[] = [];
  for (const abs of [...sources(path.join(root, 'src')), ...sources(path.join(root, 'web/src'))]) {
    const file = path.relative(root, abs).split(path.sep).join('/');
    if (file.startsWith('src/store/')) continue;
    const own = new Set(OWN_COLUMNS.filter((o) => o.file === file).map((o) => o.column));
    out.push(...columnUses(file, readFileSync(abs, 'utf8'), columns).filter((u) => !own.has(u.column)));
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const found = checkStoreColumns(root);
  for (const x of found) console.error(`${x.file}:${x.line} names ${x.column}: read the store's typed records instead (src/store/records.ts)`);
  if (found.length) {
    console.error(`\n${found.length} use(s) of a run table's JSON column outside src/store/ (docs/design.md#store).`);
    process.exit(1);
  }
  console.log('store columns: ok');
}
