// A real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions wire
// format (streaming included), with scripted faults and a request log. It
// stands in for vendor endpoints in tests and benchmarks.
//   npx tsx test/helpers/openai-server.ts --port 0    (prints its URL)
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'answer'; text: string; finishReason?: string; usage?: { prompt_tokens: number; completion_tokens: number }; reasoning?: string }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'reset' } // destroy the socket without answering
  | { kind: 'hang' } // never answer (client timeout)
  | { kind: 'truncate'; text: string } // stream some chunks, then close without finishing
  | { kind: 'malformed' }; // 200 with a body that is not JSON

export interface Behaviour {
  /** Delay before the first byte / first chunk, ms. */
  firstByteMs?: number;
  /** Delay between stream chunks, ms. */
  chunkGapMs?: number;
  /** Split the answer into this many stream chunks. */
  chunks?: number;
}

export interface LoggedRequest {
  at: number;
  body: any;
  headers: http.IncomingHttpHeaders;
  url: string;
}

export interface ServerOptions {
  /** Decide each request's fate; default: answer by echoing the last user message. */
  script?: (req: LoggedRequest, index: number) => Fault | (Fault & Behaviour) | undefined;
  behaviour?: Behaviour;
  /** Keep no request log (benchmarks). */
  noLog?: boolean;
  port?: number;
}

export interface OpenAIServer {
  url: string;
  port: number;
  requests: LoggedRequest[];
  setScript(fn: ServerOptions['script']): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Default answer: the last user message, so a test knows what to expect. */
export function echoAnswer(body: any): string {
  const msgs = body?.messages ?? [];
  return String([...msgs].reverse().find((m: any) => m.role === 'user')?.content ?? '');
}

export async function startOpenAIServer(opts: ServerOptions = {}): Promise<OpenAIServer> {
  const requests: LoggedRequest[] = [];
  let script = opts.script;
  let count = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'bad json', code: 'invalid_request' } }));
        return;
      }
      const logged: LoggedRequest = { at: Date.now(), body, headers: req.headers, url: req.url ?? '' };
      if (!opts.noLog) requests.push(logged);
      const fault = (script?.(logged, count++) ?? { kind: 'answer', text: echoAnswer(body) }) as Fault & Behaviour;
      const b: Behaviour = { ...opts.behaviour, ...fault };
      await respond(req, res, body, fault, b);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    setScript: (fn) => (script = fn),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

async function respond(req: http.IncomingMessage, res: http.ServerResponse, body: any, fault: Fault, b: Behaviour) {
  if (fault.kind === 'hang') return; // the client times out
  if (fault.kind === 'reset') return void req.socket.destroy();
  if (b.firstByteMs) await sleep(b.firstByteMs);
  if (fault.kind === 'status') {
    res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
    return void res.end(JSON.stringify(fault.body ?? { error: { message: `HTTP ${fault.status}`, type: 'server_error' } }));
  }
  if (fault.kind === 'malformed') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end('{"choices": [ this is not json');
  }
  const text = fault.kind === 'answer' || fault.kind === 'truncate' ? fault.text : '';
  const usage = (fault.kind === 'answer' && fault.usage) || { prompt_tokens: tokens(JSON.stringify(body.messages ?? '')), completion_tokens: tokens(text) };
  const finish = fault.kind === 'answer' ? (fault.finishReason ?? 'stop') : undefined;
  const model = body.model ?? 'test-model';
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    const message: Record<string, unknown> = { role: 'assistant', content: text };
    if (fault.kind === 'answer' && fault.reasoning) message.reasoning_content = fault.reasoning;
    return void res.end(JSON.stringify({ id: 'chatcmpl-test', object: 'chat.completion', model, choices: [{ index: 0, message, finish_reason: finish }], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } }));
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const pieces = split(text, b.chunks ?? Math.min(4, Math.max(1, text.length)));
  const send = (obj: unknown) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
  if (fault.kind === 'answer' && fault.reasoning) send({ id: 'c', object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: { reasoning_content: fault.reasoning } }] });
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0 && b.chunkGapMs) await sleep(b.chunkGapMs);
    send({ id: 'c', object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: { content: pieces[i] }, finish_reason: null }] });
    if (fault.kind === 'truncate' && i === Math.floor(pieces.length / 2)) {
      await sleep(20); // let the first chunks reach the client, then cut the connection
      return void res.socket?.destroy();
    }
  }
  send({ id: 'c', object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: {}, finish_reason: finish }] });
  send({ id: 'c', object: 'chat.completion.chunk', model, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
  res.end('data: [DONE]\n\n');
}

function split(text: string, n: number): string[] {
  if (!text) return [''];
  const size = Math.ceil(text.length / n);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const tokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));

// Standalone: a zero-latency echo server for benchmarks.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!) && process.argv.includes('--port')) {
  const port = Number(process.argv[process.argv.indexOf('--port') + 1] ?? 0);
  const s = await startOpenAIServer({ port, noLog: true });
  process.stdout.write(`listening ${s.url}\n`);
}
