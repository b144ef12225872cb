// The fault matrix and the measurements, against the real scripted server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAICompatible } from '../../src/providers/openai-compatible.js';
import type { CallContext, ChatRequest } from '../../src/types.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

let server: OpenAIServer;
beforeAll(async () => (server = await startOpenAIServer({ answers: { '1+1?': '2' } })));
afterAll(() => server.close());
beforeEach(() => server.reset());

const ctx = (timeoutMs = 5000, signal?: AbortSignal): CallContext => ({ runId: 'r', taskId: 't', itemId: 'i', repeat: 0, timeoutMs, signal });
const ask = (content: string): ChatRequest => ({ messages: [{ role: 'user', content }] });
const provider = (stream: boolean, extra: Record<string, unknown> = {}) => createOpenAICompatible({ id: 'p', model: 'm', baseUrl: `${server.url}/v1`, apiKey: 'sk-never-shown', stream, ...extra });

describe.each([true, false])('fault matrix (stream=%s)', (stream) => {
  it('429 with an HTTP-date Retry-After → rate_limited with retryAfterMs', async () => {
    const at = new Date(Date.now() + 5000).toUTCString();
    server.enqueue({ kind: 'rate_limit', retryAfter: at });
    const r = await provider(stream).complete(ask('x'), ctx());
    expect(r.status).toBe('rate_limited');
    expect(r.error!.retryAfterMs).toBeGreaterThan(3000);
    expect(r.error!.retryAfterMs).toBeLessThanOrEqual(5000);
    expect(r.error!.code).toBe('rate_limit_exceeded');
  });

  it('400 with a vendor content-filter body → content_filtered, code kept', async () => {
    server.enqueue({ kind: 'status', status: 400, body: { error: { code: 'content_filter', message: 'blocked' } } });
    const r = await provider(stream).complete(ask('x'), ctx());
    expect(r).toMatchObject({ status: 'content_filtered', error: { code: 'content_filter', message: 'blocked', httpStatus: 400 } });
  });

  it('404 and 422 → bad_request; 503 → server_error; 403 → auth', async () => {
    server.enqueue({ kind: 'status', status: 404 }, { kind: 'status', status: 422 }, { kind: 'status', status: 503 }, { kind: 'status', status: 403 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await provider(stream).complete(ask('x'), ctx())).status);
    expect(statuses).toEqual(['bad_request', 'bad_request', 'server_error', 'auth']);
  });

  it('HTTP 200 carrying an error body → classified, not an empty answer', async () => {
    server.enqueue({ kind: 'status', status: 200, body: { error: { code: '1301', message: '敏感内容' } } });
    const r = await provider(stream).complete(ask('x'), ctx());
    // The generic signals do not know 1301: a server error, with the code kept.
    expect(r).toMatchObject({ status: 'server_error', error: { code: '1301' } });
  });

  it('the caller’s abort → timeout', async () => {
    server.enqueue({ kind: 'hang' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const r = await provider(stream).complete(ask('x'), ctx(10_000, ac.signal));
    expect(r.status).toBe('timeout');
  });

  it('the API key never appears in a result or the identity', async () => {
    server.enqueue({ kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided: sk-never-shown' } } });
    const p = provider(stream);
    const r = await p.complete(ask('x'), ctx());
    expect(r.status).toBe('auth');
    expect(p.identity).not.toContain('sk-never-shown');
    expect(server.requests[0].headers.authorization).toBe('Bearer sk-never-shown');
  });
});

describe('transport faults', () => {
  it('connection refused → network with the socket code', async () => {
    const gone = await startOpenAIServer();
    const url = gone.url;
    await gone.close();
    const r = await createOpenAICompatible({ id: 'p', model: 'm', baseUrl: url, stream: false }).complete(ask('x'), ctx());
    expect(r).toMatchObject({ status: 'network', error: { code: 'ECONNREFUSED' } });
  });

  it('a stream that ends cleanly without [DONE] or finish_reason → network "stream truncated"', async () => {
    server.enqueue({ kind: 'truncate', text: 'abcdefgh', mode: 'end' });
    const r = await provider(true).complete(ask('x'), ctx());
    expect(r.status).toBe('network');
    expect(r.error!.message).toMatch(/^stream truncated/);
    expect(r.text).toBe('abcd'); // the half that arrived that arrived is kept for the log
  });

  it('a stream that stalls mid-answer → timeout', async () => {
    server.enqueue({ kind: 'hang', afterChunks: 1 });
    const r = await provider(true).complete(ask('abcdefgh'), ctx(200));
    expect(r.status).toBe('timeout');
    expect(r.timing.ttftMs).toBeDefined();
  });

  it('a malformed stream chunk → server_error "malformed response"', async () => {
    server.enqueue({ kind: 'malformed' });
    const r = await provider(true).complete(ask('x'), ctx());
    expect(r.status).toBe('server_error');
    expect(r.error!.message).toMatch(/^malformed response/);
  });

  it('an error event inside the stream is classified', async () => {
    const body = { error: { code: 'content_filter', message: 'output blocked' } };
    server.enqueue({ kind: 'status', status: 200, body }); // plain JSON to a streaming request
    const r = await provider(true).complete(ask('x'), ctx());
    expect(r).toMatchObject({ status: 'content_filtered', error: { code: 'content_filter' } });
  });

  it('the connection is reused across requests (keep-alive)', async () => {
    const p = provider(false);
    for (let i = 0; i < 5; i++) expect((await p.complete(ask(`q${i}`), ctx())).status).toBe('ok');
    const ports = new Set(server.requests.map((r) => r.headers.connection));
    expect(ports).toEqual(new Set(['keep-alive']));
    await p.close?.();
  });
});

describe('answers, usage and timing', () => {
  it('usage with reasoning and cached tokens is read from the response', async () => {
    server.enqueue({
      kind: 'answer',
      text: '42',
      reasoning: 'think',
      usage: { prompt_tokens: 10, completion_tokens: 7, completion_tokens_details: { reasoning_tokens: 5 }, prompt_tokens_details: { cached_tokens: 4 } },
    });
    const r = await provider(false).complete(ask('x'), ctx());
    expect(r).toMatchObject({ status: 'ok', text: '42', reasoning: 'think', usage: { inputTokens: 10, outputTokens: 7, reasoningTokens: 5, cachedInputTokens: 4 } });
    expect(r.usage!.estimated).toBeUndefined();
  });

  it('no usage reported → estimated (CJK 1 token per char, else ~4 chars per token)', async () => {
    server.enqueue({ kind: 'answer', text: '你好abcd', usage: false });
    const r = await provider(true).complete(
      {
        messages: [
          { role: 'system', content: '12345678' },
          { role: 'user', content: '中文' },
        ],
      },
      ctx(),
    );
    expect(r.usage).toEqual({ inputTokens: 2 + 2, outputTokens: 3, estimated: true });
  });

  it('streaming asks for usage with stream_options and reads it from the last chunk', async () => {
    server.enqueue({ kind: 'answer', text: 'hello', usage: { prompt_tokens: 3, completion_tokens: 9 } });
    const r = await provider(true).complete(ask('x'), ctx());
    expect(server.requests[0].body.stream_options).toEqual({ include_usage: true });
    expect(r.usage).toEqual({ inputTokens: 3, outputTokens: 9 });
  });

  it('answers from the lookup table; request fields are mapped and params merged', async () => {
    const r = await provider(false, { params: { enable_thinking: false } }).complete(
      { messages: [{ role: 'user', content: '1+1?' }], temperature: 0, maxTokens: 8, topP: 0.9, seed: 1, stop: ['\n'] },
      ctx(),
    );
    expect(r.text).toBe('2');
    expect(server.requests[0].body).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: '1+1?' }],
      stream: false,
      temperature: 0,
      max_tokens: 8,
      top_p: 0.9,
      seed: 1,
      stop: ['\n'],
      enable_thinking: false,
    });
  });

  it('TTFT follows the first chunk as the server wrote it; gaps and tokens/s follow the script', async () => {
    for (const delay of [80, 200]) {
      server.enqueue({ kind: 'answer', text: 'abcdefgh', chunks: 4, firstByteMs: delay, chunkGapMs: [200, 400, 200], usage: { prompt_tokens: 1, completion_tokens: 12 } });
      const r = await provider(true).complete(ask('x'), ctx());
      expect(r.status).toBe('ok');
      // The server slept at least the scripted time. The client sees the
      // first chunk only after the server wrote it (lag ≥ 0), and before the
      // next one: 150 ms leaves room for a loaded CI machine, yet a TTFT taken
      // at the request's start (lag ≈ −delay) or at the stream's end (lag ≥
      // 800 ms of gaps) fails.
      const logged = server.requests.at(-1)!;
      const served = logged.firstChunkAt! - logged.receivedAt;
      expect(served).toBeGreaterThanOrEqual(delay - 1);
      const lag = r.timing.ttftMs! - served;
      expect(lag).toBeGreaterThanOrEqual(-1);
      expect(lag).toBeLessThan(150);
      expect(r.timing.interTokenMs!.length).toBe(3);
      expect(r.timing.interTokenMs![1]).toBeGreaterThan(r.timing.interTokenMs![0] + 100);
      const after = r.timing.totalMs - r.timing.ttftMs!;
      expect(r.timing.tokensPerSecond).toBeCloseTo((12 / after) * 1000, 5);
    }
  });

  it('non-streaming tokens/s is output tokens over total time', async () => {
    server.enqueue({ kind: 'answer', text: 'x', usage: { prompt_tokens: 1, completion_tokens: 20 }, firstByteMs: 20 });
    const r = await provider(false).complete(ask('x'), ctx());
    expect(r.timing.ttftMs).toBeUndefined();
    expect(r.timing.tokensPerSecond).toBeCloseTo((20 / r.timing.totalMs) * 1000, 5);
  });

  it('identity changes with model, endpoint and params, not with the key', () => {
    const a = provider(false).identity;
    expect(provider(false, { apiKey: 'other' }).identity).toBe(a);
    expect(provider(false, { model: 'm2' }).identity).not.toBe(a);
    expect(provider(false, { params: { enable_thinking: true } }).identity).not.toBe(a);
    expect(provider(false, { params: { a: 1, b: 2 } }).identity).toBe(provider(false, { params: { b: 2, a: 1 } }).identity);
  });
});

describe('test server scripting', () => {
  it('takes a fault from a header, the queue, the script, or a directive in the message', async () => {
    const header = createOpenAICompatible({ id: 'p', model: 'm', baseUrl: `${server.url}/v1`, stream: false, headers: { 'x-test-fault': JSON.stringify({ kind: 'status', status: 502 }) } });
    expect((await header.complete(ask('x'), ctx())).status).toBe('server_error');
    server.script((req) => (req.body.messages[0].content === 'boom' ? { kind: 'status', status: 401 } : undefined));
    expect((await provider(false).complete(ask('boom'), ctx())).status).toBe('auth');
    expect((await provider(false).complete(ask('fine'), ctx())).text).toBe('fine');
    expect((await provider(false).complete(ask('[[fault:{"kind":"filter"}]]'), ctx())).status).toBe('content_filtered');
    expect(server.requests.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(server.requests.every((r) => r.finishedAt! >= r.receivedAt)).toBe(true);
  });

  it('tracks requests in flight', async () => {
    server.script(() => ({ kind: 'answer', text: 'ok', firstByteMs: 50 }));
    const p = provider(false);
    await Promise.all([1, 2, 3].map((i) => p.complete(ask(String(i)), ctx())));
    expect(server.maxInFlight).toBe(3);
    expect(server.inFlight).toBe(0);
  });
});
