// Load sweeps in the store: written once when a sweep ends, read by
// `heng load --list`, the report (latency chart) and the scorecard.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { LoadStep, StopReason, SweepResult } from './sweep.js';
import type { Knee } from './knee.js';

export interface LoadRecord {
  id: string;
  provider: string;
  identity: string;
  model: string;
  createdAt: string;
  finishedAt: string;
  options: Record<string, unknown>;
  stop: StopReason;
  knee: Knee;
  requestsSent: number;
  hengVersion: string;
  steps: LoadStep[];
}

export async function saveLoad(db: Kysely<Database>, rec: LoadRecord): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('load_runs')
      .values({
        id: rec.id,
        provider_id: rec.provider,
        identity: rec.identity,
        model: rec.model,
        created_at: rec.createdAt,
        finished_at: rec.finishedAt,
        options_json: JSON.stringify(rec.options),
        stop_reason: rec.stop,
        knee_concurrency: rec.knee.concurrency,
        knee_reason: rec.knee.reason,
        knee_detail: rec.knee.detail,
        requests_sent: rec.requestsSent,
        heng_version: rec.hengVersion,
      })
      .execute();
    if (rec.steps.length)
      await tx
        .insertInto('load_steps')
        .values(
          rec.steps.map((s) => ({
            load_id: rec.id,
            step: s.step,
            concurrency: s.concurrency,
            duration_ms: s.durationMs,
            sent: s.sent,
            ok: s.ok,
            errors: s.errors,
            error_rate: s.errorRate,
            errors_json: JSON.stringify(s.errorsByStatus),
            throughput_rps: s.throughputRps,
            output_tokens_per_second: s.outputTokensPerSecond,
            latency_p50_ms: s.latencyMs.p50,
            latency_p95_ms: s.latencyMs.p95,
            latency_p99_ms: s.latencyMs.p99,
            ttft_p50_ms: s.ttftMs.p50,
            ttft_p95_ms: s.ttftMs.p95,
            ttft_p99_ms: s.ttftMs.p99,
            stream_tokens_per_second: s.streamTokensPerSecond,
            budget_limited: s.budgetLimited ? 1 : 0,
            complete: s.complete ? 1 : 0,
          })),
        )
        .execute();
  });
}

/** Sweeps, newest first; only those of these provider identities when given. */
export async function listLoads(db: Kysely<Database>, opts: { identities?: string[]; id?: string; limit?: number } = {}): Promise<LoadRecord[]> {
  let q = db.selectFrom('load_runs').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (opts.identities) {
    if (!opts.identities.length) return [];
    q = q.where('identity', 'in', opts.identities);
  }
  if (opts.id) q = q.where('id', '=', opts.id);
  const runs = await q.limit(opts.limit ?? 100).execute();
  if (!runs.length) return [];
  const steps = await db
    .selectFrom('load_steps')
    .selectAll()
    .where(
      'load_id',
      'in',
      runs.map((r) => r.id),
    )
    .orderBy('load_id')
    .orderBy('step')
    .execute();
  return runs.map((r) => ({
    id: r.id,
    provider: r.provider_id,
    identity: r.identity,
    model: r.model,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    options: JSON.parse(r.options_json),
    stop: r.stop_reason as StopReason,
    knee: { concurrency: r.knee_concurrency, reason: r.knee_reason as Knee['reason'], detail: r.knee_detail },
    requestsSent: Number(r.requests_sent),
    hengVersion: r.heng_version,
    steps: steps
      .filter((s) => s.load_id === r.id)
      .map((s) => ({
        step: Number(s.step),
        concurrency: Number(s.concurrency),
        durationMs: Number(s.duration_ms),
        sent: Number(s.sent),
        ok: Number(s.ok),
        errors: Number(s.errors),
        errorRate: Number(s.error_rate),
        errorsByStatus: JSON.parse(s.errors_json),
        throughputRps: Number(s.throughput_rps),
        outputTokensPerSecond: Number(s.output_tokens_per_second),
        latencyMs: { p50: num(s.latency_p50_ms), p95: num(s.latency_p95_ms), p99: num(s.latency_p99_ms) },
        ttftMs: { p50: num(s.ttft_p50_ms), p95: num(s.ttft_p95_ms), p99: num(s.ttft_p99_ms) },
        streamTokensPerSecond: num(s.stream_tokens_per_second),
        budgetLimited: !!s.budget_limited,
        complete: !!s.complete,
      })),
  }));
}

/** The newest sweep of each identity. */
export async function latestLoadByIdentity(db: Kysely<Database>, identities: string[]): Promise<Map<string, LoadRecord>> {
  const out = new Map<string, LoadRecord>();
  for (const rec of await listLoads(db, { identities, limit: 1000 })) if (!out.has(rec.identity)) out.set(rec.identity, rec);
  return out;
}

export type { SweepResult };
const num = (x: number | null) => (x === null ? null : Number(x));

/** The load sweeps of one store, for `heng load` (which holds no database). */
export class LoadSweeps {
  private readonly db: Kysely<Database>;
  constructor(store: { readonly db: Kysely<Database> }) {
    this.db = store.db;
  }
  save = (rec: LoadRecord) => saveLoad(this.db, rec);
  list = (opts?: { identities?: string[]; id?: string; limit?: number }) => listLoads(this.db, opts);
}
