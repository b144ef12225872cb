// The shared native loop (src/providers/native/exchange.ts) on transport
// faults and non-JSON bodies, through a minimal protocol whose JSON is
// {text} / {error: {code, message}} and whose stream events are {text, end}.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, parseEndpoint } from '../../src/providers/http.js';
import { exchange, type NativeProtocol } from '../../src/providers/exchange.js';
import type { CallContext, ChatRequest } from '../../src/types.js';
import { startVendorServer, type VendorServer } from './native/vendor-server.js';

const ctx = (timeoutMs = 5000): CallContext => ({ runId: 'r', taskId: 't', itemId: 'i', repeat: 0, timeoutMs });
const req: ChatRequest = { messages: [{ role: 'user', content: '你好' }] };

let server: VendorServer;
let client: HttpClient;
beforeAll(async () => {
  server = await startVendorServer(() => ({ kind: 'json', body: { text: '好' } }));
  client = new HttpClient(parseEndpoint(`${server.url}/chat`));
});
afterAll(async () => {
  client.close();
  await server.close();
});

const protocol = (stream: boolean): NativeProtocol => ({
  client,
  stream,
  signals: { codes: ['blocked'], finishReasons: ['filtered'] },
  codeMap: { quota: 'auth' },
  body: (r) => JSON.stringify({ messages: r.messages, stream }),
  headers: () => ({ 'content-type': 'application/json' }),
  readJson: (json) => (json.error ? { error: json.error } : { text: json.text, finishReason: json.finish }),
  readEvent: (json) => ({ text: json.text, ...(json.end ? { finishReason: json.end } : {}) }),
});

describe('exchange', () => {
  it('reads an answer and estimates usage the vendor did not report', async () => {
    const r = await exchange(protocol(false), req, ctx());
    expect(r).toMatchObject({ status: 'ok', text: '好', usage: { inputTokens: 2, outputTokens: 1, estimated: true } });
  });

  it('classifies vendor codes: block, code map, plain HTTP status', async () => {
    server.next({ kind: 'json', status: 400, body: { error: { code: 'blocked', message: 'no' } } });
    expect(await exchange(protocol(false), req, ctx())).toMatchObject({ status: 'content_filtered', error: { code: 'blocked', httpStatus: 400 } });
    server.next({ kind: 'json', status: 402, body: { error: { code: 'quota', message: 'pay' } } });
    expect((await exchange(protocol(false), req, ctx())).status).toBe('auth');
    server.next({ kind: 'json', status: 200, body: { error: { code: 'weird', message: '?' } } });
    expect((await exchange(protocol(true), req, ctx())).status).toBe('server_error');
  });

  it('maps a finish reason in the preset list to content_filtered', async () => {
    server.next({ kind: 'sse', events: [{ data: { text: '部' } }, { data: { text: '分', end: 'filtered' } }] });
    expect(await exchange(protocol(true), req, ctx())).toMatchObject({ status: 'content_filtered', text: '部分', error: { code: 'filtered' } });
  });

  it('reads a gateway HTML error page by its HTTP status', async () => {
    server.next({ kind: 'text', status: 502, body: '<html>Bad Gateway</html>' });
    expect(await exchange(protocol(false), req, ctx())).toMatchObject({ status: 'server_error', error: { httpStatus: 502, message: '<html>Bad Gateway</html>' } });
    server.next({ kind: 'text', status: 200, body: 'not json' });
    expect((await exchange(protocol(false), req, ctx())).error?.message).toMatch(/^malformed response/);
  });

  it('classifies a malformed stream chunk as server_error', async () => {
    server.next({ kind: 'sse', events: [{ data: '{oops' }] });
    expect(await exchange(protocol(true), req, ctx())).toMatchObject({ status: 'server_error' });
  });

  it('classifies a reset as network and a hang as timeout', async () => {
    server.next({ kind: 'reset' });
    expect((await exchange(protocol(false), req, ctx())).status).toBe('network');
    server.next({ kind: 'hang' });
    expect((await exchange(protocol(true), req, ctx(200))).status).toBe('timeout');
  });
});
