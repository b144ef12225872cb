// Baidu Qianfan legacy API (千帆 v1, ERNIE "wenxinworkshop"): the app's
// API Key + Secret Key buy an access token (POST /oauth/2.0/token,
// client_credentials, valid expires_in seconds — 30 days), sent as the
// `access_token` query parameter of POST
// /rpc/2.0/ai_custom/v1/wenxinworkshop/chat/<endpoint>. Answers carry
// `result`, `is_end` (stream), `usage`, `need_clear_history` / `ban_round`
// (the input was judged unsafe); errors are `error_code` / `error_msg`,
// usually with HTTP 200. Codes 110 / 111 (token invalid / expired) fetch a
// new token and send the request once more.
import type { CallContext, ChatRequest, Provider, ProviderResult } from '../../types.js';
import { failure, fromTransport, parseErrorBody, classifyVendorError, vendorError } from '../classify.js';
import type { ProviderConfig } from '../config.js';
import { answerLimit, exchange, identityOf, required, rulesApplied, type NativeOptions, type NativeProtocol, type Piece } from '../exchange.js';
import type { RequestRules } from '../rules.js';
import { HttpClient, parseEndpoint, TransportError } from '../http.js';
import { usageOf } from '../openai-compatible.js';

export const QIANFAN_LEGACY_BASE_URL = 'https://aip.baidubce.com';
const CHAT_PATH = '/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/';

/** Model name → the endpoint path segment Baidu gives it (its API page); `endpoint:` in the entry overrides. */
export const ERNIE_ENDPOINTS: Record<string, string> = {
  'ernie-4.0-8k': 'completions_pro',
  'ernie-3.5-8k': 'completions',
  'ernie-4.0-turbo-8k': 'ernie-4.0-turbo-8k',
  'ernie-speed-8k': 'ernie_speed',
  'ernie-speed-128k': 'ernie-speed-128k',
  'ernie-lite-8k': 'ernie-lite-8k',
  'ernie-tiny-8k': 'ernie-tiny-8k',
};

/** The token error codes after which a fresh token is worth one more try. */
export const TOKEN_EXPIRED_CODES = new Set(['110', '111']);
/** Renew this long before the stated expiry, so a token never dies mid-run. */
const RENEW_MARGIN_MS = 5 * 60_000;
/** ERNIE's temperature range is (0, 1]: 0 is sent as this, the closest allowed value (the preset's rules). */
export const ERNIE_MIN_TEMPERATURE = 0.01;

export interface QianfanLegacyOptions extends NativeOptions {
  /** Clock for token expiry (tests move it). */
  now?: () => number;
}

interface Token {
  value: string;
  expiresAt: number;
}

/**
 * Access tokens for one AK/SK pair: fetched once, shared by concurrent
 * calls, renewed before expiry or when the API says it is invalid.
 */
export class AccessTokens {
  private token: Token | undefined;
  private pending: Promise<Token | ProviderResult> | undefined;
  /** How many tokens were fetched (the contract test counts them). */
  fetched = 0;

  constructor(
    private readonly client: HttpClient,
    private readonly apiKey: string,
    private readonly secretKey: string,
    private readonly now: () => number,
    /** The path prefix of baseUrl (a gateway in front of aip.baidubce.com), kept on the token request too. */
    private readonly basePath = '',
  ) {}

  /** A valid token, or the failed result of fetching one. */
  async get(ctx: CallContext): Promise<string | ProviderResult> {
    if (this.token && this.now() < this.token.expiresAt - RENEW_MARGIN_MS) return this.token.value;
    this.pending ??= this.fetch(ctx).finally(() => (this.pending = undefined));
    const got = await this.pending;
    return 'value' in got ? got.value : got;
  }

  /** The API rejected this token: the next `get` fetches a new one. */
  invalidate(value: string): void {
    if (this.token?.value === value) this.token = undefined;
  }

  private async fetch(ctx: CallContext): Promise<Token | ProviderResult> {
    const started = performance.now();
    // The secrets travel in the query as the API documents; the path is never logged or stored.
    const query = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.apiKey, client_secret: this.secretKey });
    try {
      const res = await this.client.post({
        path: `${this.basePath}/oauth/2.0/token?${query}`,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: '',
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
      });
      const text = await res.text();
      const totalMs = performance.now() - started;
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      if (res.status === 200 && typeof json?.access_token === 'string') {
        this.fetched++;
        const ttlMs = (typeof json.expires_in === 'number' ? json.expires_in : 2_592_000) * 1000;
        this.token = { value: json.access_token, expiresAt: this.now() + ttlMs };
        return this.token;
      }
      // {"error": "invalid_client", "error_description": "unknown client id"} and the like.
      const error = json?.error && typeof json.error === 'string' ? { code: json.error, message: `access token: ${json.error_description ?? json.error}` } : parseErrorBody(text);
      const { status, error: classified } = classifyVendorError(res.status, error, res.headers);
      // A refused token request is a credential problem whatever its HTTP status.
      return failure(json?.error ? 'auth' : status, classified, totalMs);
    } catch (err) {
      if (err instanceof TransportError) return fromTransport(err, performance.now() - started);
      throw err;
    }
  }
}

/** The ERNIE chat body: system messages go in `system`; the rest keep their order. */
export function ernieBody(config: ProviderConfig, asked: ChatRequest, stream: boolean, rules?: RequestRules): Record<string, unknown> {
  const req = rulesApplied(config, rules, asked).req;
  const system = req.messages.filter((m) => m.role === 'system').map((m) => m.content);
  const body: Record<string, unknown> = { messages: req.messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role, content: m.content })), stream };
  if (system.length) body.system = system.join('\n\n');
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.topP !== undefined) body.top_p = req.topP;
  if (req.maxTokens !== undefined) body.max_output_tokens = req.maxTokens;
  if (req.stop?.length) body.stop = req.stop;
  return { ...body, ...config.params };
}

/** One answer body or stream event → a Piece. */
export function readErnie(json: any): Piece {
  const error = vendorError(json);
  if (error) return { error };
  if (!json || typeof json !== 'object' || (typeof json.result !== 'string' && json.is_end === undefined)) return { malformed: 'no result' };
  // The input was judged unsafe: the documented answer is to clear the conversation.
  if (json.need_clear_history === true) return { blocked: 'need_clear_history' };
  return {
    text: typeof json.result === 'string' ? json.result : '',
    ...(json.finish_reason ? { finishReason: String(json.finish_reason) } : {}),
    ...(json.usage ? { usage: usageOf(json.usage) } : {}),
    ...(json.is_end === true ? { done: true } : {}),
  };
}

export function createQianfanLegacy(config: ProviderConfig, options: QianfanLegacyOptions): Provider {
  const apiKey = required(config, 'apiKey', 'the application API Key from the Qianfan console, e.g. ${env:QIANFAN_AK}');
  const secretKey = required(config, 'secretKey', 'the application Secret Key, e.g. ${env:QIANFAN_SK}');
  const base = (config.baseUrl ?? QIANFAN_LEGACY_BASE_URL).replace(/\/+$/, '');
  const endpoint = typeof config.endpoint === 'string' && config.endpoint ? config.endpoint : (ERNIE_ENDPOINTS[config.model] ?? config.model);
  const url = `${base}${CHAT_PATH}${encodeURIComponent(endpoint)}`;
  // One keep-alive client: the token and the chat endpoints share the host.
  const client = new HttpClient(parseEndpoint(url));
  const tokens = new AccessTokens(client, apiKey, secretKey, options.now ?? (() => Date.now()), new URL(base).pathname.replace(/\/+$/, ''));
  const chatPath = parseEndpoint(url).path;
  const stream = config.stream ?? true;
  const headers = { 'content-type': 'application/json', ...config.headers };
  const protocol = (token: string): NativeProtocol => ({
    client,
    stream,
    signals: options.signals,
    codeMap: options.codeMap,
    maxAnswerBytes: answerLimit(config),
    body: (r) => JSON.stringify(ernieBody(config, r, stream, options.rules)),
    headers: () => headers,
    path: () => `${chatPath}?access_token=${encodeURIComponent(token)}`,
    readJson: readErnie,
    readEvent: readErnie,
  });
  const attempt = async (req: ChatRequest, ctx: CallContext): Promise<{ result: ProviderResult; token?: string }> => {
    const token = await tokens.get(ctx);
    if (typeof token !== 'string') return { result: token };
    return { result: await exchange(protocol(token), req, ctx), token };
  };
  return {
    id: config.id,
    model: config.model,
    identity: identityOf(config, url),
    tokens,
    describeRequest: (req: ChatRequest) => rulesApplied(config, options.rules, req).mappings,
    async complete(req: ChatRequest, ctx: CallContext): Promise<ProviderResult> {
      const first = await attempt(req, ctx);
      const code = first.result.error?.code;
      if (first.token === undefined || code === undefined || !TOKEN_EXPIRED_CODES.has(code)) return first.result;
      tokens.invalidate(first.token);
      return (await attempt(req, ctx)).result;
    },
    async close() {
      client.close();
    },
  } as Provider & { tokens: AccessTokens };
}
