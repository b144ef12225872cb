// HTTP plumbing every vendor shares: one POST with a total deadline and the
// caller's abort signal, over keep-alive connections (node:http, not fetch:
// it is markedly cheaper per request, and the engine benchmark pushes
// thousands of requests a second through one provider). Failures of the
// transport surface as TransportError; what they mean for an attempt is
// decided in ./classify.ts.
import http from 'node:http';
import https from 'node:https';

/** The transport failed: no (complete) HTTP answer. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'timeout' | 'network',
    message: string,
    /** The socket error code (ECONNRESET, ECONNREFUSED, …) when there is one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  /** Path and query for this request instead of the endpoint's (a per-request token in the query). */
  path?: string;
  /** Total deadline for the whole exchange, body included. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A response whose head has arrived; read its body once, as text or as chunks. */
export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The whole body as UTF-8. Rejects with TransportError. */
  text(): Promise<string>;
  /** The body up to `limit` characters; a longer one is cut there and its connection dropped (`cut: true`). */
  textUpTo(limit: number): Promise<{ text: string; cut: boolean }>;
  /** UTF-8 pieces as they arrive off the socket. Throws TransportError. */
  chunks(): AsyncIterable<string>;
}

/** A parsed endpoint, so a request does not re-parse its URL. */
export interface Endpoint {
  secure: boolean;
  hostname: string;
  port: number;
  /** Path and query. */
  path: string;
}

export function parseEndpoint(url: string): Endpoint {
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  return {
    secure,
    // URL keeps IPv6 literals in brackets; node:http wants them bare.
    hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port ? Number(u.port) : secure ? 443 : 80,
    path: `${u.pathname}${u.search}`,
  };
}

/** Keep-alive connections for one provider; `close()` drops them. */
export class HttpClient {
  private readonly agent: http.Agent;

  constructor(readonly endpoint: Endpoint) {
    const options: http.AgentOptions = { keepAlive: true, keepAliveMsecs: 10_000, scheduling: 'lifo' };
    this.agent = endpoint.secure ? new https.Agent(options) : new http.Agent(options);
  }

  /** Sends one POST; resolves when the response head arrives. */
  post(opts: PostOptions): Promise<HttpResponse> {
    const { endpoint } = this;
    return new Promise<HttpResponse>((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new TransportError('timeout', 'aborted before sending'));
      // Why the exchange was cut short by us, so socket errors that follow are read right.
      let cutBy: TransportError | undefined;
      const cut = (why: TransportError) => {
        if (cutBy) return;
        cutBy = why;
        req.destroy(why);
      };
      const onAbort = () => cut(new TransportError('timeout', 'aborted by the caller'));
      const timer = setTimeout(() => cut(new TransportError('timeout', `no complete answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
      };
      const asTransport = (err: unknown): TransportError => {
        if (cutBy) return cutBy;
        if (err instanceof TransportError) return err;
        const e = err as NodeJS.ErrnoException;
        return new TransportError('network', `${e.code ?? e.name}: ${e.message}`, e.code);
      };

      const transport = endpoint.secure ? https : http;
      const req = transport.request(
        {
          hostname: endpoint.hostname,
          port: endpoint.port,
          path: opts.path ?? endpoint.path,
          method: 'POST',
          agent: this.agent,
          headers: { ...opts.headers, 'content-length': Buffer.byteLength(opts.body) },
        },
        (res) => {
          res.setEncoding('utf8');
          let consumed = false;
          const claim = () => {
            if (consumed) throw new Error('HttpResponse body read twice');
            consumed = true;
          };
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: () => {
              claim();
              return new Promise<string>((ok, fail) => {
                let body = '';
                res.on('data', (piece: string) => (body += piece));
                res.on('end', () => {
                  settle();
                  // 'end' after an abort still means the body is incomplete.
                  if (!res.complete) fail(asTransport(new TransportError('network', 'connection closed before the body ended', 'ECONNRESET')));
                  else ok(body);
                });
                res.on('error', (err) => {
                  settle();
                  fail(asTransport(err));
                });
              });
            },
            textUpTo: (limit: number) => {
              claim();
              return new Promise<{ text: string; cut: boolean }>((ok, fail) => {
                let body = '';
                let done = false;
                res.on('data', (piece: string) => {
                  if (done) return;
                  body += piece;
                  if (body.length > limit) {
                    // Never hold more than the limit: drop the rest of the body with its connection.
                    done = true;
                    settle();
                    res.destroy();
                    ok({ text: body.slice(0, limit), cut: true });
                  }
                });
                res.on('end', () => {
                  if (done) return;
                  done = true;
                  settle();
                  if (!res.complete) fail(asTransport(new TransportError('network', 'connection closed before the body ended', 'ECONNRESET')));
                  else ok({ text: body, cut: false });
                });
                res.on('error', (err) => {
                  if (done) return;
                  done = true;
                  settle();
                  fail(asTransport(err));
                });
              });
            },
            chunks: () => {
              claim();
              return (async function* () {
                try {
                  for await (const piece of res) yield piece as string;
                  if (!res.complete) throw new TransportError('network', 'connection closed before the body ended', 'ECONNRESET');
                } catch (err) {
                  throw asTransport(err);
                } finally {
                  settle();
                  // Stopped early: the rest of the body would block the socket.
                  if (!res.complete) res.destroy();
                }
              })();
            },
          });
        },
      );
      req.on('error', (err) => {
        settle();
        reject(asTransport(err));
      });
      req.end(opts.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
