// The dossier's private-deployment section from a real run: an API
// candidate priced at ¥0.10 a conversation (workload tokens at its price) and
// a self-hosted endpoint whose stored load sweep sustained 1.25 req/s at its
// knee. The figures are those of the worked example (test/cost/deployment.test.ts,
// docs/scorecard.md#private-deployment): 2 replicas, ¥48,000 a month,
// break-even at 4,000 daily users [3,200, 4,000].
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { saveLoad } from '../../src/capacity/store.js';
import type { LoadStep } from '../../src/capacity/sweep.js';
import { parseConfig } from '../../src/config/load.js';
import { renderReport } from '../../src/report/render.js';
import { executeRun } from '../../src/runs/execute.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { testDb } from '../helpers/test-db.js';

let server: OpenAIServer;
let store: Store;
let runId: string;

const step = (concurrency: number, rps: number, p95: number): LoadStep => ({
  step: Math.log2(concurrency),
  concurrency,
  durationMs: 600_000,
  sent: Math.round(rps * 600) + concurrency,
  ok: Math.round(rps * 600),
  errors: 0,
  errorRate: 0,
  errorsByStatus: {},
  throughputRps: rps,
  outputTokensPerSecond: rps * 1000,
  latencyMs: { p50: p95 / 2, p95, p99: p95 * 1.2 },
  ttftMs: { p50: 100, p95: 200, p99: 300 },
  streamTokensPerSecond: 40,
  budgetLimited: false,
  complete: true,
});

beforeAll(async () => {
  server = await startOpenAIServer({ script: () => ({ kind: 'answer', text: '1', usage: { prompt_tokens: 3000, completion_tokens: 1000 } }) });
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-deploy-'));
  store = await openStore(await testDb(dir, 'h.db'));
  writeFileSync(path.join(dir, 'items.jsonl'), Array.from({ length: 4 }, (_, i) => JSON.stringify({ id: `q${i}`, question: 'one?', answer: '1' })).join('\n'));
  const yaml = `providers:
  - { id: api-standard, type: openai-compatible, baseUrl: ${server.url}/v1, model: std, price: { inputPerMillion: 20, outputPerMillion: 40, date: "2026-11-01", source: test } }
  - { id: our-vllm, type: openai-compatible, baseUrl: ${server.url}/v1, model: qwen-72b }
tasks:
  - { id: t, dataset: items.jsonl, prompt: { user: "{{question}}" }, scorers: [{ type: exact }] }
workload: { dailyUsers: 2000, conversationsPerUser: 5, turnsPerConversation: 2, activeHoursPerDay: 10, peakFactor: 3, daysPerMonth: 30, inputTokensPerConversation: 3000, outputTokensPerConversation: 1000 }
deployment:
  - id: qwen-onprem
    provider: our-vllm
    server: { cards: 8, purchaseCny: 480000, amortisationYears: 4 }
    powerHostingCnyPerMonth: 2000
    peopleCnyPerMonth: 18000
    licenceCnyPerYear: 72000
`;
  runId = (await executeRun({ store, loaded: parseConfig(yaml, path.join(dir, 'heng.yaml')) })).runId;
  const self = (await store.runProviders(runId)).find((p) => p.providerId === 'our-vllm')!;
  // The sweep of the self-hosted endpoint: 16 is the knee (at 32 throughput gains 2% while p95 doubles).
  await saveLoad(store.db, {
    id: 'load-onprem',
    provider: 'our-vllm',
    identity: self.identity,
    model: 'qwen-72b',
    createdAt: '2026-12-01T02:00:00Z',
    finishedAt: '2026-12-01T03:00:00Z',
    options: {},
    stop: 'knee',
    knee: { concurrency: 16, reason: 'saturated', detail: 'at 32: throughput +2%, p95 ×2.0' },
    requestsSent: 3000,
    hengVersion: 'test',
    steps: [step(8, 0.7, 4000), step(16, 1.25, 6000), step(32, 1.275, 12000)],
  });
}, 60_000);
afterAll(async () => {
  await store.close();
  await server.close();
});

const section = (html: string, id: string) => html.slice(html.indexOf(`<section id="${id}">`), html.indexOf('</section>', html.indexOf(`<section id="${id}">`)));

it('sizes the deployment from its load sweep and breaks even with the API where the hand computation says', async () => {
  const full = await renderReport(store, runId, 'html', 'en');
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/deployment-en.html', full);
  const en = section(full, 'deployment');
  expect(en).toContain('Private deployment vs API');
  expect(en).toContain('<b>2</b>'); // replicas
  expect(en).toContain('¥12,000.00'); // per server a month
  expect(en).toContain('¥24,000.00'); // people and licence
  expect(en).toContain('<b>¥48,000.00</b>'); // monthly bill
  expect(en).toContain('¥160.00'); // per 1,000 conversations
  expect(en).toContain('¥30,000.00'); // the API's bill at 2,000 users: 300,000 × ¥0.10
  expect(en).toContain('<b>4,000</b> <span class="muted">[3,200, 4,000]</span>'); // break-even
  expect(en).toContain('<svg'); // monthly cost against daily users
  expect(en).toContain('qwen-onprem');
  const zh = section(await renderReport(store, runId, 'html', 'zh'), 'deployment');
  expect(zh).toContain('私有化部署与 API 对比');
  expect(zh).toContain('盈亏平衡点（日活用户）');
}, 60_000);
