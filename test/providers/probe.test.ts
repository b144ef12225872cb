import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeProvider } from '../../src/cli/commands/providers.js';
import { listPresets } from '../../src/providers/presets/listing.js';
import { explainError } from '../../src/providers/explain.js';
import { createOpenAICompatible } from '../../src/providers/openai-compatible.js';
import type { ProviderResult } from '../../src/types.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

let server: OpenAIServer;
beforeAll(async () => (server = await startOpenAIServer({ answers: () => '好' })));
afterAll(() => server.close());

const price = { inputPerMillion: 1_000_000, outputPerMillion: 2_000_000, currency: 'CNY' as const, date: '2025-06', source: 'test' };

describe('probeProvider', () => {
  it('reports latency, tokens and cost of one tiny request', async () => {
    server.enqueue({ kind: 'answer', usage: { prompt_tokens: 3, completion_tokens: 1 } });
    const p = createOpenAICompatible({ id: 'p', model: 'm', baseUrl: `${server.url}/v1` });
    const r = await probeProvider(p, { price });
    expect(r).toMatchObject({ ok: true, status: 'ok', answer: '好', usage: { inputTokens: 3, outputTokens: 1 }, costCny: 3 + 2 });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(r.explanation).toBeUndefined();
  });

  it('explains a failure in plain words, with the vendor code', async () => {
    server.enqueue({ kind: 'status', status: 401, body: { error: { code: 'invalid_api_key', message: 'Incorrect API key provided' } } });
    const r = await probeProvider(createOpenAICompatible({ id: 'p', model: 'm', baseUrl: `${server.url}/v1`, apiKey: 'bad' }));
    expect(r).toMatchObject({ ok: false, status: 'auth', error: { code: 'invalid_api_key' }, explanation: { cause: 'bad_key' } });
    expect(r.costCny).toBeUndefined();
    expect(r.explanation!.en).toContain('invalid_api_key');
  });
});

describe('explainError', () => {
  const fail = (status: ProviderResult['status'], error: ProviderResult['error']): ProviderResult => ({ status, text: '', timing: { totalMs: 1 }, error });
  it('names the usual causes', () => {
    expect(explainError(fail('auth', { code: 'insufficient_quota', message: 'You exceeded your current quota', httpStatus: 429 }))?.cause).toBe('no_quota');
    expect(explainError(fail('rate_limited', { code: '1113', message: '您的账户已欠费', httpStatus: 429 }))?.cause).toBe('no_quota');
    expect(explainError(fail('bad_request', { code: 'model_not_found', message: 'The model does not exist', httpStatus: 404 }))?.cause).toBe('model_not_found');
    expect(explainError(fail('rate_limited', { message: 'slow down', httpStatus: 429, retryAfterMs: 3000 }))).toMatchObject({ cause: 'rate_limited', en: expect.stringContaining('Retry after 3 s') });
    expect(explainError(fail('content_filtered', { code: 'DataInspectionFailed', message: 'm' }))?.zh).toContain('内容审核');
    expect(explainError(fail('network', { code: 'ECONNREFUSED', message: 'x' }))?.cause).toBe('refused');
    expect(explainError({ status: 'ok', text: 'a', timing: { totalMs: 1 } })).toBeUndefined();
  });
});

describe('listPresets', () => {
  it('lists every preset with zh/en names, models and known prices', () => {
    const list = listPresets();
    const ds = list.find((p) => p.id === 'dashscope')!;
    expect(ds.name.zh).toContain('通义千问');
    expect(ds.models.find((m) => m.model === 'qwen-max')).toMatchObject({ contextLength: 32_768, price: { currency: 'CNY' } });
    expect(list.find((p) => p.id === 'vllm')).toMatchObject({ keyless: true, models: [] });
  });
});
