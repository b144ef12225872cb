// Per-cell intervals: repeats of one item (and items sharing a cluster) are
// not independent, so the report resamples whole clusters for them; plain
// pass/fail tasks keep the Wilson interval.
import { afterEach, expect, it } from 'vitest';
import { buildReport } from '../../src/report/model.js';
import { wilson } from '../../src/stats/index.js';
import { openStore } from '../../src/store/open.js';
import type { NewResult, Store } from '../../src/store/store.js';
import { testDb } from '../helpers/test-db.js';
import { runRecord } from '../helpers/run-record.js';

let store: Store | undefined;
afterEach(async () => store?.close());

/** 10 items; items 0–4 always right, 5–9 always wrong, on every repeat. */
async function run(repeats: number, cluster?: (i: number) => string | null) {
  store = await openStore(await testDb());
  const now = '2026-11-29T00:00:00.000Z';
  const runId = `r${repeats}`;
  const items = Array.from({ length: 10 }, (_, i) => ({ taskId: 't', itemId: `q${i}`, idx: i, fields: {}, target: 'A', cluster: cluster?.(i) ?? null }));
  await store.createRun(
    runRecord(runId, { name: 'intervals', planned: 10 * repeats, options: { seed: 7, repeats } }),
    [{ providerId: 'p', identity: 'id-p', model: 'm', label: null, entry: {}, price: null, requestMappings: [] }],
    [{ taskId: 't', tags: {}, taskHash: 'th', datasetHash: 'dh', itemCount: 10 }],
    items,
  );
  const results: NewResult[] = [];
  for (let i = 0; i < 10; i++)
    for (let repeat = 0; repeat < repeats; repeat++) {
      const right = i < 5;
      results.push({
        run_id: runId,
        task_id: 't',
        item_id: `q${i}`,
        provider_id: 'p',
        repeat,
        status: 'ok',
        outcome: right ? 'correct' : 'wrong',
        score: right ? 1 : 0,
        raw_output: 'A',
        reasoning: null,
        extracted: 'A',
        rule: 'mc.bare',
        scores_json: null,
        turns_json: null,
        finish_reason: 'stop',
        latency_ms: 1,
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
    }
  await store.write({ results, attempts: [], cache: [] });
  await store.setRunStatus(runId, 'done', { finished: true });
  return buildReport(store, (await store.getRun(runId))!);
}

it('one answer per item: Wilson', async () => {
  const m = await run(1);
  expect(m.summary[0]).toMatchObject({ n: 10, score: 0.5, method: 'wilson', ci95: wilson(5, 10) });
});

it('four repeats of each item: whole items are resampled, and the interval is as wide as ten items allow', async () => {
  const m = await run(4);
  const cell = m.summary[0];
  expect(cell).toMatchObject({ n: 40, score: 0.5, method: 'cluster-bootstrap' });
  const [lo, hi] = cell.ci95!;
  const naive = wilson(20, 40); // what treating 40 dependent answers as independent would claim
  expect(hi - lo).toBeGreaterThan(naive[1] - naive[0]);
  // Ten independent items with 5 right: about ±0.3 around 0.5.
  expect(lo).toBeLessThan(0.3);
  expect(hi).toBeGreaterThan(0.7);
  expect(m.overall[0].method).toBe('cluster-bootstrap');
  // Same seed, same interval.
  expect((await run(4)).summary[0].ci95).toEqual(cell.ci95);
});

it('items sharing a cluster are resampled together', async () => {
  // Two clusters: all right items in one, all wrong in the other.
  const m = await run(1, (i) => (i < 5 ? 'passage-1' : 'passage-2'));
  expect(m.summary[0]).toMatchObject({ n: 10, method: 'cluster-bootstrap' });
  const [lo, hi] = m.summary[0].ci95!;
  expect(hi - lo).toBeGreaterThan(wilson(5, 10)[1] - wilson(5, 10)[0]);
});
