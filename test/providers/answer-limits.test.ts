// Bounded answers and echoed keys, against a local server: an answer larger
// than maxAnswerBytes is cut there (finishReason max_size), streaming or not,
// even when the body is far larger than memory should hold; a vendor that
// echoes the key (raw, Base64, URL-encoded) in an error or an answer has it
// replaced by a marker before Heng keeps anything.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutToBytes, salvageContent } from '../../src/providers/exchange.js';
import { createFromPreset } from '../../src/providers/presets/index.js';
import { REDACTED, scrubber } from '../../src/providers/scrub.js';
import type { CallContext, ChatRequest } from '../../src/types.js';

const ctx: CallContext = { runId: 'r', taskId: 't', itemId: 'i', repeat: 0, timeoutMs: 20_000 };
const ask: ChatRequest = { messages: [{ role: 'user', content: 'x' }], maxTokens: 10 };

/** A server that streams `size` characters of answer, as one JSON body or as SSE chunks of 64 KB, and counts what it wrote. */
let server: http.Server;
let base = '';
let written = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', async () => {
      const body = JSON.parse(raw);
      const size = Number(new URL(req.url!, 'http://x').searchParams.get('size') ?? body.model.split('-')[1]);
      const piece = '答'.repeat(65_536);
      written = 0;
      const write = (s: string) => {
        written += s.length;
        return res.write(s);
      };
      const drain = () => new Promise((ok) => res.once('drain', ok));
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        write('{"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"');
        for (let sent = 0; sent < size && !res.destroyed; sent += piece.length) if (!write(piece)) await drain();
        if (!res.destroyed) res.end('"},"finish_reason":"stop"}]}');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let sent = 0; sent < size && !res.destroyed; sent += piece.length)
        if (!write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`)) await drain();
      if (!res.destroyed) res.end(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const make = (size: number, stream: boolean, maxAnswerBytes?: number) =>
  createFromPreset({ id: 'big', preset: 'vllm', model: `big-${size}`, baseUrl: base, stream, ...(maxAnswerBytes ? { maxAnswerBytes } : {}) });

describe('bounded answers', () => {
  it.each([false, true])('an answer over maxAnswerBytes is cut there, marked max_size (stream=%s)', async (stream) => {
    const r = await make(200_000, stream, 30_000).complete(ask, ctx);
    expect(r.status).toBe('ok');
    expect(r.finishReason).toBe('max_size');
    expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(30_000);
    expect(Buffer.byteLength(r.text)).toBeGreaterThan(29_990); // cut at the limit, not emptied ('答' is 3 bytes)
    expect(r.text).toMatch(/^答+$/);
  });

  it.each([false, true])('a 60 MB answer under the default 1 MB limit: cut, and the rest is never read (stream=%s)', async (stream) => {
    const r = await make(60_000_000, stream).complete(ask, ctx);
    expect(r).toMatchObject({ status: 'ok', finishReason: 'max_size' });
    expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(1_000_000);
    expect(Buffer.byteLength(r.text)).toBeGreaterThan(999_990);
    // The connection was dropped long before the server got through its 60 M characters.
    expect(written).toBeLessThan(20_000_000);
  });

  it('an answer within the limit is whole', async () => {
    const r = await make(1000, false).complete(ask, ctx);
    expect(r).toMatchObject({ status: 'ok', finishReason: 'stop' });
    expect(r.text.length).toBeGreaterThanOrEqual(1000);
  });

  it('cutToBytes never splits a character; salvageContent decodes a cut JSON string', () => {
    expect(cutToBytes('ab答c', 4)).toBe('ab');
    expect(cutToBytes('ab答c', 5)).toBe('ab答');
    expect(salvageContent('{"choices":[{"message":{"content":"a\\nb\\u7b54\\"c')).toBe('a\nb答"c');
    expect(salvageContent('{"choices":[{"message":{"content":"abc\\u7b')).toBe('abc');
  });
});

describe('echoed keys are scrubbed', () => {
  const key = 'sk-live-ABCDEFGH12345678';
  let echo: http.Server;
  let url = '';
  beforeAll(async () => {
    echo = http.createServer((req, res) => {
      const auth = String(req.headers.authorization ?? '');
      const sent = auth.replace(/^Bearer /, '');
      req.resume();
      req.on('end', () => {
        if (req.url?.includes('error')) {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${sent} (${Buffer.from(sent).toString('base64')}, ${encodeURIComponent(`${sent}/x`)})`, code: 'invalid_api_key' } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: `your key is ${sent}`, reasoning_content: `I saw ${sent}` }, finish_reason: 'stop' }] }));
      });
    });
    await new Promise<void>((ok) => echo.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => echo.close(() => ok())));

  it('in an error body: raw, Base64 and URL-encoded forms', async () => {
    const p = createFromPreset({ id: 'o', preset: 'openai-compatible', model: 'm', baseUrl: `${url}/error/v1`, apiKey: key, stream: false });
    const r = await p.complete(ask, ctx);
    expect(r.status).toBe('auth');
    const seen = JSON.stringify(r);
    expect(seen).not.toContain(key);
    expect(seen).not.toContain(Buffer.from(key).toString('base64'));
    expect(seen).not.toContain(encodeURIComponent(key));
    expect(r.error?.message).toContain(REDACTED);
  });

  it('in an answer and its reasoning', async () => {
    const p = createFromPreset({ id: 'o', preset: 'openai-compatible', model: 'm', baseUrl: `${url}/v1`, apiKey: key, stream: false });
    const r = await p.complete(ask, ctx);
    expect(r).toMatchObject({ status: 'ok', text: `your key is ${REDACTED}`, reasoning: `I saw ${REDACTED}` });
  });

  it('a key pair in Basic-auth form too; short values are not treated as secrets', () => {
    const scrub = scrubber(['AKIDexample1234', 'secretValue5678']);
    expect(scrub(Buffer.from('AKIDexample1234:secretValue5678').toString('base64'))).toBe(REDACTED);
    expect(scrubber(['abc'])('abc abc')).toBe('abc abc');
  });
});
