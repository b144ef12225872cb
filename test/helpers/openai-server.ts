// A real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions wire
// format (streaming included), with scripted behaviour per request and a
// request log. It stands in for vendor endpoints in provider tests, engine
// tests, the load tester and the benchmark.
//
//   const server = await startOpenAIServer({ answers: { '1+1?': '2' } });
//   server.script((req) => (req.index === 0 ? { kind: 'status', status: 500 } : undefined));
//   server.enqueue({ kind: 'rate_limit', retryAfter: 2 });
//
// What a request gets, first match wins: the `x-test-fault` header (JSON of
// a Fault), the queue, the script function, a `[[fault:{…}]]` directive in
// the last user message, then a normal answer (the `answers` table or
// function, else an echo of the last user message).
//
// Standalone, for benchmarks (zero latency unless told otherwise):
//   npx tsx test/helpers/openai-server.ts --port 0 [--first-byte-ms N] [--chunk-gap-ms N]
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { estimateTokens } from '../../src/engine/tokens.js';

/** Timing of an answer (and of the failures that send anything). */
export interface Behaviour {
  /** Delay before the response head and first chunk, ms. */
  firstByteMs?: number;
  /** Delay between stream chunks, ms; an array scripts each gap (the last repeats). */
  chunkGapMs?: number | number[];
  /** Split the answer into this many stream chunks (default 4). */
  chunks?: number;
}

export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  completion_tokens_details?: { reasoning_tokens?: number };
  prompt_tokens_details?: { cached_tokens?: number };
}

export type Fault =
  /** A normal answer; `usage: false` sends none (the client must estimate). */
  | { kind: 'answer'; text?: string; reasoning?: string; finishReason?: string; usage?: WireUsage | false }
  /** The vendor blocked the answer: finish_reason content_filter (or e.g. sensitive). */
  | { kind: 'filter'; finishReason?: string; text?: string }
  /** 429 with a Retry-After header (seconds or an HTTP date). */
  | { kind: 'rate_limit'; retryAfter?: number | string; body?: unknown }
  /** Any HTTP status with a vendor body (default an OpenAI error body). */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Destroy the socket without answering. */
  | { kind: 'reset' }
  /** Never finish: no answer at all, or (streaming) stall after `afterChunks` chunks. */
  | { kind: 'hang'; afterChunks?: number }
  /** Stream part of the answer, then cut the connection ('reset', default) or end the body cleanly without [DONE] ('end'). */
  | { kind: 'truncate'; text?: string; mode?: 'reset' | 'end' }
  /** 200 with a body (or a stream chunk) that is not JSON. */
  | { kind: 'malformed' };

export type Scripted = Fault & Behaviour;

export interface LoggedRequest {
  /** 0-based arrival order. */
  index: number;
  /** Arrival, ms since the epoch (Date.now()). */
  at: number;
  /** Arrival, high-resolution ms since the epoch. */
  receivedAt: number;
  /** When the response ended or the socket closed (high-resolution, ms since the epoch). */
  finishedAt?: number;
  /**
   * When the first streamed chunk was written (high-resolution, ms since the
   * epoch). Timing tests compare against this rather than the scripted delay:
   * on a loaded machine the server's own timer fires late, and that lateness
   * is real latency the client must measure too.
   */
  firstChunkAt?: number;
  method: string;
  /** Path and query, e.g. /v1/chat/completions. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export type ScriptFn = (req: LoggedRequest, index: number) => Scripted | undefined;

export interface ServerOptions {
  port?: number;
  host?: string;
  /** Decide each request's fate (undefined: fall through to a normal answer). */
  script?: ScriptFn;
  /** Timing applied to every answer unless the fault says otherwise. */
  behaviour?: Behaviour;
  /** Answer lookup by last user message, or a function of the request body; default echo. */
  answers?: Record<string, string> | ((body: any) => string);
  /** Keep no request log (benchmarks: the log would grow without bound). */
  noLog?: boolean;
}

export interface OpenAIServer {
  url: string;
  port: number;
  requests: LoggedRequest[];
  /** Requests being answered right now, and the most seen at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  script(fn: ScriptFn | undefined): void;
  /** Alias of script(). */
  setScript(fn: ScriptFn | undefined): void;
  /** Faults for the next requests, in order, ahead of the script. */
  enqueue(...faults: Scripted[]): void;
  /** Clears the log, the queue, the script, the request counter and the in-flight maximum. */
  reset(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hiResNow = () => performance.timeOrigin + performance.now();

/** The last user message of a request body. */
export function lastUser(body: any): string {
  const msgs: any[] = Array.isArray(body?.messages) ? body.messages : [];
  for (let i = msgs.length - 1; i >= 0; i--) if (msgs[i]?.role === 'user') return String(msgs[i].content ?? '');
  return '';
}

/** Default answer: the last user message, so a test knows what to expect. */
export const echoAnswer = lastUser;

const DIRECTIVE = /\[\[fault:(\{.*?\})\]\]/s;

export async function startOpenAIServer(opts: ServerOptions = {}): Promise<OpenAIServer> {
  const requests: LoggedRequest[] = [];
  const queue: Scripted[] = [];
  let script = opts.script;
  let count = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const sockets = new Set<Socket>();
  const answerOf = (body: any): string => {
    const a = opts.answers;
    if (typeof a === 'function') return a(body);
    const q = lastUser(body);
    return a && Object.hasOwn(a, q) ? a[q] : q;
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      if (req.method === 'GET' && req.url?.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"object":"list","data":[{"id":"test-model","object":"model"}]}');
      }
      let body: any;
      try {
        body = JSON.parse(raw || '{}');
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        return void res.end('{"error":{"message":"request body is not JSON","type":"invalid_request_error","code":"invalid_json"}}');
      }
      const now = hiResNow();
      const logged: LoggedRequest = { index: count++, at: Math.floor(now), receivedAt: now, method: req.method ?? 'POST', url: req.url ?? '', headers: req.headers, body };
      if (!opts.noLog) requests.push(logged);
      inFlight++;
      if (inFlight > maxInFlight) maxInFlight = inFlight;
      let open = true;
      const finished = () => {
        if (!open) return;
        open = false;
        inFlight--;
        logged.finishedAt = hiResNow();
      };
      res.on('finish', finished);
      res.on('close', finished);
      const fault = pick(req, logged) ?? { kind: 'answer' as const };
      void respond(req, res, body, { ...opts.behaviour, ...fault }, answerOf, logged);
    });
  });

  function pick(req: http.IncomingMessage, logged: LoggedRequest): Scripted | undefined {
    const header = req.headers['x-test-fault'];
    if (typeof header === 'string') return JSON.parse(header) as Scripted;
    if (queue.length) return queue.shift();
    const scripted = script?.(logged, logged.index);
    if (scripted) return scripted;
    const directive = DIRECTIVE.exec(lastUser(logged.body));
    return directive ? (JSON.parse(directive[1]) as Scripted) : undefined;
  }

  server.keepAliveTimeout = 30_000;
  server.on('connection', (s) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const setScript = (fn: ScriptFn | undefined) => void (script = fn);
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    script: setScript,
    setScript,
    enqueue: (...faults) => void queue.push(...faults),
    reset() {
      requests.length = 0;
      queue.length = 0;
      count = 0;
      script = opts.script;
      maxInFlight = inFlight;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

async function respond(req: http.IncomingMessage, res: http.ServerResponse, body: any, f: Scripted, answerOf: (body: any) => string, logged?: LoggedRequest): Promise<void> {
  if (f.kind === 'reset') return void req.socket.destroy();
  if (f.kind === 'hang' && f.afterChunks === undefined) return; // the client times out
  if (f.firstByteMs) await sleep(f.firstByteMs);
  if (res.destroyed) return;
  const stream = body.stream === true;
  switch (f.kind) {
    case 'status':
      res.writeHead(f.status, { 'content-type': 'application/json', ...f.headers });
      return void res.end(JSON.stringify(f.body ?? { error: { message: `HTTP ${f.status}`, type: f.status >= 500 ? 'server_error' : 'invalid_request_error', code: String(f.status) } }));
    case 'rate_limit':
      res.writeHead(429, { 'content-type': 'application/json', ...(f.retryAfter !== undefined ? { 'retry-after': String(f.retryAfter) } : {}) });
      return void res.end(JSON.stringify(f.body ?? { error: { message: 'Rate limit reached, slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded' } }));
    case 'malformed':
      if (stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return void res.end('data: {"choices": [ this is not json\n\n');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"choices": [ this is not json');
  }

  const text = f.kind === 'answer' || f.kind === 'truncate' || f.kind === 'filter' ? (f.text ?? (f.kind === 'filter' ? '' : answerOf(body))) : answerOf(body);
  const reasoning = f.kind === 'answer' ? f.reasoning : undefined;
  const finish = f.kind === 'filter' ? (f.finishReason ?? 'content_filter') : f.kind === 'answer' ? (f.finishReason ?? 'stop') : 'stop';
  const usage = f.kind === 'answer' && f.usage === false ? undefined : (f.kind === 'answer' && f.usage) || defaultUsage(body, text, reasoning);
  const model = body.model ?? 'test-model';

  if (!stream) {
    const message: Record<string, unknown> = { role: 'assistant', content: text };
    if (reasoning) message.reasoning_content = reasoning;
    const out: Record<string, unknown> = { id: 'chatcmpl-test', object: 'chat.completion', created: 0, model, choices: [{ index: 0, message, finish_reason: finish }] };
    if (usage) out.usage = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify(out));
  }

  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
  const pieces = [...(reasoning ? [{ reasoning_content: reasoning }] : []), ...split(text, f.chunks ?? 4).map((content) => ({ content }))];
  const cutAt = f.kind === 'truncate' ? Math.max(1, Math.floor(pieces.length / 2)) : f.kind === 'hang' ? f.afterChunks! : Infinity;
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0) {
      const gap = gapAt(f.chunkGapMs, i - 1);
      if (gap) await sleep(gap);
    }
    if (res.destroyed) return;
    if (i === cutAt) break;
    if (i === 0 && logged) logged.firstChunkAt = hiResNow();
    res.write(chunk(i === 0 ? { role: 'assistant', ...pieces[i] } : pieces[i]));
  }
  if (f.kind === 'hang') return; // stall mid-stream: the client times out
  if (f.kind === 'truncate') {
    if (f.mode === 'end') return void res.end();
    // Let the first chunks reach the client, then cut the connection.
    await sleep(10);
    return void res.socket?.destroy();
  }
  let tail = chunk({}, finish);
  if (usage && body.stream_options?.include_usage)
    tail += `data: ${JSON.stringify({ id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 0, model, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })}\n\n`;
  res.end(`${tail}data: [DONE]\n\n`);
}

function defaultUsage(body: any, text: string, reasoning?: string): WireUsage {
  let prompt = 0;
  for (const m of Array.isArray(body.messages) ? body.messages : []) prompt += estimateTokens(String(m?.content ?? ''));
  const thought = reasoning ? estimateTokens(reasoning) : 0;
  return { prompt_tokens: prompt, completion_tokens: estimateTokens(text) + thought, ...(thought ? { completion_tokens_details: { reasoning_tokens: thought } } : {}) };
}

function gapAt(gap: number | number[] | undefined, i: number): number {
  if (gap === undefined) return 0;
  if (typeof gap === 'number') return gap;
  return gap.length ? gap[Math.min(i, gap.length - 1)] : 0;
}

/** Splits by code points into at most n non-empty pieces (one empty piece for empty text). */
function split(text: string, n: number): string[] {
  const chars = [...text];
  if (!chars.length) return [''];
  const size = Math.ceil(chars.length / Math.max(1, n));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

function isMain(): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const hostIndex = process.argv.indexOf('--host');
  const server = await startOpenAIServer({
    port: arg('--port') ?? 0,
    host: hostIndex >= 0 ? process.argv[hostIndex + 1] : undefined,
    noLog: true,
    behaviour: { firstByteMs: arg('--first-byte-ms'), chunkGapMs: arg('--chunk-gap-ms') },
  });
  process.stdout.write(`listening ${server.url}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
