// Contract test of the `gemini` preset against a local server replaying the
// Gemini API shapes (https://ai.google.dev/api/generate-content): the two
// endpoints, x-goog-api-key, systemInstruction, usageMetadata with
// thoughtsTokenCount, promptFeedback.blockReason and finishReason SAFETY,
// and Google's error body.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFromPreset } from '../../../src/providers/presets/index.js';
import type { CallContext } from '../../../src/types.js';
import { startVendorServer, type Reply, type VendorServer } from './vendor-server.js';

const ctx: CallContext = { runId: 'r', taskId: 't', itemId: 'i', repeat: 0, timeoutMs: 5000 };
const usageMetadata = { promptTokenCount: 8, candidatesTokenCount: 3, thoughtsTokenCount: 20, totalTokenCount: 31 };
const response = (text: string, finishReason = 'STOP') => ({
  candidates: [{ content: { role: 'model', parts: [{ text: '先想', thought: true }, { text }] }, finishReason, index: 0 }],
  usageMetadata,
  modelVersion: 'gemini-2.5-flash',
});
const chunks = (pieces: string[], finishReason = 'STOP'): Reply => ({
  kind: 'sse',
  events: pieces.map((text, i) => ({
    data: {
      candidates: [{ content: { role: 'model', parts: [{ text }] }, ...(i === pieces.length - 1 ? { finishReason } : {}), index: 0 }],
      ...(i === pieces.length - 1 ? { usageMetadata } : { usageMetadata: { promptTokenCount: 8 } }),
    },
  })),
});
const promptBlocked = {
  promptFeedback: { blockReason: 'SAFETY', safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH' }] },
  usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 },
};
const googleError = (status: number, code: string, message: string): Reply => ({ kind: 'json', status, body: { error: { code: status, message, status: code } } });

let server: VendorServer;
beforeAll(async () => (server = await startVendorServer((r) => (r.url.includes('alt=sse') ? chunks(['你', '好']) : { kind: 'json', body: response('你好') }))));
afterAll(() => server.close());
beforeEach(() => (server.requests.length = 0));

const make = (s: boolean) => createFromPreset({ id: 'gm', preset: 'gemini', model: 'gemini-2.5-flash', baseUrl: `${server.url}/v1beta`, apiKey: 'AIza-test', stream: s });
const ask = (s: boolean) => make(s).complete({ messages: [{ role: 'user', content: 'x' }] }, ctx);

describe('gemini', () => {
  it('calls generateContent with the key header, systemInstruction and model turns', async () => {
    const r = await make(false).complete(
      {
        messages: [
          { role: 'system', content: '简短' },
          { role: 'user', content: '1+1' },
          { role: 'assistant', content: '2' },
          { role: 'user', content: '你好' },
        ],
        temperature: 0,
        maxTokens: 64,
      },
      ctx,
    );
    expect(r).toMatchObject({ status: 'ok', text: '你好', reasoning: '先想', finishReason: 'STOP', usage: { inputTokens: 8, outputTokens: 23, reasoningTokens: 20 } });
    const sent = server.requests[0];
    expect(sent.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(sent.headers['x-goog-api-key']).toBe('AIza-test');
    expect(sent.url).not.toContain('key=');
    expect(sent.body).toEqual({
      contents: [
        { role: 'user', parts: [{ text: '1+1' }] },
        { role: 'model', parts: [{ text: '2' }] },
        { role: 'user', parts: [{ text: '你好' }] },
      ],
      systemInstruction: { parts: [{ text: '简短' }] },
      generationConfig: { temperature: 0, maxOutputTokens: 64 },
    });
  });

  it('streams from streamGenerateContent?alt=sse with the final usage', async () => {
    const r = await ask(true);
    expect(server.requests[0].url).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(r).toMatchObject({ status: 'ok', text: '你好', finishReason: 'STOP', usage: { inputTokens: 8, outputTokens: 23, reasoningTokens: 20 } });
    expect(r.timing.ttftMs).toBeGreaterThan(0);
  });

  it.each([false, true])('maps promptFeedback.blockReason and finishReason SAFETY to content_filtered (stream=%s)', async (s) => {
    server.next(s ? { kind: 'sse', events: [{ data: promptBlocked }] } : { kind: 'json', body: promptBlocked });
    expect(await ask(s)).toMatchObject({ status: 'content_filtered', error: { code: 'SAFETY' } });
    server.next(s ? chunks(['部分'], 'PROHIBITED_CONTENT') : { kind: 'json', body: response('', 'SAFETY') });
    expect(await ask(s)).toMatchObject({ status: 'content_filtered', error: { code: s ? 'PROHIBITED_CONTENT' : 'SAFETY' } });
  });

  it('keeps the Google status as the code: 429 RESOURCE_EXHAUSTED, 400 API key invalid, 503 UNAVAILABLE', async () => {
    server.next(googleError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'));
    expect(await ask(true)).toMatchObject({ status: 'rate_limited', error: { code: 'RESOURCE_EXHAUSTED', httpStatus: 429 } });
    server.next(googleError(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers."));
    expect(await ask(false)).toMatchObject({ status: 'auth', error: { code: 'PERMISSION_DENIED' } });
    server.next(googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'));
    const r = await ask(false);
    expect(r).toMatchObject({ status: 'server_error', error: { code: 'UNAVAILABLE' } });
    expect(JSON.stringify(r)).not.toContain('AIza-test');
  });

  it('has one identity for streaming and non-streaming calls, without the key', () => {
    expect(make(true).identity).toBe(make(false).identity);
    expect(make(true).identity).not.toContain('AIza-test');
  });

  it('classifies a stream without a finishReason as network', async () => {
    server.next({ kind: 'sse', events: [{ data: { candidates: [{ content: { role: 'model', parts: [{ text: '半' }] }, index: 0 }] } }] });
    expect(await ask(true)).toMatchObject({ status: 'network', text: '半' });
  });
});
