// Which answers were timed in this run. An answer served from the response
// cache (src/engine/cache.ts, on by default) carries the latency of the run
// that first asked for it: averaging it in would report old figures as
// measured now. Latency and TTFT therefore count only answers whose every
// turn was sent in this run; the others are counted apart as cached.
// Every surface (report model, scorecard, cost) reads timings through here.
import type { StoredResult as ResultRow } from './records.js';

type UnitKey = Pick<ResultRow, 'task_id' | 'item_id' | 'provider_id' | 'repeat'>;

export const unitKey = (r: UnitKey) => `${r.task_id}\u0000${r.item_id}\u0000${r.provider_id}\u0000${r.repeat}`;

/** The rows with the timings of cached answers removed (latency, TTFT, tokens/s null); other fields unchanged. */
export function timedRows<R extends ResultRow>(rows: readonly R[], cached: ReadonlySet<string>): R[] {
  if (!cached.size) return [...rows];
  return rows.map((r) => (cached.has(unitKey(r)) ? { ...r, latency_ms: null, ttft_ms: null, tokens_per_second: null } : r));
}

/** Answered rows (status ok) whose answer came, wholly or in part, from the cache. */
export const cachedCount = (rows: readonly ResultRow[], cached: ReadonlySet<string>) => (cached.size ? rows.filter((r) => r.status === 'ok' && cached.has(unitKey(r))).length : 0);
