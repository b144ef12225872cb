// A finished run written straight into a real SQLite file: three providers'
// answers to a few items, for arena and pairwise-judge tests.
import { openStore } from '../../src/store/open.js';
import type { NewResult, Store } from '../../src/store/store.js';
import { testDb } from '../helpers/test-db.js';
import { runRecord } from '../helpers/run-record.js';

export interface FixtureItem {
  id: string;
  fields: Record<string, unknown>;
  target?: string;
  /** provider → answer; absent or null = that provider failed on the item. */
  answers: Record<string, string | null>;
}

export async function runFixture(items: FixtureItem[], providers = ['p1', 'p2', 'p3'], runId = 'run-1'): Promise<{ store: Store; runId: string; db: string }> {
  const db = await testDb(undefined, 'h.db');
  const store = await openStore(db);
  const now = '2026-11-29T00:00:00.000Z';
  await store.createRun(
    runRecord(runId, { name: 'arena', planned: items.length * providers.length, options: { seed: 42 } }),
    providers.map((p) => ({ providerId: p, identity: `id-${p}`, model: `model-${p}`, label: null, entry: {}, price: null, requestMappings: [] })),
    [{ taskId: 't', tags: {}, taskHash: 'th', datasetHash: 'dh', itemCount: items.length }],
    items.map((it, idx) => ({ taskId: 't', itemId: it.id, idx, fields: it.fields, target: it.target, cluster: null })),
  );
  const results: NewResult[] = [];
  for (const it of items)
    for (const p of providers) {
      const answer = it.answers[p];
      if (answer === undefined) continue;
      results.push({
        run_id: runId,
        task_id: 't',
        item_id: it.id,
        provider_id: p,
        repeat: 0,
        status: answer === null ? 'server_error' : 'ok',
        outcome: answer === null ? 'error' : 'correct',
        score: answer === null ? null : 1,
        raw_output: answer,
        reasoning: null,
        extracted: null,
        rule: null,
        scores_json: null,
        turns_json: null,
        finish_reason: null,
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
  return { store, runId, db };
}
