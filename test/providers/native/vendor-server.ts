// A local HTTP server on 127.0.0.1 that records each request and answers
// with whatever the test scripted next: a JSON body with a status, or an
// SSE stream of events (the vendor's documented shapes, written in the tests).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Reply =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'sse'; events: Array<{ event?: string; data: unknown }> }
  /** A gateway's plain-text answer (HTML error pages and the like). */
  | { kind: 'text'; status: number; body: string }
  /** Never answer (timeouts), or drop the connection (network errors). */
  | { kind: 'hang' }
  | { kind: 'reset' };

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
}

export interface VendorServer {
  url: string;
  requests: Recorded[];
  /** The reply to the next request (then the default answer again). */
  next(reply: Reply): void;
  setDefault(reply: (r: Recorded) => Reply): void;
  close(): Promise<void>;
}

export async function startVendorServer(defaultReply: (r: Recorded) => Reply): Promise<VendorServer> {
  const requests: Recorded[] = [];
  const queue: Reply[] = [];
  let fallback = defaultReply;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      let body: any;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, body };
      requests.push(rec);
      const reply = queue.shift() ?? fallback(rec);
      if (reply.kind === 'hang') return;
      if (reply.kind === 'reset') return req.socket.destroy();
      if (reply.kind === 'text') {
        res.writeHead(reply.status, { 'content-type': 'text/html' });
        res.end(reply.body);
      } else if (reply.kind === 'json') {
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.body));
      } else {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const e of reply.events) res.write(`${e.event ? `event: ${e.event}\n` : ''}data: ${typeof e.data === 'string' ? e.data : JSON.stringify(e.data)}\n\n`);
        res.end();
      }
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    next: (reply) => queue.push(reply),
    setDefault: (f) => (fallback = f),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections(); // hung exchanges too
        server.close(() => ok());
      }),
  };
}
