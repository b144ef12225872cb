// Fresh figures or a clear label: a rerun served from the response cache
// (on by default) has no latency of its own. Cached answers are counted
// apart, never averaged into latency or TTFT, and every latency figure of
// the report says how many answers came from the cache.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { buildReport } from '../../src/report/model.js';
import { renderReport } from '../../src/report/render.js';
import { terminalTable } from '../../src/report/text.js';
import { scorecardText } from '../../src/scorecard/text.js';
import { executeRun } from '../../src/runs/execute.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

let server: OpenAIServer;
let store: Store;
let file: string;

beforeAll(async () => {
  server = await startOpenAIServer({ answers: (body) => (String(body.messages.at(-1).content).includes('q1') ? '1' : '2') });
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-cache-'));
  writeFileSync(path.join(dir, 'items.jsonl'), ['q1', 'q2', 'q3'].map((id, i) => JSON.stringify({ id, question: id, answer: String(i + 1) })).join('\n'));
  file = path.join(dir, 'heng.yaml');
  writeFileSync(
    file,
    `providers: [{ id: a, type: openai-compatible, baseUrl: ${server.url}/v1, model: m, stream: false }]
tasks: [{ id: t, dataset: items.jsonl, prompt: { user: "{{question}}" }, scorers: [{ type: exact }] }]
`,
  );
  store = await openStore(path.join(dir, 'h.db'));
});
afterAll(async () => {
  await store.close();
  await server.close();
});

it('times the first run, and reports the cached rerun as cached, not as measured', async () => {
  const first = await executeRun({ store, loaded: loadConfig(file) });
  expect(server.requests).toHaveLength(3);
  const m1 = await buildReport(store, (await store.getRun(first.runId))!);
  expect(m1.overall[0].cachedAnswers).toBe(0);
  expect(m1.overall[0].latencyMs.p95).not.toBeNull();

  const second = await executeRun({ store, loaded: loadConfig(file) });
  expect(server.requests).toHaveLength(3);
  const m2 = await buildReport(store, (await store.getRun(second.runId))!);
  // The same answers and scores; no latency, because nothing was timed in this run.
  expect(m2.overall[0].score).toBe(m1.overall[0].score);
  expect(m2.overall[0]).toMatchObject({ cachedAnswers: 3, latencyMs: { p50: null, p95: null }, ttftMs: { p50: null, p95: null } });
  expect((await store.results(second.runId)).every((r) => r.latency_ms === null && r.ttft_ms === null)).toBe(true);
  expect(terminalTable(m2)).toContain('3 cached, untimed');
  for (const lang of ['zh', 'en'] as const) {
    const html = await renderReport(store, second.runId, 'html', lang);
    const overall = html.slice(html.indexOf('<section id="overall">'), html.indexOf('</section>', html.indexOf('<section id="overall">')));
    expect(overall).toContain(lang === 'zh' ? '— (3 条来自缓存，未计时)' : '— (3 from cache, not timed)');
    expect(html).toContain('data-cached-answers');
  }
  // The scorecard has no latency to compare: the criterion is not assessed, never filled with the first run's.
  const { model } = await (await import('../../src/report/render.js')).loadReport(store, second.runId);
  expect(model.procurement!.latency).toBeNull();
  // The scorecard (its JSON, as `heng scorecard --json` prints it, and its text) says which answers were cached.
  expect(model.procurement!.cachedAnswers).toEqual({ a: 3 });
  expect(scorecardText(model.procurement!, second.runId)).toContain('latency: a 3 cached, untimed (latency comes only from answers sent in this run; none was timed, so latency is not assessed)');
  expect(m1.overall[0].cachedAnswers).toBe(0);
  const { model: firstModel } = await (await import('../../src/report/render.js')).loadReport(store, first.runId);
  expect(firstModel.procurement!.cachedAnswers).toEqual({ a: 0 });
  expect(scorecardText(firstModel.procurement!, first.runId)).not.toContain('cached');
}, 60_000);
