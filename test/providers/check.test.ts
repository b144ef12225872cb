// `heng providers check`: one short request per provider, read in plain
// words — key, endpoint, model id, streaming — against the scripted server
// speaking the OpenAI wire (its error bodies included); and stale prices.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkProvider, formatCheck } from '../../src/cli/commands/providers-check.js';
import type { ProviderEntry } from '../../src/config/schema.js';
import { setupProvider } from '../../src/providers/index.js';
import { priceAgeDays, PRICES, stalePriceWarning } from '../../src/providers/prices.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

let server: OpenAIServer;
beforeAll(async () => (server = await startOpenAIServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

const check = async (entry: Partial<ProviderEntry>) => {
  const e = { id: 'p', type: 'openai-compatible', baseUrl: `${server.url}/v1`, model: 'm', ...entry } as ProviderEntry;
  const setup = await setupProvider(e, 0, { baseDir: '/', file: 'heng.yaml', defaultConcurrency: 1 });
  try {
    return await checkProvider(setup, e, 5000, { temperature: 0, maxTokens: 1024, seed: 42 });
  } finally {
    await setup.provider.close?.();
  }
};
const states = (c: Awaited<ReturnType<typeof check>>) => Object.fromEntries(c.lines.map((l) => [l.what, l.state]));

describe('providers check', () => {
  it('a working streaming provider: every line ok, and what the vendor said', async () => {
    server.enqueue({ kind: 'answer', text: '好' });
    const c = await check({});
    expect(c.ok).toBe(true);
    expect(states(c)).toEqual({ key: 'ok', endpoint: 'ok', model: 'ok', streaming: 'ok' });
    expect(c.vendorSaid).toContain('好');
    expect(formatCheck(c)).toMatch(/✓ 流式输出 \/ streaming/);
  });

  it('a refused key', async () => {
    server.enqueue({ kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } } });
    const c = await check({});
    expect(states(c)).toMatchObject({ key: 'failed', endpoint: 'ok', model: 'unknown' });
    expect(c.vendorSaid).toContain('invalid_api_key');
  });

  it('an unknown model id', async () => {
    server.enqueue({ kind: 'status', status: 404, body: { error: { message: 'The model `gpt-9` does not exist', type: 'invalid_request_error', code: 'model_not_found' } } });
    expect(states(await check({ model: 'gpt-9' }))).toMatchObject({ key: 'ok', model: 'failed' });
  });

  it('an unreachable endpoint', async () => {
    const c = await check({ baseUrl: 'http://127.0.0.1:9/v1' });
    expect(states(c)).toMatchObject({ endpoint: 'failed', key: 'unknown' });
  });

  it('streaming asked but the answer came whole', async () => {
    server.enqueue({ kind: 'status', status: 200, body: { choices: [{ index: 0, message: { role: 'assistant', content: '好' }, finish_reason: 'stop' }] } });
    expect(states(await check({}))).toMatchObject({ streaming: 'failed' });
  });

  it('shows the request changes the model rules make and the stale-price warning', async () => {
    server.enqueue({ kind: 'answer', text: '好' });
    process.env.HENG_CHECK_KEY = 'sk-check-000000';
    const c = await check({ type: undefined, preset: 'zhipu', baseUrl: `${server.url}/api/paas/v4`, model: 'glm-4-air', apiKey: '${env:HENG_CHECK_KEY}' });
    expect(c.mappings).toEqual([expect.objectContaining({ field: 'temperature', from: 0, to: 0.01 })]);
    expect(c.warnings.map((w) => w.en).join()).toMatch(/days ago, over 90/);
    // The reason in both languages, zh first as on every line of the check.
    expect(formatCheck(c)).toContain('请求调整 / request changed: temperature: 0 → 0.01 — 超出可接受范围 (0, 1)；同时发送 {"do_sample":false}');
    expect(formatCheck(c)).toContain(' / temperature: 0 → 0.01 — outside the accepted range (0, 1); also sends {"do_sample":false}');
  });
});

describe('stale prices', () => {
  const now = new Date('2026-12-07T00:00:00Z');
  it('counts days from the date read (a month from its first day); config prices are not dated', () => {
    expect(priceAgeDays({ date: '2026-12-01' }, now)).toBe(6);
    expect(priceAgeDays({ date: '2026-09' }, now)).toBe(97);
    expect(priceAgeDays({ date: 'config' }, now)).toBeUndefined();
  });

  it('warns over 90 days, in zh and en, naming the source', () => {
    const old = stalePriceWarning(PRICES.openai['gpt-4o'], now);
    expect(old?.days).toBeGreaterThan(90);
    expect(old?.en).toContain('openai.com');
    expect(old?.zh).toContain('天前');
    expect(stalePriceWarning({ ...PRICES.openai['gpt-4o'], date: '2026-11-20' }, now)).toBeUndefined();
  });

  it("as of a run: the same rule, counted to the run's start and worded so (what every report shows)", async () => {
    const { runPriceWarning } = await import('../../src/providers/prices.js');
    expect(runPriceWarning({ date: '2026-09', source: 'https://x.test' }, '2026-12-07T00:00:00Z')).toMatchObject({
      days: 97,
      en: expect.stringContaining('97 days before the run'),
      zh: expect.stringContaining('早于本次运行 97 天'),
    });
    // 91 days before the run is stale even when the report is made the same day; 90 is not.
    expect(runPriceWarning({ date: '2026-09-07', source: 's' }, '2026-12-07T00:00:00Z')?.days).toBe(91);
    expect(runPriceWarning({ date: '2026-09-08', source: 's' }, '2026-12-07T00:00:00Z')).toBeNull();
    expect(runPriceWarning({ date: 'config', source: 'heng.yaml' }, '2026-12-07T00:00:00Z')).toBeNull();
    expect(runPriceWarning(null, '2026-12-07T00:00:00Z')).toBeNull();
  });
});
