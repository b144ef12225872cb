// Judge requests are part of what a run spends: each is an attempt row
// (role "judge") with its tokens and cost, the report lists them per judge,
// the budget cap counts them, and the candidates' own cost leaves them out.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { executeRun } from '../../src/runs/execute.js';
import { buildReport } from '../../src/report/model.js';
import { renderReport } from '../../src/report/render.js';
import { openStore } from '../../src/store/open.js';
import { lastUser, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { testDb } from '../helpers/test-db.js';

let server: OpenAIServer;
beforeAll(async () => {
  server = await startOpenAIServer({
    script: (req) =>
      req.body.model === 'judge-model'
        ? // One judge request: exactly one million input tokens (¥2 at the judge's price).
          { kind: 'answer', text: 'Rating: [[8]]', usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } }
        : { kind: 'answer', text: `answer: ${lastUser(req.body)}`, usage: { prompt_tokens: 10, completion_tokens: 10 } },
  });
});
afterAll(() => server.close());

function project(run: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-judge-cost-'));
  writeFileSync(path.join(dir, 'items.jsonl'), Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: `q${i}`, question: `question ${i}` })).join('\n'));
  writeFileSync(
    path.join(dir, 'heng.yaml'),
    `providers:
  - { id: cand, type: openai-compatible, baseUrl: ${server.url}/v1, model: cand-model, stream: false, concurrency: 1, price: { inputPerMillion: 1000, outputPerMillion: 1000 } }
  - { id: judge, type: openai-compatible, baseUrl: ${server.url}/v1, model: judge-model, stream: false, role: judge, price: { inputPerMillion: 2, outputPerMillion: 8 } }
tasks:
  - id: open
    dataset: items.jsonl
    prompt: { user: "{{question}}" }
    scorers: [{ type: judge-single, reference: never }]
${run}
`,
  );
  return { dir, config: path.join(dir, 'heng.yaml') };
}

it('records every judge request as an attempt, reports it per judge, and keeps it out of the candidate cost', async () => {
  const p = project('run: { retries: 0 }');
  const store = await openStore(await testDb(p.dir));
  try {
    const r = await executeRun({ store, loaded: loadConfig(p.config) });
    expect(r.status).toBe('done');
    const attempts = await store.attempts(r.runId);
    const judged = attempts.filter((a) => a.role === 'judge');
    expect(judged).toHaveLength(6);
    for (const a of judged) expect(a).toMatchObject({ provider_id: 'judge', task_id: 'open', status: 'ok', input_tokens: 1_000_000, cost_cny: 2, cached: 0, turn: 0, try: 1 });
    expect(new Set(judged.map((a) => a.item_id)).size).toBe(6);
    expect(attempts.filter((a) => a.role === 'answer')).toHaveLength(6);

    // Candidate: 20 tokens × ¥1000/M = ¥0.02 per item; the judge's ¥12 is not in it.
    const report = await buildReport(store, (await store.getRun(r.runId))!);
    expect(report.summary[0].costCny).toBeCloseTo(0.12, 9);
    expect(report.judging).toEqual([{ judge: 'judge', requests: 6, cached: 0, failed: 0, inputTokens: 6_000_000, outputTokens: 0, costCny: 12 }]);
    // The run's spend is both.
    expect((await store.resultTotals(r.runId)).costCny).toBeCloseTo(12.12, 9);
    expect(r.progress.costCny).toBeCloseTo(12.12, 9);
    const md = await renderReport(store, r.runId, 'md', 'en');
    expect(md).toMatch(/## LLM judge requests[\s\S]*\| judge \| 6 \| 0 \| 0 \| 6000000 \/ 0 \| ¥12\.0000 \|/);
    expect(await renderReport(store, r.runId, 'html', 'zh')).toContain('LLM 评审请求');

    // Again with the response cache: the judge is not asked, the cached replies cost nothing.
    const again = await executeRun({ store, loaded: loadConfig(p.config) });
    const cachedJudge = (await store.attempts(again.runId)).filter((a) => a.role === 'judge');
    expect(cachedJudge.map((a) => [a.cached, a.cost_cny, a.try])).toEqual(Array(6).fill([1, 0, 0]));
    const report2 = await buildReport(store, (await store.getRun(again.runId))!);
    expect(report2.judging).toEqual([{ judge: 'judge', requests: 0, cached: 6, failed: 0, inputTokens: 0, outputTokens: 0, costCny: 0 }]);
  } finally {
    await store.close();
  }
});

it('stops at the budget when the judge, not the candidate, spends it', async () => {
  // Each unit spends ¥2.02 (¥0.02 answer + ¥2 judge): a ¥5 budget allows three units, never all six.
  const p = project('run: { retries: 0, cache: false, budgetCny: 5 }');
  const store = await openStore(await testDb(p.dir));
  try {
    const r = await executeRun({ store, loaded: loadConfig(p.config) });
    expect(r.status).toBe('stopped_budget');
    expect(await store.countResults(r.runId)).toBe(3);
    expect((await store.resultTotals(r.runId)).costCny).toBeCloseTo(6.06, 9);
  } finally {
    await store.close();
  }
});
