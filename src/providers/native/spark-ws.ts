// iFlytek Spark (讯飞星火) WebSocket API. One connection per request: the
// URL is signed (HMAC-SHA256 over "host: …\ndate: …\nGET <path> HTTP/1.1"
// with the APISecret, wrapped in an `authorization` query parameter with
// `date` and `host`), the client sends one frame {header.app_id,
// parameter.chat.domain, payload.message.text[]} and the server streams
// frames {header.code, header.status 0/1/2, payload.choices.text[].content,
// payload.usage.text} until status 2. A non-zero header.code is an error:
// 10013 / 10014 / 10019 / 10021 are content review blocks.
import crypto from 'node:crypto';
import WebSocket from 'ws';
import type { CallContext, ChatRequest, Provider, ProviderResult } from '../../types.js';
import { classifyVendorError, failure, parseErrorBody } from '../classify.js';
import type { ProviderConfig } from '../config.js';
import { answerLimit, count, defined, finishAnswer, identityOf, required, rulesApplied, StreamAnswer, type NativeOptions, type Piece } from '../exchange.js';
import { InputError } from '../../errors.js';

export const SPARK_WS_BASE_URL = 'wss://spark-api.xf-yun.com';

/** Model (the `domain`) → its path on spark-api.xf-yun.com; `wsPath:` in the entry overrides. */
export const SPARK_PATHS: Record<string, string> = {
  '4.0Ultra': '/v4.0/chat',
  'max-32k': '/chat/max-32k',
  'generalv3.5': '/v3.5/chat',
  'pro-128k': '/chat/pro-128k',
  generalv3: '/v3.1/chat',
  lite: '/v1.1/chat',
};

export interface SparkSignInput {
  /** The full ws(s) URL without query, e.g. wss://spark-api.xf-yun.com/v1.1/chat. */
  url: string;
  apiKey: string;
  apiSecret: string;
  /** RFC 1123 date (the server allows 300 s of skew). */
  date: string;
}

export interface SparkSigned {
  /** The signed string: host, date, request line. */
  signatureOrigin: string;
  signature: string;
  authorization: string;
  url: string;
}

/** The documented URL signature (iFlytek "通用鉴权URL生成说明"). */
export function signSparkUrl({ url, apiKey, apiSecret, date }: SparkSignInput): SparkSigned {
  const u = new URL(url);
  const signatureOrigin = `host: ${u.host}\ndate: ${date}\nGET ${u.pathname} HTTP/1.1`;
  const signature = crypto.createHmac('sha256', apiSecret).update(signatureOrigin).digest('base64');
  const authorizationOrigin = `api_key="${apiKey}", algorithm="hmac-sha256", headers="host date request-line", signature="${signature}"`;
  const authorization = Buffer.from(authorizationOrigin, 'utf8').toString('base64');
  const query = new URLSearchParams({ authorization, date, host: u.host });
  return { signatureOrigin, signature, authorization, url: `${u.origin}${u.pathname}?${query}` };
}

/** Spark's request frame. */
export function sparkFrame(appId: string, domain: string, config: ProviderConfig, req: ChatRequest): Record<string, unknown> {
  const chat: Record<string, unknown> = { domain };
  if (req.temperature !== undefined) chat.temperature = req.temperature;
  if (req.maxTokens !== undefined) chat.max_tokens = req.maxTokens;
  if (req.topP !== undefined) chat.top_p = req.topP;
  Object.assign(chat, config.params);
  return {
    header: { app_id: appId },
    parameter: { chat },
    payload: { message: { text: req.messages.map((m) => ({ role: m.role, content: m.content })) } },
  };
}

/** One response frame → a Piece (status 2 ends the answer). */
export function readSparkFrame(json: any): Piece {
  const header = json?.header;
  if (!header || typeof header !== 'object') return { malformed: 'no header' };
  if (Number(header.code) !== 0) return { error: { code: String(header.code), message: header.message } };
  const choices = json.payload?.choices;
  const parts: any[] = Array.isArray(choices?.text) ? choices.text : [];
  const text = parts.map((t) => (typeof t?.content === 'string' ? t.content : '')).join('');
  // X1 (deep reasoning) sends its thinking as reasoning_content.
  const reasoning = parts.map((t) => (typeof t?.reasoning_content === 'string' ? t.reasoning_content : '')).join('');
  const u = json.payload?.usage?.text;
  const end = Number(header.status) === 2 || Number(choices?.status) === 2;
  return {
    text,
    reasoning,
    ...(u ? { usage: defined({ inputTokens: count(u.prompt_tokens), outputTokens: count(u.completion_tokens) }) } : {}),
    ...(end ? { done: true, finishReason: 'stop' } : {}),
  };
}

export interface SparkWsOptions extends NativeOptions {
  /** Clock for the signed date (tests pin it). */
  now?: () => Date;
}

export function createSparkWs(config: ProviderConfig, options: SparkWsOptions): Provider {
  const apiKey = required(config, 'apiKey', 'the APIKey of your iFlytek app, e.g. ${env:SPARK_API_KEY}');
  const apiSecret = required(config, 'secretKey', 'the APISecret of your iFlytek app, e.g. ${env:SPARK_API_SECRET}');
  const appId = typeof config.appId === 'string' ? config.appId : '';
  if (!appId) throw new InputError(`provider "${config.id}" (preset ${config.preset}) needs "appId"`, { field: 'appId' }, 'the APPID of your iFlytek app (console → 我的应用)');
  const path = typeof config.wsPath === 'string' && config.wsPath ? config.wsPath : SPARK_PATHS[config.model];
  if (!path) throw new InputError(`unknown Spark model "${config.model}"`, { field: 'model' }, `use one of ${Object.keys(SPARK_PATHS).join(', ')}, or set "wsPath" (e.g. /v3.5/chat)`);
  const url = `${(config.baseUrl ?? SPARK_WS_BASE_URL).replace(/\/+$/, '')}${path}`;
  const now = options.now ?? (() => new Date());
  const open = new Set<WebSocket>();
  return {
    id: config.id,
    model: config.model,
    identity: identityOf(config, url),
    complete: (req, ctx) => converse(url, { apiKey, apiSecret, appId, config, options, now, open }, req, ctx),
    describeRequest: (req) => rulesApplied(config, options.rules, req).mappings,
    async close() {
      for (const ws of open) ws.terminate();
    },
  };
}

interface Conversation {
  apiKey: string;
  apiSecret: string;
  appId: string;
  config: ProviderConfig;
  options: SparkWsOptions;
  now: () => Date;
  open: Set<WebSocket>;
}

/** One request over one WebSocket, read frame by frame as the frames arrive. */
function converse(url: string, c: Conversation, req: ChatRequest, ctx: CallContext): Promise<ProviderResult> {
  const started = performance.now();
  const answer = new StreamAnswer(started, answerLimit(c.config));
  const signed = signSparkUrl({ url, apiKey: c.apiKey, apiSecret: c.apiSecret, date: c.now().toUTCString() });
  if (ctx.signal?.aborted) return Promise.resolve(failure('timeout', { message: 'aborted before sending' }, 0));
  return new Promise<ProviderResult>((resolve) => {
    const ws = new WebSocket(signed.url, { handshakeTimeout: ctx.timeoutMs });
    c.open.add(ws);
    let settled = false;
    const settle = (r: ProviderResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ctx.signal?.removeEventListener('abort', onAbort);
      c.open.delete(ws);
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
      // 101: the answer came over the upgraded connection.
      resolve(r.status === 'ok' ? finishAnswer(r, req, c.options.signals, 101) : r);
    };
    const cut = (message: string) => settle(failure('timeout', { message }, answer.elapsed(), answer.partial()));
    const timer = setTimeout(() => cut(`no complete answer within ${ctx.timeoutMs} ms`), ctx.timeoutMs);
    const onAbort = () => cut('aborted by the caller');
    ctx.signal?.addEventListener('abort', onAbort, { once: true });

    ws.on('open', () => ws.send(JSON.stringify(sparkFrame(c.appId, c.config.model, c.config, rulesApplied(c.config, c.options.rules, req).req))));
    // The handshake was refused (bad signature 401, clock skew 403, …): the body says why.
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (piece: string) => (body += piece));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const { status: kind, error } = classifyVendorError(status, parseErrorBody(body), res.headers, c.options.signals, c.options.codeMap);
        settle(failure(kind, error, answer.elapsed()));
      });
      res.on('error', () => settle(failure('network', { message: `handshake refused (HTTP ${res.statusCode ?? 0})` }, answer.elapsed())));
    });
    ws.on('message', (data) => {
      if (settled) return;
      let json: any;
      try {
        json = JSON.parse(String(data));
      } catch {
        return settle(failure('server_error', { message: 'malformed response: a frame is not JSON' }, answer.elapsed(), answer.partial()));
      }
      const piece = readSparkFrame(json);
      if (piece.error) {
        // A frame has no HTTP status of its own: 200 reads "classify by the vendor code".
        const { status: kind, error } = classifyVendorError(200, piece.error, {}, c.options.signals, c.options.codeMap);
        const { httpStatus: _none, ...frameError } = error;
        return settle(failure(kind, frameError, answer.elapsed(), answer.partial()));
      }
      if (piece.malformed) return settle(failure('server_error', { message: `malformed response: ${piece.malformed}` }, answer.elapsed(), answer.partial()));
      answer.add(piece);
      if (answer.complete) settle(answer.result());
    });
    ws.on('error', (err: NodeJS.ErrnoException) =>
      settle(failure('network', { message: `${err.code ?? err.name}: ${err.message}`, ...(err.code ? { code: err.code } : {}) }, answer.elapsed(), answer.partial())),
    );
    ws.on('close', (code) => {
      if (!answer.complete) settle(failure('network', { message: `stream truncated: the WebSocket closed (${code}) before status 2` }, answer.elapsed(), answer.partial()));
    });
  });
}
