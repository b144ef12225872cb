import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAICompatible } from '../../src/providers/openai-compatible.js';
import type { CallContext, ChatRequest } from '../../src/types.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

let server: OpenAIServer;
beforeAll(async () => (server = await startOpenAIServer()));
afterAll(() => server.close());

const ctx = (timeoutMs = 5000): CallContext => ({ runId: 'r', taskId: 't', itemId: 'i', repeat: 0, timeoutMs });
const req: ChatRequest = { messages: [{ role: 'user', content: 'ping' }], temperature: 0, maxTokens: 16 };
const provider = (stream: boolean) => createOpenAICompatible({ id: 'p', model: 'm', baseUrl: `${server.url}/v1`, apiKey: 'sk-test-secret', stream });

describe.each([true, false])('openai-compatible (stream=%s)', (stream) => {
  it('answers, with usage, timing and the bearer key sent', async () => {
    server.setScript(() => ({ kind: 'answer', text: '你好，世界', usage: { prompt_tokens: 7, completion_tokens: 5 } }));
    const r = await provider(stream).complete(req, ctx());
    expect(r).toMatchObject({ status: 'ok', text: '你好，世界', finishReason: 'stop', usage: { inputTokens: 7, outputTokens: 5 } });
    expect(r.timing.totalMs).toBeGreaterThan(0);
    if (stream) expect(r.timing.ttftMs).toBeGreaterThan(0);
    const last = server.requests[server.requests.length - 1];
    expect(last.headers.authorization).toBe('Bearer sk-test-secret');
    expect(last.url).toBe('/v1/chat/completions');
    expect(last.body).toMatchObject({ model: 'm', stream, max_tokens: 16, temperature: 0 });
  });

  it('keeps reasoning text apart from the answer', async () => {
    server.setScript(() => ({ kind: 'answer', text: '42', reasoning: '先算……' }));
    const r = await provider(stream).complete(req, ctx());
    expect(r.text).toBe('42');
    expect(r.reasoning).toBe('先算……');
  });

  it('classifies 429 with Retry-After as rate_limited', async () => {
    server.setScript(() => ({ kind: 'status', status: 429, headers: { 'retry-after': '3' }, body: { error: { message: 'slow down', code: 'rate_limit_exceeded' } } }));
    const r = await provider(stream).complete(req, ctx());
    expect(r).toMatchObject({ status: 'rate_limited', error: { code: 'rate_limit_exceeded', retryAfterMs: 3000, httpStatus: 429 } });
  });

  it('classifies 500 as server_error and 401 as auth, never echoing the key', async () => {
    server.setScript(() => ({ kind: 'status', status: 500 }));
    expect((await provider(stream).complete(req, ctx())).status).toBe('server_error');
    server.setScript(() => ({ kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } } }));
    const r = await provider(stream).complete(req, ctx());
    expect(r.status).toBe('auth');
    expect(JSON.stringify(r)).not.toContain('sk-test-secret');
  });

  it('classifies a reset connection as network', async () => {
    server.setScript(() => ({ kind: 'reset' }));
    expect((await provider(stream).complete(req, ctx())).status).toBe('network');
  });

  it('classifies a hang as timeout', async () => {
    server.setScript(() => ({ kind: 'hang' }));
    const r = await provider(stream).complete(req, ctx(300));
    expect(r.status).toBe('timeout');
  });

  it('classifies malformed JSON as server_error', async () => {
    server.setScript(() => ({ kind: 'malformed' }));
    const r = await provider(stream).complete(req, ctx());
    expect(r.status).toBe('server_error');
    expect(r.error?.message).toMatch(/malformed/);
  });

  it('maps finish_reason content_filter to content_filtered, keeping the code', async () => {
    server.setScript(() => ({ kind: 'answer', text: '', finishReason: 'content_filter' }));
    const r = await provider(stream).complete(req, ctx());
    expect(r).toMatchObject({ status: 'content_filtered', error: { code: 'content_filter' } });
  });
});

describe('streaming specifics', () => {
  it('a truncated stream is a network failure, not an answer', async () => {
    server.setScript(() => ({ kind: 'truncate', text: 'this answer never finishes properly', chunks: 6 }));
    const r = await provider(true).complete(req, ctx());
    expect(r.status).toBe('network');
    expect(r.error?.message).toMatch(/truncated/);
  });

  it('measures time to first token from the stream as it arrives', async () => {
    for (const delay of [120, 250]) {
      // A server that waits before the first chunk, then streams with gaps.
      server.setScript(() => ({ kind: 'answer', text: 'abcdefgh', chunks: 4, chunkGapMs: 200, firstByteMs: delay }));
      const r = await provider(true).complete(req, ctx());
      expect(r.status).toBe('ok');
      // Against the server's own log of when the first chunk left (its timer
      // may fire late on a loaded machine; that is latency too): never before
      // it, and within 150 ms after (room for a loaded CI machine; a TTFT
      // taken at the stream's end would be ≥ 600 ms late).
      const logged = server.requests.at(-1)!;
      const served = logged.firstChunkAt! - logged.receivedAt;
      expect(served).toBeGreaterThanOrEqual(delay - 1);
      const lag = r.timing.ttftMs! - served;
      expect(lag).toBeGreaterThanOrEqual(-1);
      expect(lag).toBeLessThan(150);
      expect(r.timing.totalMs - r.timing.ttftMs!).toBeGreaterThanOrEqual(3 * 200 - 5);
      expect(r.timing.interTokenMs!.length).toBe(3);
    }
  });
});
