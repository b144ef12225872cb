// The same assertions run against every backend (SQLite here, Postgres in
// test/services), so "works on both" is checked, not assumed.
import { expect, it } from 'vitest';
import { resultKey, type NewResult, type Store } from '../../src/store/store.js';
import { runRecord } from '../helpers/run-record.js';
import { SUMMARY_VERSION, type RunSummary } from '../../src/store/records.js';

export function storeContract(open: () => Promise<Store>) {
  const runId = `run-${Math.random().toString(36).slice(2, 10)}`;
  const now = new Date().toISOString();
  const result = (item: string, outcome = 'correct'): NewResult => ({
    run_id: runId,
    task_id: 't',
    item_id: item,
    provider_id: 'p',
    repeat: 0,
    status: 'ok',
    outcome,
    score: outcome === 'correct' ? 1 : 0,
    raw_output: `answer ${item}`,
    reasoning: null,
    extracted: 'A',
    rule: 'mc.bare',
    scores_json: null,
    turns_json: null,
    finish_reason: 'stop',
    latency_ms: 12.5,
    ttft_ms: null,
    tokens_per_second: null,
    input_tokens: 10,
    output_tokens: 2,
    reasoning_tokens: null,
    cost_cny: 0.001,
    error_code: null,
    error_message: null,
    tries: 1,
    created_at: now,
  });

  it('records a run and writes results exactly once per key', async () => {
    const store = await open();
    try {
      await store.createRun(
        runRecord(runId, { name: 'contract', planned: 3 }),
        [
          { providerId: 'p', identity: 'id', model: 'm', label: null, entry: {}, price: null, requestMappings: [] },
          {
            providerId: 'q',
            identity: 'id-q',
            model: 'glm-4-air',
            label: null,
            entry: {},
            price: null,
            requestMappings: [{ field: 'temperature', from: 0, to: 0.01, reason: 'outside the accepted range (0, 1)' }],
          },
        ],
        [{ taskId: 't', tags: {}, taskHash: 'th', datasetHash: 'dh', itemCount: 3 }],
        ['a', 'b', 'c'].map((id, idx) => ({ taskId: 't', itemId: id, idx, fields: {}, target: 'A', cluster: null })),
      );
      await store.write({ results: [result('a'), result('b', 'wrong')], attempts: [], cache: [{ key: `k-${runId}`, response_json: '{"status":"ok"}' }] });
      // A retried job writes the same key again: still one row.
      await store.write({ results: [result('a', 'wrong')], attempts: [], cache: [{ key: `k-${runId}`, response_json: '{"other":1}' }] });
      expect(await store.countResults(runId)).toBe(2);
      // What a model's rules changed in the request is kept with the run provider.
      const runProviders = await store.runProviders(runId);
      expect(runProviders.map((p) => p.requestMappings)).toEqual([[], [{ field: 'temperature', from: 0, to: 0.01, reason: 'outside the accepted range (0, 1)' }]]);
      const rows = await store.results(runId);
      expect(rows.find((r) => r.item_id === 'a')!.outcome).toBe('correct');
      expect(rows[0].latency_ms).toBeCloseTo(12.5);
      expect([...(await store.doneKeys(runId))].length).toBe(2);
      expect(await store.cacheGet(`k-${runId}`)).toBe('{"status":"ok"}');
      expect(await store.cacheGet('absent')).toBeUndefined();
      expect(await store.resultTotals(runId)).toEqual({ count: 2, errors: 0, costCny: expect.closeTo(0.002, 9) });
      const among = await store.doneKeysAmong(runId, 't', 'p', ['a', 'c', 'a']);
      expect([...among]).toEqual([resultKey({ task_id: 't', item_id: 'a', provider_id: 'p', repeat: 0 })]);
      expect((await store.doneKeysAmong(runId, 't', 'other', ['a'])).size).toBe(0);
      expect(await store.getRunStatus(runId)).toBe('running');
      expect(await store.getRunStatus('absent')).toBeUndefined();
      const options = { ...runRecord(runId, { planned: 3 }).options, budgetCny: 2 };
      expect(await store.setRunOptions(runId, options)).toBe(true);
      expect(await store.setRunOptions(runId, options)).toBe(false);
      expect(await store.getRunControl(runId)).toEqual({ status: 'running', options, optionsKey: JSON.stringify(options) });
      expect(await store.getRunControl('absent')).toBeUndefined();
      await store.write({ results: [result('c', 'error')], attempts: [], cache: [] });
      expect(await store.resultTotals(runId)).toEqual({ count: 3, errors: 1, costCny: expect.closeTo(0.003, 9) });
      await store.setRunStatus(runId, 'done', { finished: true });
      const summary: RunSummary = {
        version: SUMMARY_VERSION,
        kind: 'evaluation',
        basis: { kind: 'task', task: 't' },
        headline: [{ provider: 'p', n: 2, score: 0.5, ci95: [0.1, 0.9], method: 'wilson', errors: 1, truncated: 0 }],
        safety: null,
        inputs: await store.summaryInputs(runId),
      };
      expect(summary.inputs).toBe('3/0/0');
      await store.setRunSummary(runId, summary);
      const run = await store.getRun(runId);
      expect(run).toMatchObject({ status: 'done', summary, planned: 3, options: { budgetCny: 2, seed: 42 } });
      expect(run!.finishedAt).not.toBeNull();
      expect((await store.items(runId)).map((i) => i.itemId)).toEqual(['a', 'b', 'c']);
      expect((await store.listRuns()).some((r) => r.id === runId)).toBe(true);
    } finally {
      await store.close();
    }
  });
}
