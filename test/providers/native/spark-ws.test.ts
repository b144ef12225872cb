// Contract test of the `spark-ws` preset. The signature is checked against
// iFlytek's published worked example ("通用鉴权URL生成说明": APISecret
// MjlmNzkzNmZkMDQ2OTc0ZDdmNGE2ZTZi, date Fri, 05 May 2023 10:43:39 GMT,
// GET /v1.1/chat → signature z5gHdu3p…/DaQ=, api_key addd2272…, its
// authorization string), then the client talks to a real WebSocket server
// on 127.0.0.1 that verifies the signed URL the way the vendor documents it
// (recomputed here with node:crypto), reads the request frame and streams
// scripted frames with delays.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { readSparkFrame, signSparkUrl } from '../../../src/providers/native/spark-ws.js';
import { createFromPreset } from '../../../src/providers/presets/index.js';
import type { CallContext } from '../../../src/types.js';

const ctx: CallContext = { runId: 'r', taskId: 't', itemId: 'i', repeat: 0, timeoutMs: 3000 };

describe('signSparkUrl reproduces the documented worked example', () => {
  const signed = signSparkUrl({
    url: 'wss://spark-api.xf-yun.com/v1.1/chat',
    apiKey: 'addd2272b6d8b7c8abdd79531420ca3b',
    apiSecret: 'MjlmNzkzNmZkMDQ2OTc0ZDdmNGE2ZTZi',
    date: 'Fri, 05 May 2023 10:43:39 GMT',
  });
  it('signs host, date and request line', () => {
    expect(signed.signatureOrigin).toBe('host: spark-api.xf-yun.com\ndate: Fri, 05 May 2023 10:43:39 GMT\nGET /v1.1/chat HTTP/1.1');
    expect(signed.signature).toBe('z5gHdu3pxVV4ADMyk467wOWDQ9q6BQzR3nfMTjc/DaQ=');
  });
  it('wraps it into the documented authorization and URL', () => {
    expect(signed.authorization).toBe(
      'YXBpX2tleT0iYWRkZDIyNzJiNmQ4YjdjOGFiZGQ3OTUzMTQyMGNhM2IiLCBhbGdvcml0aG09ImhtYWMtc2hhMjU2IiwgaGVhZGVycz0iaG9zdCBkYXRlIHJlcXVlc3QtbGluZSIsIHNpZ25hdHVyZT0iejVnSGR1M3B4VlY0QURNeWs0Njd3T1dEUTlxNkJRelIzbmZNVGpjL0RhUT0i',
    );
    const u = new URL(signed.url);
    expect(`${u.protocol}//${u.host}${u.pathname}`).toBe('wss://spark-api.xf-yun.com/v1.1/chat');
    expect(u.search).toContain('&date=Fri%2C+05+May+2023+10%3A43%3A39+GMT&host=spark-api.xf-yun.com');
    expect(u.searchParams.get('authorization')).toBe(signed.authorization);
  });
});

// ---- a local Spark server -------------------------------------------------

const APP_ID = 'a1b2c3d4';
const API_KEY = 'key-0123456789abcdef';
const API_SECRET = 'secret-ZmVkY2JhOTg3NjU0MzIx';

type Frame = { delayMs?: number; data: unknown };
let script: (request: any) => Frame[] = () => [];
let received: Array<{ url: string; frame: any }> = [];
let refusals = 0;

/** The server's check, written from the documented algorithm, not from the client's code. */
function verify(reqUrl: string, host: string): boolean {
  const u = new URL(reqUrl, `http://${host}`);
  const date = u.searchParams.get('date') ?? '';
  const auth = Buffer.from(u.searchParams.get('authorization') ?? '', 'base64').toString('utf8');
  const m = /^api_key="([^"]+)", algorithm="hmac-sha256", headers="host date request-line", signature="([^"]+)"$/.exec(auth);
  if (!m || m[1] !== API_KEY || u.searchParams.get('host') !== host) return false;
  if (Math.abs(Date.parse(date) - Date.now()) > 300_000) return false; // the documented 300 s skew
  const expected = crypto.createHmac('sha256', API_SECRET).update(`host: ${host}\ndate: ${date}\nGET ${u.pathname} HTTP/1.1`).digest('base64');
  return m[2] === expected;
}

const frame = (status: number, content: string, usage?: Record<string, number>) => ({
  header: { code: 0, message: 'Success', sid: 'cht000', status },
  payload: { choices: { status, seq: 0, text: [{ content, role: 'assistant', index: 0 }] }, ...(usage ? { usage: { text: { question_tokens: 4, ...usage } } } : {}) },
});
const errorFrame = (code: number, message: string) => ({ header: { code, message, sid: 'cht001', status: 2 } });
const answer = (pieces: string[], gapMs = 0, firstMs = 0): Frame[] =>
  pieces.map((p, i) => ({
    delayMs: i === 0 ? firstMs : gapMs,
    data: frame(i === 0 ? 0 : i === pieces.length - 1 ? 2 : 1, p, i === pieces.length - 1 ? { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 } : undefined),
  }));

let httpServer: http.Server;
let wss: WebSocketServer;
let base = '';
const sockets = new Set<WebSocket>();

beforeAll(async () => {
  httpServer = http.createServer();
  wss = new WebSocketServer({
    server: httpServer,
    verifyClient: (info, done) => {
      if (verify(info.req.url ?? '', info.req.headers.host ?? '')) return done(true);
      refusals++;
      done(false, 401, 'Unauthorized', { 'content-type': 'application/json' });
    },
  });
  wss.on('connection', (ws, req) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.once('message', async (raw) => {
      const request = JSON.parse(String(raw));
      received.push({ url: req.url ?? '', frame: request });
      for (const f of script(request)) {
        if (f.delayMs) await new Promise((ok) => setTimeout(ok, f.delayMs));
        if (ws.readyState !== ws.OPEN) return;
        if (f.data === 'close') return ws.close(1000);
        ws.send(typeof f.data === 'string' ? f.data : JSON.stringify(f.data));
      }
      if (ws.readyState === ws.OPEN) ws.close(1000);
    });
  });
  await new Promise<void>((ok) => httpServer.listen(0, '127.0.0.1', ok));
  base = `ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.terminate();
  wss.close();
  await new Promise((ok) => httpServer.close(ok));
});
beforeEach(() => {
  received = [];
  refusals = 0;
  script = () => answer(['你', '好', '！']);
});

const make = (o: { model?: string; secretKey?: string; appId?: string } = {}) =>
  createFromPreset({ id: 'spark', preset: 'spark-ws', model: o.model ?? 'generalv3.5', baseUrl: base, apiKey: API_KEY, secretKey: o.secretKey ?? API_SECRET, appId: o.appId ?? APP_ID });
const user = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

describe('spark-ws against a local WebSocket server', () => {
  it('connects with a signed URL the server accepts, sends the documented frame, reads the answer', async () => {
    const r = await make().complete(
      {
        messages: [
          { role: 'system', content: '简短' },
          { role: 'user', content: '你好' },
        ],
        temperature: 0.5,
        maxTokens: 100,
      },
      ctx,
    );
    expect(r).toMatchObject({ status: 'ok', text: '你好！', usage: { inputTokens: 5, outputTokens: 9 } });
    expect(refusals).toBe(0);
    expect(new URL(received[0].url, 'http://x').pathname).toBe('/v3.5/chat');
    expect(received[0].frame).toEqual({
      header: { app_id: APP_ID },
      parameter: { chat: { domain: 'generalv3.5', temperature: 0.5, max_tokens: 100 } },
      payload: {
        message: {
          text: [
            { role: 'system', content: '简短' },
            { role: 'user', content: '你好' },
          ],
        },
      },
    });
  });

  it('maps each model to its documented path', async () => {
    for (const [model, path] of [
      ['lite', '/v1.1/chat'],
      ['generalv3', '/v3.1/chat'],
      ['pro-128k', '/chat/pro-128k'],
      ['max-32k', '/chat/max-32k'],
      ['4.0Ultra', '/v4.0/chat'],
    ]) {
      received = [];
      expect((await make({ model }).complete(user('x'), ctx)).status).toBe('ok');
      expect(new URL(received[0].url, 'http://x').pathname).toBe(path);
      expect(received[0].frame.parameter.chat.domain).toBe(model);
    }
  });

  it('a wrong APISecret is refused at the handshake (HTTP 401 → auth), the secret never shown', async () => {
    const r = await make({ secretKey: 'not-the-secret' }).complete(user('x'), ctx);
    expect(r).toMatchObject({ status: 'auth', error: { httpStatus: 401 } });
    expect(refusals).toBe(1);
    expect(JSON.stringify(r)).not.toContain('not-the-secret');
  });

  it('TTFT is measured from the first frame carrying text; gaps follow the frames', async () => {
    script = () => answer(['一', '二', '三'], 40, 80);
    const r = await make().complete(user('x'), ctx);
    expect(r.status).toBe('ok');
    expect(r.timing.ttftMs!).toBeGreaterThanOrEqual(79);
    expect(r.timing.interTokenMs).toHaveLength(2);
    for (const gap of r.timing.interTokenMs!) expect(gap).toBeGreaterThanOrEqual(39);
    expect(r.timing.totalMs).toBeGreaterThanOrEqual(r.timing.ttftMs! + 79);
    expect(r.timing.tokensPerSecond).toBeGreaterThan(0);
  });

  it.each([
    [10013, '输入内容审核不通过，涉嫌违规'],
    [10014, '输出内容涉及敏感信息，审核不通过'],
    [10019, '本次会话内容有涉及违规信息的倾向'],
    [10021, '输入审核不通过'],
  ])('header.code %i is content_filtered with the code kept', async (code, message) => {
    script = () => [{ data: errorFrame(code, message) }];
    expect(await make().complete(user('x'), ctx)).toMatchObject({ status: 'content_filtered', error: { code: String(code), message } });
  });

  it('an output block mid-answer keeps the text that arrived', async () => {
    script = () => [{ data: frame(0, '前半') }, { delayMs: 5, data: errorFrame(10014, '输出内容涉及敏感信息') }];
    expect(await make().complete(user('x'), ctx)).toMatchObject({ status: 'content_filtered', text: '前半', error: { code: '10014' } });
  });

  it('maps limits and licence errors: 11202 → rate_limited, 11200 → auth, 10907 → bad_request, 10012 → server_error', async () => {
    for (const [code, status] of [
      [11202, 'rate_limited'],
      [11200, 'auth'],
      [10907, 'bad_request'],
      [10012, 'server_error'],
    ] as const) {
      script = () => [{ data: errorFrame(code, 'x') }];
      expect(await make().complete(user('x'), ctx)).toMatchObject({ status, error: { code: String(code) } });
    }
  });

  it('a connection closed before status 2 is a truncated stream (network), keeping the text', async () => {
    script = () => [{ data: frame(0, '只有') }, { delayMs: 5, data: 'close' }];
    expect(await make().complete(user('x'), ctx)).toMatchObject({ status: 'network', text: '只有', error: { message: expect.stringMatching(/^stream truncated/) } });
  });

  it('a server that never finishes hits the deadline (timeout)', async () => {
    script = () => [{ data: frame(0, '慢') }, { delayMs: 10_000, data: frame(2, '') }];
    const r = await make().complete(user('x'), { ...ctx, timeoutMs: 150 });
    expect(r).toMatchObject({ status: 'timeout', text: '慢' });
    expect(r.timing.totalMs).toBeGreaterThanOrEqual(149);
  });

  it('the caller aborting mid-answer closes the socket (timeout), keeping the text', async () => {
    script = () => [{ data: frame(0, '半') }, { delayMs: 5_000, data: frame(2, '') }];
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    expect(await make().complete(user('x'), { ...ctx, signal: abort.signal })).toMatchObject({ status: 'timeout', text: '半', error: { message: 'aborted by the caller' } });
    const pre = new AbortController();
    pre.abort();
    expect(await make().complete(user('x'), { ...ctx, signal: pre.signal })).toMatchObject({ status: 'timeout', error: { message: 'aborted before sending' } });
  });

  it('an unreachable server is a network error', async () => {
    const r = await createFromPreset({ id: 's', preset: 'spark-ws', model: 'lite', baseUrl: 'ws://127.0.0.1:1', apiKey: API_KEY, secretKey: API_SECRET, appId: APP_ID }).complete(user('x'), ctx);
    expect(r).toMatchObject({ status: 'network', error: { code: 'ECONNREFUSED' } });
  });

  it('a frame that is not JSON is a malformed response', async () => {
    script = () => [{ data: 'not json' }];
    expect(await make().complete(user('x'), ctx)).toMatchObject({ status: 'server_error', error: { message: expect.stringMatching(/^malformed response/) } });
  });

  it('needs appId and a known model (or wsPath)', () => {
    expect(() => make({ appId: '' })).toThrow(/appId/);
    expect(() => make({ model: 'spark-unknown' })).toThrow(/unknown Spark model/);
  });

  it('readSparkFrame reads text, usage and the end', () => {
    expect(readSparkFrame(frame(2, '完', { prompt_tokens: 1, completion_tokens: 2 }))).toMatchObject({ text: '完', done: true, usage: { inputTokens: 1, outputTokens: 2 } });
    expect(readSparkFrame({})).toEqual({ malformed: 'no header' });
  });
});
