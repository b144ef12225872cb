// One contract test per preset against the scripted server: URL path, auth
// header, body mapping, an answer, and the vendor's documented
// content-filter signal → content_filtered with the vendor code kept.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { createFromPreset, presets, resolvePreset } from '../../src/providers/presets/index.js';
import type { CallContext } from '../../src/types.js';
import { startOpenAIServer, type OpenAIServer, type Scripted } from '../helpers/openai-server.js';

let server: OpenAIServer;
beforeAll(async () => (server = await startOpenAIServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

const ctx: CallContext = { runId: 'r', taskId: 't', itemId: 'i', repeat: 0, timeoutMs: 5000 };
const err = (status: number, error: Record<string, unknown>): Scripted => ({ kind: 'status', status, body: { error } });

/** Each preset's documented block signal, and the code that must be kept. */
const BLOCKS: Record<string, Array<{ fault: Scripted; code: string }>> = {
  dashscope: [
    { fault: err(400, { code: 'data_inspection_failed', type: 'data_inspection_failed', message: 'Input data may contain inappropriate content.' }), code: 'data_inspection_failed' },
    { fault: { kind: 'status', status: 400, body: { code: 'DataInspectionFailed', message: 'Output data may contain inappropriate content.', request_id: 'r1' } }, code: 'DataInspectionFailed' },
  ],
  qianfan: [{ fault: err(400, { code: '336003', type: 'invalid_request_error', message: '输入内容包含敏感信息' }), code: '336003' }],
  zhipu: [
    { fault: err(400, { code: '1301', message: '系统检测到输入或生成内容可能包含不安全或敏感内容' }), code: '1301' },
    { fault: { kind: 'filter', finishReason: 'sensitive' }, code: 'sensitive' },
  ],
  moonshot: [{ fault: err(400, { type: 'content_filter', message: 'The request was rejected because it was considered high risk' }), code: 'content_filter' }],
  deepseek: [{ fault: { kind: 'filter', finishReason: 'content_filter' }, code: 'content_filter' }],
  ark: [
    {
      fault: err(400, { code: 'SensitiveContentDetected.Violence', type: 'BadRequest', message: 'The request failed because the input text may contain violence information.' }),
      code: 'SensitiveContentDetected.Violence',
    },
    { fault: err(400, { code: 'OutputTextSensitiveContentDetected', type: 'BadRequest', message: 'm' }), code: 'OutputTextSensitiveContentDetected' },
  ],
  hunyuan: [{ fault: { kind: 'filter', finishReason: 'sensitive' }, code: 'sensitive' }],
  minimax: [
    { fault: { kind: 'status', status: 200, body: { base_resp: { status_code: 1026, status_msg: 'input new_sensitive' } } }, code: '1026' },
    {
      fault: {
        kind: 'status',
        status: 200,
        body: { choices: [{ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'stop' }], output_sensitive: true, base_resp: { status_code: 0, status_msg: '' } },
      },
      code: 'output_sensitive',
    },
  ],
  yi: [{ fault: { kind: 'filter' }, code: 'content_filter' }],
  stepfun: [{ fault: { kind: 'filter' }, code: 'content_filter' }],
  baichuan: [{ fault: { kind: 'filter' }, code: 'content_filter' }],
  sensenova: [{ fault: { kind: 'filter' }, code: 'content_filter' }],
  ai360: [{ fault: { kind: 'filter' }, code: 'content_filter' }],
  spark: [{ fault: { kind: 'status', status: 200, body: { code: 10013, message: 'input content audit failed', sid: 's1' } }, code: '10013' }],
  openai: [
    { fault: { kind: 'filter' }, code: 'content_filter' },
    { fault: err(400, { code: 'content_policy_violation', type: 'invalid_request_error', message: 'Your request was rejected as a result of our safety system.' }), code: 'content_policy_violation' },
  ],
  azure: [
    {
      fault: err(400, {
        code: 'content_filter',
        message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
        innererror: { code: 'ResponsibleAIPolicyViolation' },
      }),
      code: 'content_filter',
    },
    { fault: { kind: 'filter' }, code: 'content_filter' },
  ],
  vllm: [{ fault: { kind: 'filter' }, code: 'content_filter' }],
  ollama: [{ fault: { kind: 'filter' }, code: 'content_filter' }],
  'llama-cpp': [{ fault: { kind: 'filter' }, code: 'content_filter' }],
  'openai-compatible': [{ fault: err(400, { code: 'data_inspection_failed', message: 'm' }), code: 'data_inspection_failed' }],
};

/** Presets with a protocol of their own are tested in test/providers/native/. */
const wirePresets = Object.keys(presets).filter((id) => !presets[id].create);

it('every OpenAI-compatible preset has a contract case', () => {
  expect(Object.keys(BLOCKS).sort()).toEqual(wirePresets.sort());
});

/** The preset's own path under the test server (or /v1 where the user gives the base). */
const baseFor = (id: string) => `${server.url}${presets[id].baseUrl ? new URL(presets[id].baseUrl!).pathname : id === 'azure' ? '' : '/v1'}`;

describe.each(wirePresets)('preset %s', (id) => {
  const make = (stream = false) => createFromPreset({ id: `${id}-test`, preset: id, model: 'test-model', baseUrl: baseFor(id), apiKey: presets[id].keyless ? undefined : 'sk-contract', stream });

  it('sends the documented request shape and reads the answer', async () => {
    const r = await make().complete({ messages: [{ role: 'user', content: '你好' }], maxTokens: 5, temperature: 0 }, ctx);
    expect(r).toMatchObject({ status: 'ok', text: '你好' });
    const sent = server.requests[0];
    const expectedPath = id === 'azure' ? '/openai/deployments/test-model/chat/completions?api-version=2024-10-21' : `${new URL(baseFor(id)).pathname}/chat/completions`;
    expect(sent.url).toBe(expectedPath);
    if (id === 'azure') {
      expect(sent.headers['api-key']).toBe('sk-contract');
      expect(sent.headers.authorization).toBeUndefined();
    } else if (presets[id].keyless) expect(sent.headers.authorization).toBeUndefined();
    else expect(sent.headers.authorization).toBe('Bearer sk-contract');
    // Temperature 0 goes out as each vendor's rules say (MiniMax and ERNIE: (0, 1]; Zhipu's SDK: 0.01 + do_sample false).
    const sampling = { minimax: { temperature: 0.01 }, qianfan: { temperature: 0.01 }, zhipu: { temperature: 0.01, do_sample: false } }[id] ?? { temperature: 0 };
    expect(sent.body).toMatchObject({ model: 'test-model', messages: [{ role: 'user', content: '你好' }], max_tokens: 5, ...sampling, stream: false });
  });

  it.each(BLOCKS[id].map((b, i) => [i, b] as const))('maps block signal #%i to content_filtered with the vendor code', async (_i, { fault, code }) => {
    for (const stream of [false, true]) {
      server.enqueue(fault);
      const r = await make(stream).complete({ messages: [{ role: 'user', content: 'x' }] }, ctx);
      expect(r.status, `stream=${stream}`).toBe('content_filtered');
      expect(r.error?.code).toBe(code);
    }
  });
});

describe('resolvePreset', () => {
  it('fills base URL, rate limit and context length; the config wins; idempotent', () => {
    const r = resolvePreset({ id: 'q', preset: 'dashscope', model: 'qwen-max' });
    expect(r).toMatchObject({ baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1', rateLimit: { rpm: 600 }, contextLength: 32_768 });
    expect(resolvePreset(r)).toEqual(r);
    expect(resolvePreset({ id: 'q', preset: 'dashscope', model: 'qwen-max', baseUrl: 'http://x/v1', rateLimit: { rpm: 5 } })).toMatchObject({ baseUrl: 'http://x/v1', rateLimit: { rpm: 5 } });
  });

  it('vendor error codes map to their meaning (Zhipu 1113 arrears → auth, 1302 → rate_limited)', async () => {
    server.enqueue(err(429, { code: '1113', message: '您的账户已欠费' }), err(429, { code: '1302', message: '并发过高' }));
    const p = createFromPreset({ id: 'z', preset: 'zhipu', model: 'glm-4-flash', baseUrl: `${server.url}/api/paas/v4`, apiKey: 'k', stream: false });
    expect((await p.complete({ messages: [{ role: 'user', content: 'x' }] }, ctx)).status).toBe('auth');
    expect((await p.complete({ messages: [{ role: 'user', content: 'x' }] }, ctx)).status).toBe('rate_limited');
  });

  it('a preset without a base URL needs one', () => {
    expect(() => createFromPreset({ id: 'v', preset: 'vllm', model: 'm' })).toThrow(InputError);
    expect(() => createFromPreset({ id: 'a', preset: 'azure', model: 'gpt-4o' })).toThrow(/baseUrl/);
  });
});
