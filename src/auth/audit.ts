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
  constructor(store: { readonly db: Kysely<Database> }) {
    this.db = store.db;
  }
  record = (who: { id: string; name: string } | null, action: string, target: string | null, details?: Record<string, unknown>) => audit(this.db, who, action, target, details);
  list = (o: { limit: number; beforeId?: number; action?: string; userId?: string }) => listAudit(this.db, o);
}
