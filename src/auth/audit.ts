// The audit log: who started, changed or exported what. Details are plain
// facts chosen by the caller; secrets never go in (callers pass ids and
// field names, not values).
import type { Kysely } from 'kysely';
import type { AuditEntry } from '../api/contract.js';
import type { Database } from '../store/schema.js';

export type { AuditEntry };

export async function audit(db: Kysely<Database>, who: { id: string; name: string } | null, action: string, target: string | null, details?: Record<string, unknown>): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at: new Date().toISOString(), user_id: who?.id ?? null, user_name: who?.name ?? null, action, target, details_json: details ? JSON.stringify(details) : null })
    .execute();
}

export async function listAudit(db: Kysely<Database>, o: { limit: number; beforeId?: number; action?: string; userId?: string }): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(o.limit);
  if (o.beforeId !== undefined) q = q.where('id', '<', o.beforeId);
  if (o.action) q = q.where('action', '=', o.action);
  if (o.userId) q = q.where('user_id', '=', o.userId);
  const rows = await q.execute();
  return rows.map((r) => ({ id: Number(r.id), at: r.at, userId: r.user_id, userName: r.user_name, action: r.action, target: r.target, details: r.details_json ? JSON.parse(r.details_json) : null }));
}

/** The audit log of one store, for the server context and the CLI (details decoded on the way out). */
export class AuditLog {
  private readonly db: Kysely<Database>;
  /** Aggregated rows of this process: key → the row counting its window's events. */
  private readonly windows = new Map<string, { until: number; count: number; rows: number; lastAt: number; details: Record<string, unknown>; writes: Promise<number | undefined> }>();
  constructor(store: { readonly db: Kysely<Database> }) {
    this.db = store.db;
  }

  /**
   * One row per `key` and window for events that may come by the thousand
   * (throttled sign-ins, result pages read): the first writes the row, the
   * rest raise its `attempts` (and `rows`, when given) and `lastAt`. A flood
   * costs one row per window, not one per request. The window is claimed
   * before the first await, and a key's writes run one after another, each
   * writing the latest count: concurrent requests can neither add a second
   * row nor leave an older count last.
   */
  async recordAggregated(
    who: { id: string; name: string } | null,
    action: string,
    target: string | null,
    o: { key: string; windowMs: number; now: number; details: Record<string, unknown>; rows?: number },
  ): Promise<void> {
    for (const [k, w] of this.windows) if (w.until <= o.now) this.windows.delete(k);
    const key = `${action}\u0000${o.key}`;
    const counted = o.rows !== undefined;
    const state = (w: { count: number; rows: number; lastAt?: number; details: Record<string, unknown> }) =>
      JSON.stringify({ ...w.details, attempts: w.count, ...(counted ? { rows: w.rows } : {}), ...(w.lastAt === undefined ? {} : { lastAt: new Date(w.lastAt).toISOString() }) });
    const w = this.windows.get(key);
    if (w) {
      w.count++;
      w.rows += o.rows ?? 0;
      w.lastAt = o.now;
      w.details = o.details;
      const update = w.writes.then(async (id) => {
        if (id !== undefined)
          await this.db
            .updateTable('audit_log')
            .set({ details_json: state(w) })
            .where('id', '=', id)
            .execute();
        return id;
      });
      w.writes = update.catch(() => undefined);
      await update;
      return;
    }
    const first = { count: 1, rows: o.rows ?? 0, details: o.details };
    const insert = this.db
      .insertInto('audit_log')
      .values({ at: new Date(o.now).toISOString(), user_id: who?.id ?? null, user_name: who?.name ?? null, action, target, details_json: state(first) })
      .returning('id')
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.id));
    this.windows.set(key, { ...first, until: o.now + o.windowMs, lastAt: o.now, writes: insert.catch(() => undefined) });
    await insert;
  }

  record = (who: { id: string; name: string } | null, action: string, target: string | null, details?: Record<string, unknown>) => audit(this.db, who, action, target, details);
  list = (o: { limit: number; beforeId?: number; action?: string; userId?: string }) => listAudit(this.db, o);
}
