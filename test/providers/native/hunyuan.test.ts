// Contract test of the `hunyuan-native` preset against a local server that
// replays the documented shapes of ChatCompletions (API 2023-09-01,
// https://cloud.tencent.com/document/api/1729/105701): TC3-signed headers,
// Response.Choices / Usage, Response.Error at HTTP 200, the SSE stream, and
// FinishReason "sensitive" for a block.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signTc3 } from '../../../src/providers/native/tc3.js';
import { createFromPreset } from '../../../src/providers/presets/index.js';
import { priceFor } from '../../../src/providers/prices.js';
import { InputError } from '../../../src/errors.js';
import type { CallContext } from '../../../src/types.js';
import { startVendorServer, type Reply, type VendorServer } from './vendor-server.js';

const ctx: CallContext = { runId: 'r', taskId: 't', itemId: 'i', repeat: 0, timeoutMs: 5000 };
const answer = (content: string, finish = 'stop'): Reply => ({
  kind: 'json',
  body: {
    Response: {
      RequestId: 'req-1',
      Note: '以上内容为AI生成',
      Choices: [{ FinishReason: finish, Message: { Role: 'assistant', Content: content } }],
      Usage: { PromptTokens: 3, CompletionTokens: 2, TotalTokens: 5 },
    },
  },
});
const streamOf = (pieces: string[], finish = 'stop'): Reply => ({
  kind: 'sse',
  events: pieces.map((p, i) => ({
    data: {
      Note: '以上内容为AI生成',
      Choices: [{ Delta: { Role: 'assistant', Content: p }, FinishReason: i === pieces.length - 1 ? finish : '' }],
      Created: 1,
      Id: 'x',
      Usage: { PromptTokens: 3, CompletionTokens: i + 1, TotalTokens: 4 + i },
    },
  })),
});
const tcError = (code: string, message: string): Reply => ({ kind: 'json', body: { Response: { Error: { Code: code, Message: message }, RequestId: 'req-2' } } });

let server: VendorServer;
beforeAll(async () => (server = await startVendorServer(() => answer('你好'))));
afterAll(() => server.close());
beforeEach(() => (server.requests.length = 0));

const make = (stream: boolean) => createFromPreset({ id: 'hy', preset: 'hunyuan-native', model: 'hunyuan-turbo', baseUrl: server.url, apiKey: 'AKIDtest', secretKey: 'secret-test-key', stream });

describe('hunyuan-native', () => {
  it('sends a TC3-signed ChatCompletions request and reads the answer', async () => {
    const r = await make(false).complete(
      {
        messages: [
          { role: 'system', content: '简短' },
          { role: 'user', content: '你好' },
        ],
        temperature: 0,
      },
      ctx,
    );
    expect(r).toMatchObject({ status: 'ok', text: '你好', finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 2 } });
    const sent = server.requests[0];
    expect(sent.body).toEqual({
      Model: 'hunyuan-turbo',
      Messages: [
        { Role: 'system', Content: '简短' },
        { Role: 'user', Content: '你好' },
      ],
      Stream: false,
      Temperature: 0,
    });
    expect(sent.headers['x-tc-action']).toBe('ChatCompletions');
    expect(sent.headers['x-tc-version']).toBe('2023-09-01');
    // Re-sign what the server received: the signature must cover these exact bytes and this host.
    const expected = signTc3({
      secretId: 'AKIDtest',
      secretKey: 'secret-test-key',
      service: 'hunyuan',
      host: String(sent.headers.host),
      contentType: String(sent.headers['content-type']),
      payload: sent.raw,
      timestamp: Number(sent.headers['x-tc-timestamp']),
    });
    expect(sent.headers.authorization).toBe(expected.authorization);
    expect(JSON.stringify(r)).not.toContain('secret-test-key');
  });

  it('streams, with time to first token and the last usage', async () => {
    server.next(streamOf(['你', '好', '！']));
    const r = await make(true).complete({ messages: [{ role: 'user', content: 'hi' }] }, ctx);
    expect(r).toMatchObject({ status: 'ok', text: '你好！', finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 3 } });
    expect(r.timing.ttftMs).toBeGreaterThan(0);
    expect(r.timing.interTokenMs).toHaveLength(2);
  });

  it.each([false, true])('maps FinishReason sensitive to content_filtered (stream=%s)', async (stream) => {
    server.next(stream ? streamOf(['部分'], 'sensitive') : answer('', 'sensitive'));
    const r = await make(stream).complete({ messages: [{ role: 'user', content: 'x' }] }, ctx);
    expect(r).toMatchObject({ status: 'content_filtered', error: { code: 'sensitive' } });
  });

  it.each([false, true])('classifies Response.Error at HTTP 200 (stream=%s)', async (stream) => {
    // The code Tencent's SDK lists for a refused text (tencentcloud-sdk-go hunyuan/v20230901/errors.go).
    server.next(tcError('OperationDenied.TextIllegalDetected', '文本包含非法信息，审核不通过。'));
    expect(await make(stream).complete({ messages: [{ role: 'user', content: 'x' }] }, ctx)).toMatchObject({ status: 'content_filtered', error: { code: 'OperationDenied.TextIllegalDetected' } });
    server.next(tcError('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.'));
    expect(await make(stream).complete({ messages: [{ role: 'user', content: 'x' }] }, ctx)).toMatchObject({ status: 'auth', error: { code: 'AuthFailure.SignatureFailure' } });
    server.next(tcError('RequestLimitExceeded', 'too many requests'));
    expect((await make(stream).complete({ messages: [{ role: 'user', content: 'x' }] }, ctx)).status).toBe('rate_limited');
    server.next(tcError('InternalError', 'oops'));
    expect((await make(stream).complete({ messages: [{ role: 'user', content: 'x' }] }, ctx)).status).toBe('server_error');
  });

  it.each([
    [0, 1],
    [42, 42],
    [20_000, 10_000],
  ])('Seed %i is sent as %i (ChatCompletions: Seed within 1–10000), and the change is recorded', async (seed, sent) => {
    const p = make(false);
    await p.complete({ messages: [{ role: 'user', content: 'x' }], seed }, ctx);
    expect(JSON.parse(server.requests[0].raw).Seed).toBe(sent);
    expect(p.describeRequest?.({ messages: [], seed }).filter((m) => m.field === 'seed')).toEqual(seed === sent ? [] : [expect.objectContaining({ from: seed, to: sent })]);
  });

  it('classifies a truncated stream as network and keeps the text', async () => {
    server.next({ kind: 'sse', events: [{ data: { Choices: [{ Delta: { Content: '半' }, FinishReason: '' }] } }] });
    expect(await make(true).complete({ messages: [{ role: 'user', content: 'x' }] }, ctx)).toMatchObject({ status: 'network', text: '半' });
  });

  it('is priced as hunyuan', () => {
    expect(priceFor('hunyuan-native', 'hunyuan-turbo')).toEqual(priceFor('hunyuan', 'hunyuan-turbo'));
    expect(priceFor('hunyuan-native', 'hunyuan-turbo')).toBeDefined();
  });

  it('needs both halves of the key pair', () => {
    expect(() => createFromPreset({ id: 'hy', preset: 'hunyuan-native', model: 'hunyuan-turbo', apiKey: 'AKIDtest' })).toThrow(InputError);
  });
});
