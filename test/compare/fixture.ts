// A small finished run with known discordant pairs, written through the real store.
import type { NewResult, Store } from '../../src/store/store.js';
import { runRecord } from '../helpers/run-record.js';

export const RUN_ID = 'run-compare';
const now = '2026-01-01T00:00:00.000Z';

/** Pass/fail per item index for each provider; `null` = no result row; a string = that non-scored outcome. */
export type Plan = Record<string, Array<boolean | null | 'error' | 'content_filtered'>>;

/**
 * 20 items. a passes 0–14. b passes 8–15 (so a-only passes: 0–7 = 8, b-only: 15 = 1)
 * and errs on 19. c copies a but has no result on 18.
 */
export function standardPlan(): Plan {
  const a = Array.from({ length: 20 }, (_, i) => i < 15);
  const b: Plan[string] = Array.from({ length: 20 }, (_, i) => i >= 8 && i <= 15);
  b[19] = 'error';
  const c: Plan[string] = [...a];
  c[18] = null;
  return { a, b, c };
}

export async function writeRun(store: Store, plan: Plan, opts: { clusters?: (i: number) => string | null; seed?: number; task?: string } = {}) {
  const task = opts.task ?? 't';
  const providers = Object.keys(plan);
  const size = Math.max(...Object.values(plan).map((p) => p.length));
  await store.createRun(
    runRecord(RUN_ID, { name: 'compare', planned: size * providers.length, options: { seed: opts.seed ?? 7 } }),
    providers.map((p) => ({ providerId: p, identity: p, model: p, label: null, entry: {}, price: null, requestMappings: [] })),
    [{ taskId: task, tags: {}, taskHash: 'th', datasetHash: 'dh', itemCount: size }],
    Array.from({ length: size }, (_, idx) => ({ taskId: task, itemId: `q${idx}`, idx, fields: {}, target: 'A', cluster: opts.clusters?.(idx) ?? null })),
  );
  const results: NewResult[] = [];
  for (const [provider, marks] of Object.entries(plan))
    marks.forEach((mark, i) => {
      if (mark === null) return;
      const scored = typeof mark === 'boolean';
      results.push({
        run_id: RUN_ID,
        task_id: task,
        item_id: `q${i}`,
        provider_id: provider,
        repeat: 0,
        status: scored ? 'ok' : mark === 'error' ? 'server_error' : 'content_filtered',
        outcome: scored ? (mark ? 'correct' : 'wrong') : mark,
        score: scored ? (mark ? 1 : 0) : null,
        raw_output: 'x',
        reasoning: null,
        extracted: null,
        rule: null,
        scores_json: null,
        turns_json: null,
        finish_reason: 'stop',
        latency_ms: 10,
        ttft_ms: null,
        tokens_per_second: null,
        input_tokens: 1,
        output_tokens: 1,
        reasoning_tokens: null,
        cost_cny: null,
        error_code: null,
        error_message: null,
        tries: 1,
        created_at: now,
      });
    });
  await store.write({ results, attempts: [], cache: [] });
  await store.setRunStatus(RUN_ID, 'done', { finished: true });
}
