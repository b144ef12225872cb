// Reading a run's results the way a person browses them: filtered by task,
// provider, outcome and a case-insensitive substring of the model's output,
// paginated; and one item with every provider's answers side by side.
import { sql, type Kysely } from 'kysely';
import { decodeResult, type StoredResult } from './records.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';

export interface ResultFilter {
  task?: string;
  provider?: string;
  outcome?: string;
  /** Substring of the raw output (or the reasoning), case-insensitive. */
  q?: string;
  offset: number;
  limit: number;
}

/** An item as the results browser shows it: no target is null. */
export interface BrowsedItem {
  taskId: string;
  itemId: string;
  fields: Record<string, unknown>;
  target: unknown;
}

const likePattern = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** The results-browsing repository of one store. Records are the store's StoredResult (src/server/views.ts makes them API JSON). */
export class ResultsQuery {
  private readonly db: Kysely<Database>;
  constructor(private readonly store: Store) {
    this.db = store.db;
  }

  async page(runId: string, f: ResultFilter): Promise<{ total: number; rows: StoredResult[] }> {
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
    return { total: Number(total.n), rows: rows.map(decodeResult) };
  }

  async item(runId: string, taskId: string, itemId: string): Promise<BrowsedItem | undefined> {
    const item = await this.store.item(runId, taskId, itemId);
    return item && { taskId: item.taskId, itemId: item.itemId, fields: item.fields, target: item.target === undefined ? null : item.target };
  }

  /** Every provider's answers to one item, for side-by-side reading. */
  async answers(runId: string, taskId: string, itemId: string): Promise<StoredResult[]> {
    return this.store.itemResults(runId, taskId, itemId);
  }
}
