// The data layer. Callers see only this class; SQLite (default) and Postgres
// differ in the Kysely dialect chosen in ./open.ts and nowhere else.
import { unitKey } from './timing.js';
import { Kysely, sql, type Insertable, type Transaction } from 'kysely';
import type { Dialect } from './migrations.js';
import {
  decodeItem,
  decodeResult,
  decodeRun,
  decodeRunProvider,
  decodeRunTask,
  encodeItem,
  encodeRunProvider,
  encodeRunTask,
  type Run,
  type RunProvider,
  type RunSummary,
  type RunTask,
  type StoredAttempt,
  type StoredItem,
  type StoredResult,
  type StoredRunOptions,
} from './records.js';
import type { AttemptsTable, Database, ItemsTable, ResultsTable, RunStatus, RunsTable } from './schema.js';
import type { UnitOutcome } from '../types.js';
import { unitRows } from './outcome.js';
import { StoreStatus } from './retry.js';

export type { Run, RunProvider, RunSummary, RunTask, StoredAttempt, StoredItem, StoredResult, StoredRunOptions } from './records.js';

/** A run as recorded when it begins (src/runs/lifecycle.ts). */
export type NewRun = Pick<Run, 'id' | 'name' | 'configText' | 'configHash' | 'hengVersion' | 'planned' | 'options'>;
/** A result row to write; a StoredResult (decoded `scores`, `turns`) is no row: `encodeResult` makes it one. */
export type NewResult = Insertable<ResultsTable> & { scores?: never; turns?: never };
export type NewAttempt = Insertable<AttemptsTable>;

/** Judge requests of one run, per judge (cached replies are counted apart and cost nothing). */
export interface JudgeTotals {
  judge: string;
  /** Tries sent to the judge (retries included). */
  requests: number;
  cached: number;
  /** Tries that did not end in a reply (errors, blocks, timeouts). */
  failed: number;
  inputTokens: number;
  outputTokens: number;
  /** Null when a reply's price is unknown. */
  costCny: number | null;
}

/** What one finished unit of work writes, in one transaction. */
export interface WriteBatch {
  results: NewResult[];
  attempts: NewAttempt[];
  cache: Array<{ key: string; response_json: string }>;
}

export const resultKey = (r: { task_id: string; item_id: string; provider_id: string; repeat: number }) => `${r.task_id}\u0000${r.item_id}\u0000${r.provider_id}\u0000${r.repeat}`;

export class Store {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    /** Outages of the database and its recovery (a Postgres restart): what surfaces report as "store unavailable, retrying". */
    readonly status: StoreStatus = new StoreStatus(),
  ) {}

  async close(): Promise<void> {
    await this.db.destroy();
  }

  // Runs --------------------------------------------------------------------

  /** Items come as an iterable so a large dataset is written in chunks, never copied whole. */
  async createRun(record: NewRun, providers: readonly RunProvider[], tasks: readonly RunTask[], items: Iterable<StoredItem>) {
    const now = new Date().toISOString();
    const run: Insertable<RunsTable> = {
      id: record.id,
      name: record.name,
      status: 'running',
      created_at: now,
      updated_at: now,
      finished_at: null,
      config_text: record.configText,
      config_hash: record.configHash,
      options_json: JSON.stringify(record.options),
      heng_version: record.hengVersion,
      planned: record.planned,
      summary_json: null,
    };
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('runs').values(run).execute();
      if (providers.length)
        await tx
          .insertInto('run_providers')
          .values(providers.map((p) => encodeRunProvider(record.id, p)))
          .execute();
      if (tasks.length)
        await tx
          .insertInto('run_tasks')
          .values(tasks.map((t) => encodeRunTask(record.id, t)))
          .execute();
      let chunk: Insertable<ItemsTable>[] = [];
      for (const item of items) {
        chunk.push(encodeItem(record.id, item));
        if (chunk.length === 200) {
          await tx.insertInto('items').values(chunk).execute();
          chunk = [];
        }
      }
      if (chunk.length) await tx.insertInto('items').values(chunk).execute();
    });
  }

  /** Status only; `finished` stamps finished_at. The summary is written by setRunSummary alone. */
  async setRunStatus(id: string, status: RunStatus, extra: { finished?: boolean } = {}) {
    const now = new Date().toISOString();
    await this.db
      .updateTable('runs')
      .set({ status, updated_at: now, ...(extra.finished ? { finished_at: now } : {}) })
      .where('id', '=', id)
      .execute();
  }

  /**
   * A cheap fingerprint of everything a summary is computed from: results,
   * safety judgments and decided reviews. Results and judgments are never
   * rewritten, only added; a review is decided once.
   */
  async summaryInputs(runId: string): Promise<string> {
    const count = async (table: 'results' | 'safety_judgments' | 'safety_reviews', decided = false) => {
      let q = this.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('run_id', '=', runId);
      if (decided) q = q.where('decided_at', 'is not', null);
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    const [results, judgments, decided] = await Promise.all([count('results'), count('safety_judgments'), count('safety_reviews', true)]);
    return `${results}/${judgments}/${decided}`;
  }

  /** Keep a run's summary (src/summary/ computes it) so lists read it without touching results. */
  async setRunSummary(id: string, summary: RunSummary): Promise<void> {
    await this.db
      .updateTable('runs')
      .set({ summary_json: JSON.stringify(summary) })
      .where('id', '=', id)
      .execute();
  }

  async getRun(idOrLatest: string): Promise<Run | undefined> {
    let q = this.db.selectFrom('runs').selectAll();
    q = idOrLatest === 'latest' ? q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1) : q.where('id', '=', idOrLatest);
    const row = await q.executeTakeFirst();
    return row && decodeRun(row);
  }

  async listRuns(limit = 50): Promise<Run[]> {
    return (await this.db.selectFrom('runs').selectAll().orderBy('created_at', 'desc').limit(limit).execute()).map(decodeRun);
  }

  async runProviders(runId: string): Promise<RunProvider[]> {
    return (await this.db.selectFrom('run_providers').selectAll().where('run_id', '=', runId).orderBy('provider_id').execute()).map(decodeRunProvider);
  }

  async runTasks(runId: string): Promise<RunTask[]> {
    return (await this.db.selectFrom('run_tasks').selectAll().where('run_id', '=', runId).orderBy('task_id').execute()).map(decodeRunTask);
  }

  async items(runId: string): Promise<StoredItem[]> {
    return (await this.db.selectFrom('items').selectAll().where('run_id', '=', runId).orderBy('task_id').orderBy('idx').execute()).map(decodeItem);
  }

  /** One item of a run. */
  async item(runId: string, taskId: string, itemId: string): Promise<StoredItem | undefined> {
    const row = await this.db.selectFrom('items').selectAll().where('run_id', '=', runId).where('task_id', '=', taskId).where('item_id', '=', itemId).executeTakeFirst();
    return row && decodeItem(row);
  }

  /** The items of a run as (task, item) keys, in the order planned. */
  async itemKeys(runId: string): Promise<Array<Pick<StoredItem, 'taskId' | 'itemId'>>> {
    const rows = await this.db.selectFrom('items').select(['task_id', 'item_id']).where('run_id', '=', runId).orderBy('task_id').orderBy('idx').execute();
    return rows.map((r) => ({ taskId: r.task_id, itemId: r.item_id }));
  }

  // Results -----------------------------------------------------------------

  /** Keys of results already committed: what `--resume` skips. */
  async doneKeys(runId: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('results').select(['task_id', 'item_id', 'provider_id', 'repeat']).where('run_id', '=', runId).execute();
    return new Set(rows.map(resultKey));
  }

  async countResults(runId: string): Promise<number> {
    const r = await this.db
      .selectFrom('results')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('run_id', '=', runId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * Count, provider errors and spend of the committed results: progress seen
   * from any machine. The spend is the answers' cost plus the judge requests
   * their scorers made (what the budget caps).
   */
  async resultTotals(runId: string): Promise<{ count: number; errors: number; costCny: number }> {
    const r = await this.db
      .selectFrom('results')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>(eb.case().when('outcome', '=', 'error').then(1).else(0).end()).as('errors'), eb.fn.sum<number>('cost_cny').as('cost')])
      .where('run_id', '=', runId)
      .executeTakeFirstOrThrow();
    const judged = await this.db
      .selectFrom('attempts')
      .select((eb) => eb.fn.sum<number>('cost_cny').as('cost'))
      .where('run_id', '=', runId)
      .where('role', '=', 'judge')
      .executeTakeFirstOrThrow();
    return { count: Number(r.n), errors: Number(r.errors ?? 0), costCny: Number(r.cost ?? 0) + Number(judged.cost ?? 0) };
  }

  /** Per judge: the requests scorers made to it in a run, for the report's judging section. */
  async judgeTotals(runId: string): Promise<JudgeTotals[]> {
    const rows = await this.db
      .selectFrom('attempts')
      .select((eb) => [
        'provider_id',
        eb.fn.sum<number>(eb.case().when('cached', '=', 0).then(1).else(0).end()).as('sent'),
        eb.fn.sum<number>('cached').as('cached'),
        eb.fn.sum<number>(eb.case().when('status', '!=', 'ok').then(1).else(0).end()).as('failed'),
        eb.fn.sum<number>(eb.case().when('cached', '=', 0).then(eb.ref('input_tokens')).else(0).end()).as('input_tokens'),
        eb.fn.sum<number>(eb.case().when('cached', '=', 0).then(eb.ref('output_tokens')).else(0).end()).as('output_tokens'),
        eb.fn.sum<number>('cost_cny').as('cost'),
        // A reply whose price is unknown makes the judge's total unknown, never 0.
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb('cached', '=', 0), eb('status', '=', 'ok'), eb('cost_cny', 'is', null)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('unpriced'),
      ])
      .where('run_id', '=', runId)
      .where('role', '=', 'judge')
      .groupBy('provider_id')
      .orderBy('provider_id')
      .execute();
    return rows.map((r) => ({
      judge: r.provider_id,
      requests: Number(r.sent ?? 0),
      cached: Number(r.cached ?? 0),
      failed: Number(r.failed ?? 0),
      inputTokens: Number(r.input_tokens ?? 0),
      outputTokens: Number(r.output_tokens ?? 0),
      costCny: Number(r.unpriced ?? 0) > 0 ? null : Number(r.cost ?? 0),
    }));
  }

  /** Which of one provider's units in one task are already committed (as `resultKey`s). */
  async doneKeysAmong(runId: string, taskId: string, providerId: string, itemIds: string[]): Promise<Set<string>> {
    const done = new Set<string>();
    for (const chunk of chunks([...new Set(itemIds)], 500)) {
      const rows = await this.db
        .selectFrom('results')
        .select(['task_id', 'item_id', 'provider_id', 'repeat'])
        .where('run_id', '=', runId)
        .where('task_id', '=', taskId)
        .where('provider_id', '=', providerId)
        .where('item_id', 'in', chunk)
        .execute();
      for (const r of rows) done.add(resultKey(r));
    }
    return done;
  }

  /** A run's status alone: cheap enough for workers to poll (cancel). */
  async getRunStatus(id: string): Promise<RunStatus | undefined> {
    const row = await this.db.selectFrom('runs').select('status').where('id', '=', id).executeTakeFirst();
    return row?.status;
  }

  /**
   * Status and options: what workers re-read to follow cancel and budget
   * changes. `optionsKey` is the stored text: equal keys, equal options.
   */
  async getRunControl(id: string): Promise<{ status: RunStatus; options: StoredRunOptions; optionsKey: string } | undefined> {
    const row = await this.db.selectFrom('runs').select(['status', 'options_json']).where('id', '=', id).executeTakeFirst();
    return row && { status: row.status, options: JSON.parse(row.options_json) as StoredRunOptions, optionsKey: row.options_json };
  }

  /** Replace a run's options (a resume with a new --budget, say); false when they are unchanged. */
  async setRunOptions(id: string, options: StoredRunOptions): Promise<boolean> {
    const json = JSON.stringify(options);
    const row = await this.db.selectFrom('runs').select('options_json').where('id', '=', id).executeTakeFirst();
    if (row?.options_json === json) return false;
    await this.db.updateTable('runs').set({ options_json: json, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
    return true;
  }

  /** Just what the summary's figures need (src/summary/figures.ts): no answers, no JSON. */
  async scoreRows(runId: string): Promise<Array<Pick<StoredResult, 'task_id' | 'item_id' | 'provider_id' | 'repeat' | 'outcome' | 'score'>>> {
    // Pages in primary-key order (task, item, provider, repeat): the index gives the order, no sort,
    // and no page holds more than a few thousand rows in the driver at once.
    const out: Array<Pick<StoredResult, 'task_id' | 'item_id' | 'provider_id' | 'repeat' | 'outcome' | 'score'>> = [];
    for (;;) {
      const last = out.at(-1);
      let q = this.db.selectFrom('results').select(['task_id', 'item_id', 'provider_id', 'repeat', 'outcome', 'score']).where('run_id', '=', runId);
      if (last) q = q.where((eb) => eb(eb.refTuple('task_id', 'item_id', 'provider_id', 'repeat'), '>', eb.tuple(last.task_id, last.item_id, last.provider_id, last.repeat)));
      const page = await q.orderBy('task_id').orderBy('item_id').orderBy('provider_id').orderBy('repeat').limit(SCORE_PAGE).execute();
      for (const r of page) out.push(r);
      if (page.length < SCORE_PAGE) return out;
    }
  }

  /** Items that share a cluster (a passage, CircularEval rotations): what resampling keeps together. */
  async clusteredItems(runId: string): Promise<Array<Pick<StoredItem, 'taskId' | 'itemId' | 'cluster'>>> {
    const rows = await this.db.selectFrom('items').select(['task_id', 'item_id', 'cluster']).where('run_id', '=', runId).where('cluster', 'is not', null).execute();
    return rows.map((r) => ({ taskId: r.task_id, itemId: r.item_id, cluster: r.cluster }));
  }

  async results(runId: string): Promise<StoredResult[]> {
    return (await this.db.selectFrom('results').selectAll().where('run_id', '=', runId).orderBy('task_id').orderBy('provider_id').orderBy('item_id').orderBy('repeat').execute()).map(decodeResult);
  }

  /** One item's results (every provider's, or those of `providers`; every repeat, or one), by provider then repeat. */
  async itemResults(runId: string, taskId: string, itemId: string, o: { providers?: readonly string[]; repeat?: number } = {}): Promise<StoredResult[]> {
    let q = this.db.selectFrom('results').selectAll().where('run_id', '=', runId).where('task_id', '=', taskId).where('item_id', '=', itemId);
    if (o.providers) q = q.where('provider_id', 'in', o.providers.length ? [...o.providers] : ['']);
    if (o.repeat !== undefined) q = q.where('repeat', '=', o.repeat);
    return (await q.orderBy('provider_id').orderBy('repeat').execute()).map(decodeResult);
  }

  /** Which of `providers` answered which item (a stored output) in one repeat: (task, item, provider) keys by task and item. */
  async answeredKeys(runId: string, o: { providers: readonly string[]; repeat: number; taskId?: string }): Promise<Array<{ taskId: string; itemId: string; providerId: string }>> {
    if (!o.providers.length) return [];
    let q = this.db
      .selectFrom('results')
      .select(['task_id', 'item_id', 'provider_id'])
      .where('run_id', '=', runId)
      .where('repeat', '=', o.repeat)
      .where('raw_output', 'is not', null)
      .where('provider_id', 'in', [...o.providers]);
    if (o.taskId) q = q.where('task_id', '=', o.taskId);
    const rows = await q.orderBy('task_id').orderBy('item_id').execute();
    return rows.map((r) => ({ taskId: r.task_id, itemId: r.item_id, providerId: r.provider_id }));
  }

  /** Units (task, item, provider, repeat) any of whose answer turns came from the response cache (src/store/timing.ts). */
  async cachedAnswerKeys(runId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('attempts')
      .select(['task_id', 'item_id', 'provider_id', 'repeat'])
      .where('run_id', '=', runId)
      .where('role', '=', 'answer')
      .where('cached', '=', 1)
      .distinct()
      .execute();
    return new Set(rows.map(unitKey));
  }

  async attempts(runId: string): Promise<StoredAttempt[]> {
    return this.db.selectFrom('attempts').selectAll().where('run_id', '=', runId).orderBy('id').execute();
  }

  /**
   * Commit finished work. Results are idempotent on their key (a retried
   * job rewrites the same row), so a result exists exactly once.
   */
  async write(batch: WriteBatch): Promise<void> {
    if (!batch.results.length && !batch.attempts.length && !batch.cache.length) return;
    await this.db.transaction().execute(async (tx) => {
      for (const chunk of chunks(batch.attempts, 100)) await tx.insertInto('attempts').values(chunk).execute();
      for (const chunk of chunks(batch.results, 60))
        await tx
          .insertInto('results')
          .values(chunk)
          .onConflict((oc) => oc.columns(['run_id', 'task_id', 'item_id', 'provider_id', 'repeat']).doNothing())
          .execute();
      const now = new Date().toISOString();
      for (const chunk of chunks(batch.cache, 200))
        await tx
          .insertInto('cache')
          .values(chunk.map((c) => ({ ...c, created_at: now })))
          .onConflict((oc) => oc.column('key').doNothing())
          .execute();
    });
  }

  // Response cache ------------------------------------------------------------

  async cacheGet(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('cache').select('response_json').where('key', '=', key).executeTakeFirst();
    return row?.response_json;
  }

  /** Keep one reply (JSON text) under its key; the first kept stays. */
  async cachePut(key: string, responseJson: string): Promise<void> {
    await this.write({ results: [], attempts: [], cache: [{ key, response_json: responseJson }] });
  }

  async transaction<T>(fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  /** Commit finished units in one transaction, as rows mapped in ./outcome.ts. */
  async commitUnits(units: readonly UnitOutcome[]): Promise<void> {
    await this.write(unitRows(units));
  }
}

/** Rows per page of Store.scoreRows. */
const SCORE_PAGE = 5000;

function* chunks<T>(xs: T[], size: number): Generator<T[]> {
  for (let i = 0; i < xs.length; i += size) yield xs.slice(i, i + size);
}
