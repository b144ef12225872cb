// The scorecard of a real run: `heng scorecard` ranks by weights (moving a
// weight moves the ranking), a hard requirement removes a provider with the
// reason shown in the terminal, the JSON and the report; a stored load sweep
// adds the latency chart to the report.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { executeRun } from '../../src/runs/execute.js';
import { saveLoad } from '../../src/capacity/store.js';
import { runSweep } from '../../src/capacity/sweep.js';
import { BUILT_IN_PROMPTS } from '../../src/capacity/prompts.js';
import { createOpenAICompatible } from '../../src/providers/openai-compatible.js';
import { loadReport, renderReport } from '../../src/report/render.js';
import { openStore } from '../../src/store/open.js';
import { lastUser, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { testDb } from '../helpers/test-db.js';
import { runHeng } from '../helpers/cli.js';

let server: OpenAIServer;
let dir: string;
let db: string;
let runId: string;

const heng = (args: string[]) => runHeng(args);

beforeAll(async () => {
  // "smart" is always right but slow and dear; "quick" is fast and cheap but wrong on every other item.
  server = await startOpenAIServer({
    script: (req) => {
      const q = lastUser(req.body);
      if (req.body.model === 'smart') return { kind: 'answer', firstByteMs: 800, usage: { prompt_tokens: 100, completion_tokens: 200 } };
      return { kind: 'answer', text: Number(q) % 2 ? q : 'no idea', firstByteMs: 10, usage: { prompt_tokens: 100, completion_tokens: 20 } };
    },
  });
  dir = mkdtempSync(path.join(tmpdir(), 'heng-scorecard-'));
  db = await testDb(dir, 'h.db');
  writeFileSync(path.join(dir, 'items.jsonl'), Array.from({ length: 12 }, (_, i) => JSON.stringify({ id: `q${i}`, question: String(i), answer: String(i) })).join('\n'));
  const yaml = `providers:
  - { id: smart, type: openai-compatible, baseUrl: ${server.url}/v1, model: smart, price: { inputPerMillion: 10, outputPerMillion: 40 } }
  - { id: quick, type: openai-compatible, baseUrl: ${server.url}/v1, model: quick, price: { inputPerMillion: 1, outputPerMillion: 2 } }
tasks:
  - { id: t, dataset: items.jsonl, prompt: { user: "{{question}}" }, scorers: [{ type: exact }], tags: { dimension: knowledge } }
scorecard:
  weights: { quality: 1, safety: 0, latency: 1, cost: 1 }
`;
  const store = await openStore(db);
  runId = (await executeRun({ store, loaded: parseConfig(yaml, path.join(dir, 'heng.yaml')) })).runId;
  await store.close();
});
afterAll(() => server.close());

it('moves the ranking as weights move', async () => {
  const base = await heng(['scorecard', runId, '--db', db, '--json']);
  expect(base.code, base.stderr).toBe(0);
  const card = JSON.parse(base.stdout);
  // With equal weights the cheap, fast one wins: latency and cost ratios dwarf a 50-point quality gap.
  expect(card.scorecard.ranking).toEqual(['quick', 'smart']);
  expect(card.latency).toBe('ttftP95');
  expect(card.scorecard.criteria.find((c: { key: string }) => c.key === 'safety')).toMatchObject({ weight: 0, assessed: false });

  // The same move in-process, as the web app makes it.
  const store = await openStore(db);
  const { model } = await loadReport(store, runId, { sources: { spec: { ...card.spec, weights: { ...card.spec.weights, quality: 20 } } } });
  await store.close();
  expect(model.procurement!.scorecard.ranking).toEqual(['smart', 'quick']);
  // Every ranked row has an interval around its score.
  for (const r of model.procurement!.scorecard.rows) expect(r.ci95![0]).toBeLessThanOrEqual(r.score!);

  const text = await heng(['scorecard', runId, '--db', db, '--weights', 'quality=20']);
  expect(text.code, text.stderr).toBe(0);
  expect(text.stdout).toMatch(/1\s+\d\s+smart/);
  expect(text.stdout).toContain('sensitivity');
}, 180_000);

it('removes a provider that fails a hard requirement, with the reason shown', async () => {
  // A quality floor, not a latency bound: which provider fails it must not depend on how busy the machine is.
  const cfg = path.join(dir, 'strict.yaml');
  writeFileSync(
    cfg,
    `providers: [{ id: x, type: replay, path: a.jsonl }]
tasks: [{ id: t, items: [{ q: "1" }], prompt: { user: "{{q}}" }, scorers: [{ type: exact }] }]
scorecard:
  weights: { quality: 1, latency: 20, cost: 20 }
  requirements:
    minQuality: 0.9
`,
  );
  const r = await heng(['scorecard', runId, '--db', db, '--json', '--config', cfg]);
  expect(r.code, r.stderr).toBe(0);
  const card = JSON.parse(r.stdout);
  // Latency and cost weights favour quick, but it is right on half the items only.
  expect(card.scorecard.ranking).toEqual(['smart']);
  const quick = card.scorecard.rows.find((x: { provider: string }) => x.provider === 'quick');
  expect(quick.eligible).toBe(false);
  expect(quick.failures[0]).toEqual({ requirement: 'minQuality', actual: '50.0%', required: '≥ 90.0%' });
  const text = await heng(['scorecard', runId, '--db', db, '--config', cfg]);
  expect(text.stdout).toContain('quick excluded: minQuality is 50.0%, required ≥ 90.0%');

  // The report says so too, in both languages.
  const store = await openStore(db);
  const sources = { spec: { ...card.spec } };
  for (const lang of ['en', 'zh'] as const) {
    const html = await renderReport(store, runId, 'html', lang, { sources });
    expect(html).toContain(lang === 'en' ? 'quick is excluded: minQuality' : 'quick 被排除：minQuality');
    expect(html).toContain(lang === 'en' ? 'smart is the only provider that meets every hard requirement' : '只有 smart 满足全部硬性要求');
  }
  await store.close();
}, 180_000);

it('shows the load sweep of a run provider in the report', async () => {
  const store = await openStore(db);
  const [smartEntry] = (await store.runProviders(runId)).filter((p) => p.providerId === 'smart');
  const provider = createOpenAICompatible({ id: 'smart', type: 'openai-compatible', model: 'smart', baseUrl: `${server.url}/v1` });
  expect(provider.identity).toBe(smartEntry.identity);
  const sweep = await runSweep(provider, { budget: { maxRequests: 30 }, concurrencies: [1, 2], stepMs: 1200, prompts: BUILT_IN_PROMPTS });
  await saveLoad(store.db, {
    id: 'load-test-1',
    provider: 'smart',
    identity: provider.identity,
    model: 'smart',
    createdAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    options: {},
    stop: sweep.stop,
    knee: sweep.knee,
    requestsSent: sweep.requestsSent,
    hengVersion: 'test',
    steps: sweep.steps,
  });
  const html = await renderReport(store, runId, 'html', 'en');
  const latency = html.slice(html.indexOf('<section id="latency">'), html.indexOf('</section>', html.indexOf('<section id="latency">')));
  expect(latency).toContain('<svg');
  expect(latency).toContain('smart p95');
  expect(latency).not.toContain('No load sweep stored');
  const json = JSON.parse(await renderReport(store, runId, 'json', 'en'));
  expect(json.procurement.loads.map((l: { runProvider: string }) => l.runProvider)).toEqual(['smart']);
  await store.close();
}, 60_000);
