// The safety tables (migration 0003) as small typed functions over the
// store's Kysely db, for the CLI now and the REST server later
// (docs/safety.md, "Review queue").
import type { Kysely } from 'kysely';
import { InputError } from '../errors.js';
import type { Database, SafetyReviewsTable } from '../store/schema.js';
import type { Judgment, SafetyBank } from './judgment.js';
import { LABELS } from './judgment.js';

export interface UnitKey {
  run_id: string;
  task_id: string;
  item_id: string;
  provider_id: string;
  repeat: number;
}

/** A row of safety_reviews, with its bank typed. */
export type ReviewRow = Omit<SafetyReviewsTable, 'bank'> & { bank: SafetyBank };

export interface JudgmentRow extends UnitKey {
  judgment: Judgment;
}

export async function saveSafetyRun(db: Kysely<Database>, runId: string, meta: unknown): Promise<void> {
  await db
    .insertInto('safety_runs')
    .values({ run_id: runId, meta_json: JSON.stringify(meta), created_at: new Date().toISOString() })
    .execute();
}

export async function getSafetyRun<T = unknown>(db: Kysely<Database>, runId: string): Promise<T | undefined> {
  const row = await db.selectFrom('safety_runs').select('meta_json').where('run_id', '=', runId).executeTakeFirst();
  return row ? (JSON.parse(row.meta_json) as T) : undefined;
}

/** Stores judgments and opens a review item for each one that asks for it. Idempotent per unit. */
export async function saveJudgments(db: Kysely<Database>, rows: readonly JudgmentRow[], now = new Date()): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      await tx
        .insertInto('safety_judgments')
        .values(chunk.map(({ judgment: j, ...key }) => ({ ...key, bank: j.bank, label: j.label, decided_by: j.decidedBy, judgment_json: JSON.stringify(j), created_at: at })))
        .onConflict((oc) => oc.columns(['run_id', 'task_id', 'item_id', 'provider_id', 'repeat']).doNothing())
        .execute();
      const reviews = chunk.filter((r) => r.judgment.review);
      if (reviews.length)
        await tx
          .insertInto('safety_reviews')
          .values(
            reviews.map(({ judgment: j, ...key }) => ({
              ...key,
              bank: j.bank,
              reason: j.review!,
              rule_label: j.rule.label,
              judge_label: j.judge?.label ?? null,
              human_label: null,
              reviewer: null,
              note: null,
              created_at: at,
              decided_at: null,
            })),
          )
          .onConflict((oc) => oc.columns(['run_id', 'task_id', 'item_id', 'provider_id', 'repeat']).doNothing())
          .execute();
    }
  });
}

export async function loadJudgments(db: Kysely<Database>, runId: string): Promise<JudgmentRow[]> {
  const rows = await db.selectFrom('safety_judgments').selectAll().where('run_id', '=', runId).orderBy('task_id').orderBy('provider_id').orderBy('item_id').orderBy('repeat').execute();
  return rows.map((r) => ({ run_id: r.run_id, task_id: r.task_id, item_id: r.item_id, provider_id: r.provider_id, repeat: r.repeat, judgment: JSON.parse(r.judgment_json) as Judgment }));
}

/** Review items of a run; `open: true` only those no person has decided yet. */
export async function listReviews(db: Kysely<Database>, runId: string, filter: { open?: boolean } = {}): Promise<ReviewRow[]> {
  let q = db.selectFrom('safety_reviews').selectAll().where('run_id', '=', runId);
  if (filter.open) q = q.where('decided_at', 'is', null);
  const rows = await q.orderBy('task_id').orderBy('provider_id').orderBy('item_id').orderBy('repeat').execute();
  return rows as ReviewRow[];
}

/** Records a person's label; it takes precedence over rules and judge in every metric. */
/** The columns that name one unit, as equalities for a where clause. */
const unitIs = (k: UnitKey) => ({ run_id: k.run_id, task_id: k.task_id, item_id: k.item_id, provider_id: k.provider_id, repeat: k.repeat });

export async function decideReview(db: Kysely<Database>, key: UnitKey, decision: { label: string; reviewer: string; note?: string; now?: Date }): Promise<ReviewRow> {
  const row = await db
    .selectFrom('safety_reviews')
    .selectAll()
    .where((eb) => eb.and(unitIs(key)))
    .executeTakeFirst();
  if (!row) throw new InputError(`no review item ${key.task_id}/${key.item_id}/${key.provider_id} in run ${key.run_id}`, { field: 'review' });
  const allowed = LABELS[row.bank as SafetyBank];
  if (!allowed.includes(decision.label)) throw new InputError(`"${decision.label}" is not a label for the ${row.bank} bank`, { field: 'label' }, `use one of ${allowed.join(', ')}`);
  if (!decision.reviewer.trim()) throw new InputError("a review needs the reviewer's name", { field: 'reviewer' });
  const decided = { human_label: decision.label, reviewer: decision.reviewer.trim(), note: decision.note ?? null, decided_at: (decision.now ?? new Date()).toISOString() };
  await db
    .updateTable('safety_reviews')
    .set(decided)
    .where((eb) => eb.and(unitIs(key)))
    .execute();
  return { ...(row as ReviewRow), ...decided };
}

export const unitKeyString = (k: Omit<UnitKey, 'run_id'>) => `${k.task_id}\u0000${k.item_id}\u0000${k.provider_id}\u0000${k.repeat}`;
