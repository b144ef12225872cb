// Cost figures of a small real run (local OpenAI-compatible server with
// scripted token usage), computed by hand and compared with the report; a
// provider with no price shows "unknown", never 0.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { executeRun } from '../../src/runs/execute.js';
import { loadReport, renderReport } from '../../src/report/render.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { testDb } from '../helpers/test-db.js';

let server: OpenAIServer;
let store: Store;
let runId: string;
let dir: string;

beforeAll(async () => {
  // Every answer bills 100 input and 40 output tokens; the answer echoes the question.
  server = await startOpenAIServer({ script: () => ({ kind: 'answer', usage: { prompt_tokens: 100, completion_tokens: 40 }, firstByteMs: 30 }) });
  dir = mkdtempSync(path.join(tmpdir(), 'heng-cost-'));
  // 4 items, the echo is right on 3 (the last one's reference is "x").
  writeFileSync(path.join(dir, 'items.jsonl'), ['1', '2', '3', '4'].map((q, i) => JSON.stringify({ id: `q${i}`, question: q, answer: i === 3 ? 'x' : q })).join('\n'));
  const yaml = `providers:
  - { id: paid, type: openai-compatible, baseUrl: ${server.url}/v1, model: m1, price: { inputPerMillion: 2, outputPerMillion: 8, date: "2026-11" } }
  - { id: nopriced, type: openai-compatible, baseUrl: ${server.url}/v1, model: m2 }
tasks:
  - { id: t, dataset: items.jsonl, prompt: { user: "{{question}}" }, scorers: [{ type: exact }], tags: { dimension: knowledge } }
workload:
  dailyUsers: 1000
  conversationsPerUser: 2
  peakFactor: 3
  activeHoursPerDay: 10
  daysPerMonth: 30
`;
  store = await openStore(await testDb(dir, 'h.db'));
  runId = (await executeRun({ store, loaded: parseConfig(yaml, path.join(dir, 'heng.yaml')) })).runId;
});
afterAll(async () => {
  await store.close();
  await server.close();
});

describe('cost', () => {
  it('matches per-item, per-correct and monthly figures computed by hand', async () => {
    const { model, results } = await loadReport(store, runId);
    const perAnswer = (100 * 2 + 40 * 8) / 1e6; // 0.00052 CNY
    const paid = model.procurement!.costs.find((c) => c.provider === 'paid')!;
    expect(paid.runCostCny).toBeCloseTo(4 * perAnswer, 12);
    expect(paid.costPerItemCny).toBeCloseTo(perAnswer, 12);
    expect(paid.costPerCorrectCny).toBeCloseTo((4 * perAnswer) / 3, 12);
    expect(paid.tokensPerConversation).toEqual({ input: 100, output: 40, source: 'measured' });
    expect(paid.costPer1000ConversationsCny).toBeCloseTo(1000 * perAnswer, 12); // ¥0.52
    // 1000 users × 2 conversations × 30 days = 60,000 conversations.
    expect(paid.monthly!.conversations).toBe(60_000);
    expect(paid.monthly!.costCny).toBeCloseTo(60_000 * perAnswer, 9); // ¥31.20
    // Peak: 2,000 requests a day over 10 hours × 3 = 0.1667 req/s; × mean latency (Little's law), rounded up.
    const peak = (2000 / (10 * 3600)) * 3;
    expect(paid.monthly!.peakRequestsPerSecond).toBeCloseTo(peak, 12);
    const latencies = results.filter((r) => r.provider_id === 'paid').map((r) => r.latency_ms!);
    const meanLatency = latencies.reduce((a, b) => a + b, 0) / latencies.length;
    expect(paid.meanLatencyMs).toBeCloseTo(meanLatency, 9);
    expect(paid.monthly!.peakConcurrency).toBe(Math.ceil(peak * (meanLatency / 1000)));
    // The run's own cells agree.
    const cell = model.overall.find((c) => c.provider === 'paid')!;
    expect(cell.costPerCorrectCny).toBeCloseTo((4 * perAnswer) / 3, 12);
  });

  it('uses the workload tokens per conversation when given', async () => {
    const { model } = await loadReport(store, runId, {
      sources: {
        workload: {
          dailyUsers: 1000,
          conversationsPerUser: 2,
          turnsPerConversation: 1,
          peakFactor: 1,
          activeHoursPerDay: 24,
          daysPerMonth: 30,
          inputTokensPerConversation: 3000,
          outputTokensPerConversation: 1000,
        },
      },
    });
    const paid = model.procurement!.costs.find((c) => c.provider === 'paid')!;
    const perConversation = (3000 * 2 + 1000 * 8) / 1e6; // ¥0.014
    expect(paid.tokensPerConversation!.source).toBe('workload');
    expect(paid.costPer1000ConversationsCny).toBeCloseTo(14, 10);
    expect(paid.monthly!.costCny).toBeCloseTo(60_000 * perConversation, 9); // ¥840
  });

  it('shows "unknown", never 0, for a model with no price', async () => {
    const { model } = await loadReport(store, runId);
    const none = model.procurement!.costs.find((c) => c.provider === 'nopriced')!;
    expect(none.price).toBeNull();
    for (const v of [none.runCostCny, none.costPerItemCny, none.costPerCorrectCny, none.costPer1000ConversationsCny, none.monthly!.costCny]) expect(v).toBeNull();
    // Tokens were measured all the same.
    expect(none.tokensPerConversation).toEqual({ input: 100, output: 40, source: 'measured' });

    const json = JSON.parse(await renderReport(store, runId, 'json', 'en'));
    expect(json.procurement.costs.find((c: { provider: string }) => c.provider === 'nopriced').costPer1000ConversationsCny).toBeNull();

    for (const lang of ['en', 'zh'] as const) {
      const html = await renderReport(store, runId, 'html', lang);
      const unknown = lang === 'en' ? 'unknown' : '未知';
      const costSection = html.slice(html.indexOf('<section id="costs">'), html.indexOf('</section>', html.indexOf('<section id="costs">')));
      const noprRow = costSection.slice(costSection.indexOf('>nopriced</td>'));
      const cells = noprRow.slice(0, noprRow.indexOf('</tr>'));
      expect(cells).toContain(unknown);
      expect(cells).not.toMatch(/¥0(\.0+)?</);
      expect(costSection).toContain('¥0.52'); // the paid provider's ¥/1,000 conversations
      expect(costSection).toContain('¥31.2'); // and its monthly bill
    }
    const md = await renderReport(store, runId, 'md', 'en');
    expect(md).toMatch(/\| nopriced \|[^\n]*unknown/);
  });
});
