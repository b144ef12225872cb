// Contract test of the `qianfan-legacy` preset against a local server that
// plays Baidu's two endpoints: /oauth/2.0/token (client_credentials → an
// access token with expires_in) and the wenxinworkshop chat endpoint, which
// checks the token like the real one (error_code 110 / 111 with HTTP 200),
// answers with `result` / `usage`, streams `is_end` events and reports
// blocks with `need_clear_history` / `ban_round`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERNIE_MIN_TEMPERATURE, type AccessTokens } from '../../../src/providers/native/qianfan-legacy.js';
import { createFromPreset } from '../../../src/providers/presets/index.js';
import type { CallContext, Provider } from '../../../src/types.js';
import { startVendorServer, type Recorded, type Reply, type VendorServer } from './vendor-server.js';

const ctx: CallContext = { runId: 'r', taskId: 't', itemId: 'i', repeat: 0, timeoutMs: 5000 };
const AK = 'test-ak-123';
const SK = 'test-sk-secret-456';

let server: VendorServer;
/** The token the server currently accepts; older ones are "expired" (111). */
let valid = '';
let issued = 0;
let clock = Date.parse('2026-01-01T00:00:00Z');

const answer = (result: string, extra: Record<string, unknown> = {}): Reply => ({
  kind: 'json',
  body: {
    id: 'as-1',
    object: 'chat.completion',
    created: 1,
    result,
    is_truncated: false,
    need_clear_history: false,
    finish_reason: 'normal',
    usage: { prompt_tokens: 6, completion_tokens: 4, total_tokens: 10 },
    ...extra,
  },
});
const stream = (pieces: string[], last: Record<string, unknown> = {}): Reply => ({
  kind: 'sse',
  events: pieces.map((result, i) => ({
    data: {
      id: 'as-2',
      object: 'chat.completion',
      created: 1,
      sentence_id: i,
      is_end: i === pieces.length - 1,
      is_truncated: false,
      result,
      need_clear_history: false,
      usage: { prompt_tokens: 6, completion_tokens: i + 1, total_tokens: 7 + i },
      ...(i === pieces.length - 1 ? { finish_reason: 'normal', ...last } : {}),
    },
  })),
});

function route(r: Recorded): Reply {
  const url = new URL(r.url, 'http://x');
  if (url.pathname === '/oauth/2.0/token') {
    if (url.searchParams.get('grant_type') !== 'client_credentials' || url.searchParams.get('client_id') !== AK || url.searchParams.get('client_secret') !== SK) {
      return { kind: 'json', status: 401, body: { error: 'invalid_client', error_description: 'unknown client id' } };
    }
    valid = `24.token-${++issued}`;
    return { kind: 'json', body: { refresh_token: 'r', expires_in: 2_592_000, scope: 'ai_custom_yiyan_com', access_token: valid } };
  }
  if (url.searchParams.get('access_token') !== valid) return { kind: 'json', body: { error_code: 111, error_msg: 'Access token expired' } };
  return r.body?.stream ? stream(['你', '好']) : answer('你好');
}

beforeAll(async () => (server = await startVendorServer(route)));
afterAll(() => server.close());
beforeEach(() => (server.requests.length = 0));

const make = (o: { stream?: boolean; secretKey?: string; model?: string } = {}) =>
  createFromPreset({
    id: 'ernie',
    preset: 'qianfan-legacy',
    model: o.model ?? 'ernie-4.0-8k',
    baseUrl: server.url,
    apiKey: AK,
    secretKey: o.secretKey ?? SK,
    stream: o.stream ?? false,
  }) as Provider & { tokens: AccessTokens };
const user = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

describe('qianfan-legacy', () => {
  it('fetches an access token with AK/SK, then calls the ERNIE endpoint with it; the token is reused', async () => {
    const p = make();
    const r = await p.complete(
      {
        messages: [
          { role: 'system', content: '简短' },
          { role: 'user', content: '你好' },
        ],
        temperature: 0,
        maxTokens: 50,
        stop: ['END'],
      },
      ctx,
    );
    expect(r).toMatchObject({ status: 'ok', text: '你好', finishReason: 'normal', usage: { inputTokens: 6, outputTokens: 4 } });
    const [tokenReq, chat] = server.requests;
    expect(tokenReq.method).toBe('POST');
    expect(tokenReq.url).toMatch(/^\/oauth\/2\.0\/token\?grant_type=client_credentials&client_id=test-ak-123&client_secret=test-sk-secret-456$/);
    expect(chat.url).toBe(`/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions_pro?access_token=${encodeURIComponent(valid)}`);
    // System apart, temperature 0 raised to the smallest allowed value, max_output_tokens.
    expect(chat.body).toEqual({ messages: [{ role: 'user', content: '你好' }], system: '简短', stream: false, temperature: ERNIE_MIN_TEMPERATURE, max_output_tokens: 50, stop: ['END'] });
    await p.complete(user('再来'), ctx);
    expect(p.tokens.fetched).toBe(1);
    expect(server.requests.filter((q) => q.url.startsWith('/oauth')).length).toBe(1);
    // The token is never part of the identity (it keys the response cache).
    expect(p.identity).not.toContain(valid);
    expect(p.identity).not.toContain(SK);
  });

  it('concurrent first calls share one token request', async () => {
    const p = make();
    const results = await Promise.all([1, 2, 3, 4].map((i) => p.complete(user(`q${i}`), ctx)));
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    expect(server.requests.filter((q) => q.url.startsWith('/oauth')).length).toBe(1);
  });

  it('on error 111 (token expired) fetches a new token and retries once', async () => {
    const p = make();
    await p.complete(user('a'), ctx);
    const old = valid;
    valid = 'revoked-by-server'; // the server no longer accepts the cached token
    server.requests.length = 0;
    const r = await p.complete(user('b'), ctx);
    expect(r).toMatchObject({ status: 'ok', text: '你好' });
    expect(server.requests.map((q) => new URL(q.url, 'http://x').pathname)).toEqual([
      '/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions_pro',
      '/oauth/2.0/token',
      '/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions_pro',
    ]);
    expect(valid).not.toBe(old);
    expect(p.tokens.fetched).toBe(2);
  });

  it('renews the token before its stated expiry', async () => {
    let now = clock;
    const { createQianfanLegacy } = await import('../../../src/providers/native/qianfan-legacy.js');
    const { presets } = await import('../../../src/providers/presets/index.js');
    const preset = presets['qianfan-legacy'];
    const p = createQianfanLegacy(
      { id: 'e', model: 'ernie-speed-8k', baseUrl: server.url, apiKey: AK, secretKey: SK, stream: false },
      { signals: preset.contentFilter, codeMap: preset.errorCodes, now: () => now },
    ) as Provider & { tokens: AccessTokens };
    await p.complete(user('a'), ctx);
    expect(server.requests[1].url).toMatch(/\/chat\/ernie_speed\?/);
    now += 2_592_000_000 - 60_000; // one minute before expiry: inside the renewal margin
    await p.complete(user('b'), ctx);
    expect(p.tokens.fetched).toBe(2);
    clock = now;
  });

  it('a refused AK/SK is auth, and the secret never appears in the result', async () => {
    const r = await make({ secretKey: 'wrong-secret' }).complete(user('x'), ctx);
    expect(r).toMatchObject({ status: 'auth', error: { code: 'invalid_client', httpStatus: 401 } });
    expect(JSON.stringify(r)).not.toContain('wrong-secret');
    expect(server.requests.length).toBe(1); // no chat request without a token
  });

  it('streams `result` pieces until is_end, with TTFT and usage from the last event', async () => {
    const r = await make({ stream: true }).complete(user('hi'), ctx);
    expect(r).toMatchObject({ status: 'ok', text: '你好', finishReason: 'normal', usage: { inputTokens: 6, outputTokens: 2 } });
    expect(r.timing.ttftMs).toBeGreaterThan(0);
    expect(r.timing.interTokenMs).toHaveLength(1);
  });

  it('a stream that stops before is_end is truncated (network), keeping the text', async () => {
    const p = make({ stream: true });
    await p.complete(user('warm the token'), ctx);
    const s = stream(['半', '截']) as Extract<Reply, { kind: 'sse' }>;
    (s.events[1].data as Record<string, unknown>).is_end = false;
    delete (s.events[1].data as Record<string, unknown>).finish_reason;
    server.next(s);
    expect(await p.complete(user('x'), ctx)).toMatchObject({ status: 'network', text: '半截' });
  });

  it.each([false, true])('need_clear_history: true is content_filtered (stream=%s)', async (s) => {
    const p = make({ stream: s });
    await p.complete(user('warm the token'), ctx);
    server.next(s ? stream([''], { need_clear_history: true, ban_round: -1 }) : answer('', { need_clear_history: true, ban_round: -1 }));
    expect(await p.complete(user('敏感问题'), ctx)).toMatchObject({ status: 'content_filtered', error: { code: 'need_clear_history' } });
  });

  it('finish_reason content_filter is content_filtered; a sensitive-content error message too', async () => {
    const p = make();
    await p.complete(user('warm the token'), ctx);
    server.next(answer('', { finish_reason: 'content_filter' }));
    expect(await p.complete(user('x'), ctx)).toMatchObject({ status: 'content_filtered', error: { code: 'content_filter' } });
    server.next({ kind: 'json', body: { error_code: 336003, error_msg: '输入内容包含敏感信息' } });
    expect(await p.complete(user('x'), ctx)).toMatchObject({ status: 'content_filtered', error: { code: '336003' } });
    // The same code with an ordinary message is a bad request, not a block.
    server.next({ kind: 'json', body: { error_code: 336003, error_msg: 'the first message role must be user' } });
    expect(await p.complete(user('x'), ctx)).toMatchObject({ status: 'bad_request', error: { code: '336003' } });
  });

  it('maps RPM / TPM limits (336501 / 336502, HTTP 200) to rate_limited', async () => {
    const p = make();
    await p.complete(user('warm the token'), ctx);
    server.next({ kind: 'json', body: { error_code: 336501, error_msg: 'Rate limit reached for RPM' } });
    expect(await p.complete(user('x'), ctx)).toMatchObject({ status: 'rate_limited', error: { code: '336501', httpStatus: 200 } });
    server.next({ kind: 'json', body: { error_code: 336502, error_msg: 'Rate limit reached for TPM' } });
    expect(await p.complete(user('x'), ctx)).toMatchObject({ status: 'rate_limited', error: { code: '336502' } });
  });

  it('needs both keys, naming the missing field', () => {
    expect(() => createFromPreset({ id: 'e', preset: 'qianfan-legacy', model: 'ernie-4.0-8k', apiKey: AK })).toThrow(/secretKey/);
  });
});
