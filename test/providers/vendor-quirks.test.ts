// Contract tests for each vendor quirk of issue 15, against a local server
// that answers the way the vendor documents (and refuses what the vendor
// refuses): MiniMax's (0, 1] temperature and its sensitive flags, OpenAI
// reasoning models' max_completion_tokens and default-only temperature,
// Moonshot's usage in choices[0].usage, DeepSeek's
// insufficient_system_resource, Hunyuan's TextIllegalDetected and seed range,
// Zhipu's SDK temperature mapping and one stop word, ERNIE's (0, 1], Ark's
// versioned ids, the Qianfan token path behind a gateway, and every
// vendor's "cut by the token limit" → `length`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFromPreset, presets } from '../../src/providers/presets/index.js';
import type { CallContext, ChatRequest } from '../../src/types.js';
import { startVendorServer, type Recorded, type Reply, type VendorServer } from './native/vendor-server.js';

const ctx: CallContext = { runId: 'r', taskId: 't', itemId: 'i', repeat: 0, timeoutMs: 5000 };
const ask: ChatRequest = { messages: [{ role: 'user', content: '你好' }], temperature: 0, maxTokens: 1024, seed: 42 };

const chat = (content: string, extra: Record<string, unknown> = {}, finish = 'stop'): Reply => ({
  kind: 'json',
  body: {
    id: 'c1',
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finish }],
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    ...extra,
  },
});
const openaiError = (status: number, message: string, param: string, code = 'unsupported_value'): Reply => ({
  kind: 'json',
  status,
  body: { error: { message, type: 'invalid_request_error', param, code } },
});

let server: VendorServer;
beforeAll(async () => (server = await startVendorServer(() => chat('好'))));
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setDefault(() => chat('好'));
});
const last = (): Recorded => server.requests[server.requests.length - 1];
const make = (preset: string, model: string, extra: Record<string, unknown> = {}) =>
  createFromPreset({ id: `${preset}-t`, preset, model, baseUrl: `${server.url}${new URL(presets[preset].baseUrl ?? 'http://x/v1').pathname}`, apiKey: 'sk-test', stream: false, ...extra });

describe('MiniMax (defect 1)', () => {
  // MiniMax's documented range is (0, 1]: anything else is 2013 invalid params (HTTP 200, base_resp).
  const strict = (r: Recorded): Reply =>
    r.body.temperature !== undefined && !(r.body.temperature > 0 && r.body.temperature <= 1)
      ? { kind: 'json', body: { base_resp: { status_code: 2013, status_msg: 'invalid params, temperature out of range' } } }
      : chat('好', { input_sensitive: false, output_sensitive: false, base_resp: { status_code: 0, status_msg: '' } });

  it('sends temperature 0 as 0.01 and records the mapping', async () => {
    server.setDefault(strict);
    const p = make('minimax', 'MiniMax-M2');
    const r = await p.complete(ask, ctx);
    expect(r.status).toBe('ok');
    expect(last().body.temperature).toBe(0.01);
    expect(p.describeRequest?.(ask)).toEqual([expect.objectContaining({ field: 'temperature', from: 0, to: 0.01 })]);
  });

  it('input_sensitive alone is an answer, not a block; a blanked reply with the flag, or 1026 / 1027, is a block', async () => {
    const p = make('minimax', 'MiniMax-M2');
    server.next(chat('这是回答', { input_sensitive: true, input_sensitive_type: 1, base_resp: { status_code: 0, status_msg: '' } }));
    expect(await p.complete(ask, ctx)).toMatchObject({ status: 'ok', text: '这是回答' });
    server.next(chat('', { output_sensitive: true, base_resp: { status_code: 0, status_msg: '' } }));
    expect(await p.complete(ask, ctx)).toMatchObject({ status: 'content_filtered', error: { code: 'output_sensitive' } });
    server.next({ kind: 'json', body: { base_resp: { status_code: 1027, status_msg: 'output new_sensitive' } } });
    expect(await p.complete(ask, ctx)).toMatchObject({ status: 'content_filtered', error: { code: '1027' } });
  });

  it('M2 models get reasoning_split, and reasoning_details come back apart from the answer', async () => {
    const p = make('minimax', 'MiniMax-M2');
    server.next({
      kind: 'json',
      body: {
        choices: [{ index: 0, message: { role: 'assistant', content: '42', reasoning_details: [{ type: 'reasoning.text', id: 'r1', text: '先算一下' }] }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 },
        base_resp: { status_code: 0, status_msg: '' },
      },
    });
    expect(await p.complete(ask, ctx)).toMatchObject({ status: 'ok', text: '42', reasoning: '先算一下' });
    expect(last().body.reasoning_split).toBe(true);
  });
});

describe('OpenAI and Azure reasoning models (defect 2)', () => {
  // What OpenAI answers a reasoning model given max_tokens or a non-default temperature.
  const reasoningApi = (r: Recorded): Reply => {
    if (r.body.max_tokens !== undefined)
      return openaiError(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'max_tokens', 'unsupported_parameter');
    if (r.body.temperature !== undefined && r.body.temperature !== 1)
      return openaiError(400, "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.", 'temperature');
    return chat('好', { usage: { prompt_tokens: 3, completion_tokens: 300, completion_tokens_details: { reasoning_tokens: 298 }, total_tokens: 303 } });
  };

  it.each(['gpt-5', 'gpt-5.1', 'o4-mini', 'o3'])('%s: max_completion_tokens, no temperature, room for thinking; all recorded', async (model) => {
    server.setDefault(reasoningApi);
    const p = make('openai', model);
    const r = await p.complete(ask, ctx);
    expect(r.status).toBe('ok');
    expect(r.usage).toMatchObject({ outputTokens: 300, reasoningTokens: 298 });
    expect(last().body).toMatchObject({ max_completion_tokens: 25_000 });
    expect(last().body).not.toHaveProperty('temperature');
    expect(p.describeRequest?.(ask).map((m) => m.field)).toEqual(['temperature', 'maxTokens']);
  });

  it('a non-reasoning model keeps max_tokens and temperature 0', async () => {
    await make('openai', 'gpt-4.1').complete(ask, ctx);
    expect(last().body).toMatchObject({ max_tokens: 1024, temperature: 0 });
  });

  it("the provider entry's maxTokens wins over the reasoning floor", async () => {
    server.setDefault(reasoningApi);
    await make('openai', 'gpt-5', { maxTokens: 4000 }).complete(ask, ctx);
    expect(last().body.max_completion_tokens).toBe(4000);
  });

  it('Azure: a reasoning deployment (rules matched on `family`, else the deployment name)', async () => {
    server.setDefault(reasoningApi);
    const az = (model: string, extra = {}) => createFromPreset({ id: 'az', preset: 'azure', model, baseUrl: server.url, apiKey: 'k', stream: false, ...extra });
    expect((await az('o4-mini').complete(ask, ctx)).status).toBe('ok');
    expect((await az('prod-reasoner', { family: 'gpt-5' }).complete(ask, ctx)).status).toBe('ok');
    expect(last().url).toContain('/openai/deployments/prod-reasoner/chat/completions');
  });

  it('reasoning: {effort} becomes reasoning_effort', async () => {
    server.setDefault(reasoningApi);
    await make('openai', 'gpt-5', { reasoning: { effort: 'high' } }).complete(ask, ctx);
    expect(last().body.reasoning_effort).toBe('high');
  });
});

describe('Moonshot streaming usage (defect 3)', () => {
  it('reads usage (and cached_tokens) from choices[0].usage of the last chunk', async () => {
    const chunk = (delta: Record<string, unknown>, finish: string | null, usage?: unknown) => ({
      data: { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish, ...(usage ? { usage } : {}) }] },
    });
    server.next({
      kind: 'sse',
      events: [
        chunk({ role: 'assistant', content: '你' }, null),
        chunk({ content: '好' }, null),
        chunk({}, 'stop', { prompt_tokens: 19, completion_tokens: 13, total_tokens: 32, cached_tokens: 16 }),
        { data: '[DONE]' },
      ],
    });
    const r = await make('moonshot', 'kimi-k2.6', { stream: true }).complete(ask, ctx);
    expect(r).toMatchObject({ status: 'ok', text: '你好', usage: { inputTokens: 19, outputTokens: 13, cachedInputTokens: 16 } });
    expect(r.usage?.estimated).toBeUndefined();
  });

  it('kimi-k2.5+ fix temperature and top_p: none is sent, and that is recorded', async () => {
    const p = make('moonshot', 'kimi-k2.6');
    await p.complete({ ...ask, topP: 0.9 }, ctx);
    expect(last().body).not.toHaveProperty('temperature');
    expect(last().body).not.toHaveProperty('top_p');
    expect(p.describeRequest?.(ask).map((m) => m.field)).toContain('temperature');
  });
});

describe('DeepSeek (defect 4)', () => {
  it('finish_reason insufficient_system_resource is a retryable server error, the partial text kept', async () => {
    server.next(chat('答案的前半', {}, 'insufficient_system_resource'));
    const r = await make('deepseek', 'deepseek-chat').complete(ask, ctx);
    expect(r).toMatchObject({ status: 'server_error', text: '答案的前半', error: { code: 'insufficient_system_resource' } });
  });

  it('the reasoner is sent no temperature (it has no effect there) and room for its thinking; 128K context', async () => {
    const p = make('deepseek', 'deepseek-reasoner');
    await p.complete(ask, ctx);
    expect(last().body).not.toHaveProperty('temperature');
    expect(last().body.max_tokens).toBe(32_768);
    expect(presets.deepseek.models['deepseek-reasoner'].contextLength).toBe(128_000);
  });
});

describe('Hunyuan (defects 5, 10)', () => {
  it('OperationDenied.TextIllegalDetected is a block on the OpenAI-compatible endpoint too', async () => {
    server.next({ kind: 'json', status: 400, body: { error: { code: 'OperationDenied.TextIllegalDetected', message: '文本包含非法信息，审核不通过。', type: 'invalid_request_error' } } });
    expect(await make('hunyuan', 'hunyuan-turbos-latest').complete(ask, ctx)).toMatchObject({ status: 'content_filtered', error: { code: 'OperationDenied.TextIllegalDetected' } });
  });

  it.each([
    [0, 1],
    [42, 42],
    [20_000, 10_000],
  ])('seed %i is sent as %i (Seed must be within 1–10000)', async (seed, sent) => {
    await make('hunyuan', 'hunyuan-turbos-latest').complete({ ...ask, seed }, ctx);
    expect(last().body.seed).toBe(sent);
  });
});

describe('Zhipu and ERNIE temperature ranges, Zhipu stop words (defects 6, 10)', () => {
  it('Zhipu: temperature 0 → 0.01 with do_sample false, 1 → 0.99 (as its SDK does); one stop word', async () => {
    const p = make('zhipu', 'glm-4-air');
    await p.complete({ ...ask, stop: ['。', '\n'] }, ctx);
    expect(last().body).toMatchObject({ temperature: 0.01, do_sample: false, stop: ['。'] });
    await p.complete({ ...ask, temperature: 1 }, ctx);
    expect(last().body).toMatchObject({ temperature: 0.99, do_sample: false });
    await p.complete({ ...ask, temperature: 0.5 }, ctx);
    expect(last().body.temperature).toBe(0.5);
    expect(last().body).not.toHaveProperty('do_sample');
    expect(p.describeRequest?.({ ...ask, stop: ['a', 'b'] }).map((m) => m.field)).toEqual(['temperature', 'stop']);
  });

  it('Zhipu JWT applies the same rules', async () => {
    const p = createFromPreset({ id: 'zj', preset: 'zhipu-jwt', model: 'glm-4-air', baseUrl: `${server.url}/api/paas/v4`, apiKey: 'id.secret', stream: false });
    await p.complete(ask, ctx);
    expect(last().body).toMatchObject({ temperature: 0.01, do_sample: false });
  });

  it('Qianfan v2 (ERNIE): temperature 0 → 0.01', async () => {
    await make('qianfan', 'ernie-4.5-turbo-128k').complete(ask, ctx);
    expect(last().body.temperature).toBe(0.01);
  });
});

describe('Ark model ids (defect 7)', () => {
  it('warns about bare aliases, not about versioned or ep- ids', () => {
    const warn = presets.ark.modelWarning!;
    expect(warn('doubao-pro-32k')?.en).toMatch(/versioned/);
    expect(warn('doubao-seed-1-6-250615')).toBeUndefined();
    expect(warn('ep-20250101123456-abcde')).toBeUndefined();
    for (const model of Object.keys(presets.ark.models)) expect(warn(model), model).toBeUndefined();
  });
});

describe('Spark context (defect 8)', () => {
  it('spark and spark-ws agree on every model they share', () => {
    for (const [model, info] of Object.entries(presets.spark.models)) {
      const ws = presets['spark-ws'].models[model];
      if (ws) expect(ws.contextLength, model).toBe(info.contextLength);
    }
    expect(presets.spark.models['max-32k'].contextLength).toBe(32_768);
  });
});

describe('Qianfan legacy token behind a gateway path (defect 10)', () => {
  it('the token request keeps the baseUrl path prefix', async () => {
    server.setDefault((r) =>
      r.url.startsWith('/gw/oauth/2.0/token')
        ? { kind: 'json', body: { access_token: 'tok', expires_in: 2_592_000 } }
        : r.url.startsWith('/gw/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/')
          ? { kind: 'json', body: { id: 'as-1', result: '好', is_truncated: false, need_clear_history: false, usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } } }
          : { kind: 'json', status: 404, body: { error_code: 3, error_msg: 'Unsupported openapi method' } },
    );
    const p = createFromPreset({ id: 'ql', preset: 'qianfan-legacy', model: 'ernie-4.0-8k', baseUrl: `${server.url}/gw`, apiKey: 'ak', secretKey: 'sk', stream: false });
    expect(await p.complete(ask, ctx)).toMatchObject({ status: 'ok', text: '好' });
    expect(server.requests[0].url).toMatch(/^\/gw\/oauth\/2\.0\/token\?/);
  });
});

describe('"cut by the token limit" is `length` for every vendor', () => {
  it('OpenAI wire length stays length', async () => {
    server.next(chat('半', {}, 'length'));
    expect((await make('dashscope', 'qwen-plus').complete(ask, ctx)).finishReason).toBe('length');
  });

  it('Anthropic stop_reason max_tokens → length', async () => {
    server.next({
      kind: 'json',
      body: { id: 'm', type: 'message', role: 'assistant', content: [{ type: 'text', text: '半' }], stop_reason: 'max_tokens', usage: { input_tokens: 3, output_tokens: 5 } },
    });
    const p = createFromPreset({ id: 'a', preset: 'anthropic', model: 'claude-sonnet-4-5', baseUrl: server.url, apiKey: 'k', stream: false });
    expect(await p.complete(ask, ctx)).toMatchObject({ status: 'ok', finishReason: 'length' });
  });

  it('Gemini finishReason MAX_TOKENS → length', async () => {
    server.next({
      kind: 'json',
      body: { candidates: [{ content: { role: 'model', parts: [{ text: '半' }] }, finishReason: 'MAX_TOKENS' }], usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 5 } },
    });
    const p = createFromPreset({ id: 'g', preset: 'gemini', model: 'gemini-2.5-flash', baseUrl: server.url, apiKey: 'k', stream: false });
    expect(await p.complete(ask, ctx)).toMatchObject({ status: 'ok', finishReason: 'length' });
  });
});

describe('reasoning: on a provider, mapped per vendor', () => {
  it('Qwen3 (DashScope): enable_thinking and thinking_budget (thinking streams: DashScope answers it only so)', async () => {
    await make('dashscope', 'qwen3-235b-a22b', { reasoning: { enabled: true, budgetTokens: 2048 }, stream: true }).complete(ask, ctx);
    expect(last().body).toMatchObject({ enable_thinking: true, thinking_budget: 2048 });
    await make('dashscope', 'qwen3-235b-a22b', { reasoning: { enabled: false } }).complete(ask, ctx);
    expect(last().body.enable_thinking).toBe(false);
  });

  describe('DashScope answers thinking only on streaming calls', () => {
    // What DashScope's compatible mode does: a non-streaming call that thinks (asked, or the model's default) is refused.
    const THINKS_BY_DEFAULT = /^qwen3-\d+b|^qwen3\.5-/;
    const dashscope = (r: Recorded): Reply => {
      const thinks = r.body.enable_thinking ?? THINKS_BY_DEFAULT.test(r.body.model);
      if (!r.body.stream && thinks)
        return {
          kind: 'json',
          status: 400,
          body: { error: { code: 'invalid_parameter_error', param: null, message: 'parameter.enable_thinking must be set to false for non-streaming calls', type: 'invalid_request_error' } },
        };
      if (r.body.stream)
        return {
          kind: 'sse',
          events: [
            { data: { choices: [{ index: 0, delta: { role: 'assistant', reasoning_content: '想' }, finish_reason: null }] } },
            { data: { choices: [{ index: 0, delta: { content: '好' }, finish_reason: 'stop' }] } },
            { data: { choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } } },
            { data: '[DONE]' },
          ],
        };
      return chat('好');
    };

    it('the vendor fake refuses what DashScope refuses (a default-thinking Qwen3 sent nothing, non-streaming)', async () => {
      server.setDefault(dashscope);
      const r = await make('dashscope', 'qwen3-32b', { params: { enable_thinking: true } }).complete(ask, ctx);
      expect(r).toMatchObject({ status: 'bad_request', error: { message: expect.stringMatching(/enable_thinking must be set to false/) } });
    });

    it.each(['qwen3-32b', 'qwen3-235b-a22b', 'qwen3.5-plus'])('%s non-streaming: enable_thinking false is sent and recorded', async (model) => {
      server.setDefault(dashscope);
      const p = make('dashscope', model);
      expect(await p.complete(ask, ctx)).toMatchObject({ status: 'ok', text: '好' });
      expect(last().body.enable_thinking).toBe(false);
      expect(p.describeRequest?.(ask)).toEqual([
        expect.objectContaining({ field: 'reasoning.enabled', from: null, to: false, reason: expect.stringContaining('help.aliyun.com/zh/model-studio/deep-thinking') }),
      ]);
    });

    it('a model that does not think by default, or a streaming call, sends nothing and records nothing', async () => {
      server.setDefault(dashscope);
      const plus = make('dashscope', 'qwen-plus');
      expect((await plus.complete(ask, ctx)).status).toBe('ok');
      expect(last().body).not.toHaveProperty('enable_thinking');
      expect(plus.describeRequest?.(ask)).toEqual([]);
      const streamed = make('dashscope', 'qwen3-32b', { stream: true });
      expect(await streamed.complete(ask, ctx)).toMatchObject({ status: 'ok', text: '好', reasoning: '想' });
      expect(last().body).not.toHaveProperty('enable_thinking');
      expect(streamed.describeRequest?.(ask)).toEqual([]);
    });

    it("reasoning: {enabled: false} is the entry's choice (no mapping); thinking asked without streaming, or a thinking-only model, is refused at setup", async () => {
      server.setDefault(dashscope);
      const off = make('dashscope', 'qwen3-32b', { reasoning: { enabled: false } });
      expect((await off.complete(ask, ctx)).status).toBe('ok');
      expect(off.describeRequest?.(ask)).toEqual([]);
      expect(() => make('dashscope', 'qwen3-32b', { reasoning: { enabled: true } })).toThrow(/answers thinking only on streaming calls/);
      expect(() => make('dashscope', 'qwq-plus')).toThrow(/always thinks/);
      const thinking = make('dashscope', 'qwen3-32b', { stream: true, reasoning: { enabled: true } });
      expect(await thinking.complete(ask, ctx)).toMatchObject({ status: 'ok', reasoning: '想' });
      expect(last().body.enable_thinking).toBe(true);
    });
  });

  it("what changes the answer changes the identity (the response cache key): reasoning, the entry's maxTokens, thinking turned off", () => {
    const id = (model: string, extra: Record<string, unknown> = {}) => make('dashscope', model, extra).identity;
    expect(id('qwen-plus')).toBe(id('qwen-plus'));
    expect(id('qwen-plus', { stream: true, reasoning: { enabled: true } })).not.toBe(id('qwen-plus', { stream: true, reasoning: { enabled: false } }));
    expect(id('qwen-plus', { maxTokens: 100 })).not.toBe(id('qwen-plus'));
    // Non-streaming qwen3-32b answers without thinking, streaming with it: not the same answers.
    expect(id('qwen3-32b')).not.toBe(id('qwen3-32b', { stream: true }));
    // An entry without those fields keeps the identity it had (the cache of earlier runs still serves it).
    expect(JSON.parse(id('qwen-plus'))).toEqual({ type: 'openai-compatible', preset: 'dashscope', url: `${server.url}/compatible-mode/v1/chat/completions`, model: 'qwen-plus', params: {} });
  });

  it.each(['zhipu', 'ark', 'moonshot'])('%s: thinking {type}', async (preset) => {
    await make(preset, preset === 'ark' ? 'doubao-seed-1-6-250615' : 'm', { reasoning: { enabled: false } }).complete(ask, ctx);
    expect(last().body.thinking).toEqual({ type: 'disabled' });
  });

  it('a preset with no documented switch refuses the setting, naming the field', () => {
    expect(() => make('deepseek', 'deepseek-chat', { reasoning: { enabled: true } })).toThrow(/no documented reasoning switch/);
  });

  it('Anthropic: thinking budget inside max_tokens, no temperature; thinking blocks kept apart and counted', async () => {
    server.next({
      kind: 'json',
      body: {
        id: 'm',
        type: 'message',
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: '想一想', signature: 's' },
          { type: 'text', text: '42' },
        ],
        stop_reason: 'end_turn',
        usage: { input_tokens: 3, output_tokens: 40 },
      },
    });
    const p = createFromPreset({ id: 'a', preset: 'anthropic', model: 'claude-sonnet-4-5', baseUrl: server.url, apiKey: 'k', stream: false, reasoning: { budgetTokens: 2000 } });
    expect(await p.complete(ask, ctx)).toMatchObject({ status: 'ok', text: '42', reasoning: '想一想' });
    expect(last().body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2000 }, max_tokens: 3024 });
    expect(last().body).not.toHaveProperty('temperature');
    expect(p.describeRequest?.(ask).map((m) => m.field)).toEqual(['maxTokens', 'temperature']);
  });

  it('Gemini: thinkingConfig with includeThoughts; thought parts apart, thoughtsTokenCount as reasoning tokens', async () => {
    server.next({
      kind: 'json',
      body: {
        candidates: [{ content: { role: 'model', parts: [{ text: '想', thought: true }, { text: '42' }] }, finishReason: 'STOP' }],
        usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, thoughtsTokenCount: 30 },
      },
    });
    const p = createFromPreset({ id: 'g', preset: 'gemini', model: 'gemini-2.5-flash', baseUrl: server.url, apiKey: 'k', stream: false, reasoning: { budgetTokens: 1024 } });
    expect(await p.complete(ask, ctx)).toMatchObject({ text: '42', reasoning: '想', usage: { outputTokens: 32, reasoningTokens: 30 } });
    expect(last().body.generationConfig.thinkingConfig).toEqual({ thinkingBudget: 1024, includeThoughts: true });
  });
});
