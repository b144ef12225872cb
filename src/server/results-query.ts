// Filtered, paginated results of a run: by task, provider, outcome and a
// case-insensitive substring of the model's output.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ResultRow } from '../store/store.js';

export interface ResultFilter {
  task?: string;
  provider?: string;
  outcome?: string;
  /** Substring of the raw output (or the reasoning), case-insensitive. */
  q?: string;
  offset: number;
  limit: number;
}

const likePattern = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

export async function queryResults(db: Kysely<Database>, runId: string, f: ResultFilter): Promise<{ total: number; rows: ResultRow[] }> {
  let q = db.selectFrom('results').where('run_id', '=', runId);
  if (f.task) q = q.where('task_id', '=', f.task);
  if (f.provider) q = q.where('provider_id', '=', f.provider);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.q) {
    const pattern = likePattern(f.q);
    q = q.where((eb) => eb.or([sql<boolean>`lower(raw_output) like ${pattern} escape '\\'`, sql<boolean>`lower(reasoning) like ${pattern} escape '\\'`]));
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy('task_id').orderBy('item_id').orderBy('provider_id').orderBy('repeat').offset(f.offset).limit(f.limit).execute();
  return { total: Number(total.n), rows };
}

/** Every provider's answers to one item, for side-by-side reading. */
export async function itemAnswers(db: Kysely<Database>, runId: string, taskId: string, itemId: string): Promise<ResultRow[]> {
  return db.selectFrom('results').selectAll().where('run_id', '=', runId).where('task_id', '=', taskId).where('item_id', '=', itemId).orderBy('provider_id').orderBy('repeat').execute();
}
