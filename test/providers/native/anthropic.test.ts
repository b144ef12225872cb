// Contract test of the `anthropic` preset against a local server replaying
// the Messages API shapes (https://docs.anthropic.com/en/api/messages,
// …/messages-streaming, …/errors): headers, system apart, the typed SSE
// events, stop_reason "refusal", error bodies incl. overloaded_error 529.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFromPreset } from '../../../src/providers/presets/index.js';
import type { CallContext } from '../../../src/types.js';
import { startVendorServer, type Reply, type VendorServer } from './vendor-server.js';

const ctx: CallContext = { runId: 'r', taskId: 't', itemId: 'i', repeat: 0, timeoutMs: 5000 };
const message = (text: string, stop = 'end_turn'): Reply => ({
  kind: 'json',
  body: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [
      { type: 'thinking', thinking: '想一想', signature: 's' },
      { type: 'text', text },
    ],
    stop_reason: stop,
    stop_sequence: null,
    usage: { input_tokens: 10, cache_read_input_tokens: 5, output_tokens: 7 },
  },
});
const stream = (pieces: string[], stop = 'end_turn', end = true): Reply => ({
  kind: 'sse',
  events: [
    { event: 'message_start', data: { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], usage: { input_tokens: 12, output_tokens: 1 } } } },
    { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
    { event: 'ping', data: { type: 'ping' } },
    ...pieces.map((t) => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t } } })),
    ...(end
      ? [
          { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
          { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 9 } } },
          { event: 'message_stop', data: { type: 'message_stop' } },
        ]
      : []),
  ],
});
const apiError = (status: number, type: string, message: string): Reply => ({ kind: 'json', status, body: { type: 'error', error: { type, message } } });

let server: VendorServer;
beforeAll(async () => (server = await startVendorServer(() => message('你好'))));
afterAll(() => server.close());
beforeEach(() => (server.requests.length = 0));

const make = (s: boolean) => createFromPreset({ id: 'claude', preset: 'anthropic', model: 'claude-sonnet-4-5', baseUrl: server.url, apiKey: 'sk-ant-test', stream: s });
const ask = (s: boolean) => make(s).complete({ messages: [{ role: 'user', content: 'x' }] }, ctx);

describe('anthropic', () => {
  it('sends x-api-key, anthropic-version and the system prompt apart', async () => {
    const r = await make(false).complete(
      {
        messages: [
          { role: 'system', content: '简短回答' },
          { role: 'user', content: '你好' },
        ],
        temperature: 0,
        stop: ['END'],
      },
      ctx,
    );
    expect(r).toMatchObject({ status: 'ok', text: '你好', reasoning: '想一想', finishReason: 'end_turn', usage: { inputTokens: 15, cachedInputTokens: 5, outputTokens: 7 } });
    const sent = server.requests[0];
    expect(sent.url).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe('sk-ant-test');
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      system: '简短回答',
      messages: [{ role: 'user', content: '你好' }],
      stream: false,
      temperature: 0,
      stop_sequences: ['END'],
    });
  });

  it('reads the typed stream: text deltas, usage from message_start and message_delta', async () => {
    server.next(stream(['你', '好']));
    const r = await ask(true);
    expect(r).toMatchObject({ status: 'ok', text: '你好', finishReason: 'end_turn', usage: { inputTokens: 12, outputTokens: 9 } });
    expect(r.timing.ttftMs).toBeGreaterThan(0);
  });

  it.each([false, true])('maps stop_reason refusal to content_filtered (stream=%s)', async (s) => {
    server.next(s ? stream(['我不能'], 'refusal') : message('', 'refusal'));
    expect(await ask(s)).toMatchObject({ status: 'content_filtered', error: { code: 'refusal' } });
  });

  it('maps overloaded_error 529 to server_error, keeping the code; 429 and 401 too', async () => {
    server.next(apiError(529, 'overloaded_error', 'Overloaded'));
    expect(await ask(false)).toMatchObject({ status: 'server_error', error: { code: 'overloaded_error', httpStatus: 529 } });
    server.next({ ...apiError(429, 'rate_limit_error', 'slow down'), headers: { 'retry-after': '2' } } as Reply);
    expect(await ask(true)).toMatchObject({ status: 'rate_limited', error: { code: 'rate_limit_error', retryAfterMs: 2000 } });
    server.next(apiError(401, 'authentication_error', 'invalid x-api-key'));
    const r = await ask(false);
    expect(r).toMatchObject({ status: 'auth', error: { code: 'authentication_error' } });
    expect(JSON.stringify(r)).not.toContain('sk-ant-test');
  });

  it('classifies an error event mid-stream, keeping the text so far', async () => {
    const s = stream(['半'], 'end_turn', false) as Extract<Reply, { kind: 'sse' }>;
    s.events.push({ event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
    server.next(s);
    expect(await ask(true)).toMatchObject({ status: 'server_error', text: '半', error: { code: 'overloaded_error' } });
  });

  it('classifies a stream that ends without message_stop or stop_reason as network', async () => {
    server.next(stream(['半'], 'end_turn', false));
    expect(await ask(true)).toMatchObject({ status: 'network', text: '半' });
  });
});
