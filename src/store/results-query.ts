// Reading a run's results the way a person browses them: filtered by task,
// provider, outcome and a case-insensitive substring of the model's output,
// paginated; and one item with every provider's answers side by side.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { ResultRow } from './store.js';

export interface ResultFilter {
  task?: string;
  provider?: string;
  outcome?: string;
  /** Substring of the raw output (or the reasoning), case-insensitive. */
  q?: string;
  offset: number;
  limit: number;
}

/** An item of a run with its JSON columns decoded. */
export interface StoredItem {
  taskId: string;
  itemId: string;
  fields: Record<string, unknown>;
  target: unknown;
}

const likePattern = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** The results-browsing repository of one store. Rows are the store's ResultRow (src/server/views.ts makes them API JSON). */
export class ResultsQuery {
  private readonly db: Kysely<Database>;
  constructor(store: { readonly db: Kysely<Database> }) {
    this.db = store.db;
  }

  async page(runId: string, f: ResultFilter): Promise<{ total: number; rows: ResultRow[] }> {
    let q = this.db.selectFrom('results').where('run_id', '=', runId);
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

  async item(runId: string, taskId: string, itemId: string): Promise<StoredItem | undefined> {
    const r = await this.db.selectFrom('items').selectAll().where('run_id', '=', runId).where('task_id', '=', taskId).where('item_id', '=', itemId).executeTakeFirst();
    return r && { taskId: r.task_id, itemId: r.item_id, fields: JSON.parse(r.fields_json) as Record<string, unknown>, target: r.target_json === null ? null : JSON.parse(r.target_json) };
  }

  /** Every provider's answers to one item, for side-by-side reading. */
  async answers(runId: string, taskId: string, itemId: string): Promise<ResultRow[]> {
    return this.db.selectFrom('results').selectAll().where('run_id', '=', runId).where('task_id', '=', taskId).where('item_id', '=', itemId).orderBy('provider_id').orderBy('repeat').execute();
  }
}
