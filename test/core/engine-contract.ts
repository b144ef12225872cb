import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { parseConfig } from '../../src/config/load.js';
import { executeRun } from '../../src/runs/execute.js';
import { buildReport } from '../../src/report/model.js';
import { echoAnswer, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

let server: OpenAIServer;
beforeAll(async () => (server = await startOpenAIServer()));
afterAll(() => server.close());

function config(extra = '', run = 'run: { retries: 2, timeoutMs: 400, concurrency: 4 }') {
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-engine-'));
  const items = Array.from({ length: 12 }, (_, i) => JSON.stringify({ id: `q${i}`, question: `${i}`, answer: String(i) })).join('\n');
  writeFileSync(path.join(dir, 'items.jsonl'), items);
  const yaml = `
providers:
  - id: echo
    type: openai-compatible
    baseUrl: ${server.url}/v1
    model: echo-1
    price: { inputPerMillion: 1000, outputPerMillion: 2000 }
${extra}
tasks:
  - id: echo-task
    dataset: items.jsonl
    prompt: { user: "{{question}}" }
    scorers: [{ type: exact }]
    tags: { dimension: demo }
${run}
`;
  writeFileSync(path.join(dir, 'heng.yaml'), yaml);
  return { dir, loaded: parseConfig(yaml, path.join(dir, 'heng.yaml')) };
}

/** The engine's behaviour on a given store; run on SQLite here and on Postgres in test/services. */
export function engineContract(open: () => Promise<Store>) {
  it('scores answers, and records errors, blocks and unparseable apart from wrong answers', async () => {
    // q1: 500 every time (error after retries), q2: content filter, q3: wrong answer, q4: 429 once then fine.
    const seen = new Map<string, number>();
    server.setScript((req) => {
      const q = echoAnswer(req.body);
      seen.set(q, (seen.get(q) ?? 0) + 1);
      if (q === '1') return { kind: 'status', status: 500 };
      if (q === '2') return { kind: 'answer', text: '', finishReason: 'content_filter' };
      if (q === '3') return { kind: 'answer', text: 'not three' };
      if (q === '4' && seen.get(q) === 1) return { kind: 'status', status: 429, headers: { 'retry-after': '0' } };
      return { kind: 'answer', text: q };
    });
    const { loaded } = config();
    const store = await open();
    const r = await executeRun({ store, loaded });
    expect(r.status).toBe('done');
    const results = await store.results(r.runId);
    expect(results).toHaveLength(12);
    const by = Object.fromEntries(results.map((x) => [x.item_id, x]));
    expect(by.q1).toMatchObject({ outcome: 'error', status: 'server_error', score: null, tries: 3 });
    expect(by.q2).toMatchObject({ outcome: 'content_filtered', score: null, error_code: 'content_filter' });
    expect(by.q3).toMatchObject({ outcome: 'wrong', score: 0, raw_output: 'not three' });
    expect(by.q4).toMatchObject({ outcome: 'correct', tries: 2 });
    const attempts = await store.attempts(r.runId);
    expect(attempts.filter((a) => a.item_id === 'q1').map((a) => a.status)).toEqual(['server_error', 'server_error', 'server_error']);
    expect(attempts.filter((a) => a.item_id === 'q4').map((a) => a.status)).toEqual(['rate_limited', 'ok']);
    const report = await buildReport(store, (await store.getRun(r.runId))!);
    const cell = report.summary[0];
    expect(cell.outcomes).toEqual({ correct: 9, wrong: 1, unparseable: 0, error: 1, content_filtered: 1, truncated: 0, missing: 0 });
    expect(cell.n).toBe(10);
    expect(cell.score).toBeCloseTo(0.9);
    expect(cell.method).toBe('wilson');
    expect(cell.ci95![0]).toBeLessThan(0.9);
    expect(cell.costCny).toBeGreaterThan(0);
    await store.close();
  });

  it('reuses cached answers on a second run and sends nothing', async () => {
    server.setScript((req) => ({ kind: 'answer', text: echoAnswer(req.body) }));
    const { loaded } = config();
    // Its own model name: a store shared across tests must not serve other tests' answers.
    loaded.config.providers[0].model = `echo-cache-${Date.now()}`;
    const store = await open();
    await executeRun({ store, loaded });
    const before = server.requests.length;
    const second = await executeRun({ store, loaded });
    expect(server.requests.length).toBe(before);
    const attempts = await store.attempts(second.runId);
    expect(attempts.every((a) => a.cached === 1)).toBe(true);
    expect((await store.results(second.runId)).every((x) => x.outcome === 'correct')).toBe(true);
    // --no-cache sends again
    await executeRun({ store, loaded, overrides: { cache: false } });
    expect(server.requests.length).toBe(before + 12);
    await store.close();
  });

  it('stops sending new requests when the budget is reached, and resume finishes the rest', async () => {
    server.setScript((req) => ({ kind: 'answer', text: echoAnswer(req.body), usage: { prompt_tokens: 1000, completion_tokens: 0 } }));
    // 1000 input tokens at ¥1000/M = ¥1 per item; budget ¥3 with concurrency 1 → exactly 3 items.
    const { loaded } = config('', 'run: { concurrency: 1, budgetCny: 3, cache: false }');
    const store = await open();
    const r = await executeRun({ store, loaded });
    expect(r.status).toBe('stopped_budget');
    expect(await store.countResults(r.runId)).toBe(3);
    const resumed = await executeRun({ store, loaded, resumeId: r.runId, overrides: { budgetCny: 100 } });
    expect(resumed.status).toBe('done');
    const rows = await store.results(r.runId);
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((x) => x.item_id)).size).toBe(12);
    await store.close();
  });

  it('on stop, lets requests in flight finish (never an error), and resume does the rest', async () => {
    // Every answer takes 300 ms; stopping 100 ms in catches four requests in flight.
    server.setScript((req) => ({ kind: 'answer', text: echoAnswer(req.body), firstByteMs: 300 }));
    const { loaded } = config('', 'run: { concurrency: 4, cache: false, retries: 0, timeoutMs: 5000 }');
    const store = await open();
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const r = await executeRun({ store, loaded, signal: stop.signal });
    expect(r.status).toBe('interrupted');
    const first = await store.results(r.runId);
    expect(first).toHaveLength(4);
    expect(first.map((x) => x.outcome)).toEqual(Array(4).fill('correct'));
    server.setScript((req) => ({ kind: 'answer', text: echoAnswer(req.body) }));
    const resumed = await executeRun({ store, loaded, resumeId: r.runId });
    expect(resumed.status).toBe('done');
    const rows = await store.results(r.runId);
    expect(rows).toHaveLength(12);
    expect(rows.every((x) => x.outcome === 'correct')).toBe(true);
    await store.close();
  });

  it('holds a provider to its requests-per-minute limit', async () => {
    server.setScript((req) => ({ kind: 'answer', text: echoAnswer(req.body) }));
    const start = server.requests.length;
    // 600 rpm = 10/s, starting with one second's allowance (10): the 11th and 12th must wait.
    const { loaded } = config('', 'run: { concurrency: 8, cache: false }');
    loaded.config.providers[0].rateLimit = { rpm: 600 };
    const store = await open();
    await executeRun({ store, loaded });
    const times = server.requests.slice(start).map((r) => r.at);
    expect(times).toHaveLength(12);
    // 10 in the first instant, the 11th and 12th at ≥ 100 ms and ≥ 200 ms.
    expect(times[11] - times[0]).toBeGreaterThanOrEqual(150);
    await store.close();
  });

  it('rejects resuming with a different config', async () => {
    server.setScript((req) => ({ kind: 'answer', text: echoAnswer(req.body) }));
    const a = config();
    const store = await open();
    const r = await executeRun({ store, loaded: a.loaded });
    const b = config('', 'run: { repeats: 2 }');
    await expect(executeRun({ store, loaded: b.loaded, resumeId: r.runId })).rejects.toThrow(/config differs/);
    await store.close();
  });
}
