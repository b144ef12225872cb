// OpenAI-style chat completions, streaming and not: the wire format most
// Chinese vendors and every private deployment (vLLM, Ollama, llama.cpp
// server) speak. Presets adjust the endpoint, auth header, request quirks and
// content-filter signals through WireOptions; nothing here is vendor-specific.
import type { CallContext, ChatRequest, Provider, ProviderResult, Usage } from '../types.js';
import { flaggedBlock, vendorError, type ContentFilterSignals, type ErrorCodeMap } from './classify.js';
import type { ProviderConfig } from './config.js';
import { exchange, identityOf, type NativeProtocol, type Piece } from './exchange.js';
import { HttpClient, parseEndpoint } from './http.js';

// Kept importable from here: the usage helpers moved to the shared exchange loop.
export { estimateUsage, sortKeys, tokensPerSecond } from './exchange.js';

export interface WireOptions {
  /** Full URL of the chat-completions endpoint; default baseUrl + /chat/completions. */
  url?: string;
  /** Auth headers; default `Authorization: Bearer <apiKey>` when there is a key. */
  auth?: (config: ProviderConfig) => Record<string, string>;
  /** The vendor's documented content-filter signals. */
  contentFilter?: ContentFilterSignals;
  /** Vendor error codes that mean rate limit, auth, … whatever the HTTP status. */
  errorCodes?: ErrorCodeMap;
  /** Send `stream_options: {include_usage: true}` when streaming (default true). */
  streamUsage?: boolean;
  /** Last touch on the request body (a vendor's renamed or unsupported fields). */
  mapBody?: (body: Record<string, unknown>, config: ProviderConfig) => Record<string, unknown>;
}

/** Signals every OpenAI-style API may use; presets add their own. */
export const DEFAULT_CONTENT_FILTER: ContentFilterSignals = { codes: ['content_filter'], finishReasons: ['content_filter', 'sensitive'] };

export function createOpenAICompatible(config: ProviderConfig, wire: WireOptions = {}): Provider {
  const url = wire.url ?? `${(config.baseUrl ?? '').replace(/\/+$/, '')}/chat/completions`;
  const client = new HttpClient(parseEndpoint(url));
  const stream = config.stream ?? true;
  const signals = wire.contentFilter ?? DEFAULT_CONTENT_FILTER;
  // Built once: these are the same for every request of this provider.
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream, application/json' : 'application/json',
    ...(wire.auth ? wire.auth(config) : config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
    ...config.headers,
  };

  const bodyFor = (req: ChatRequest): string => {
    let body: Record<string, unknown> = { model: config.model, messages: req.messages, stream };
    if (req.temperature !== undefined) body.temperature = req.temperature;
    if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
    if (req.topP !== undefined) body.top_p = req.topP;
    if (req.seed !== undefined) body.seed = req.seed;
    if (req.stop?.length) body.stop = req.stop;
    if (stream && wire.streamUsage !== false) body.stream_options = { include_usage: true };
    if (config.params) Object.assign(body, config.params);
    if (wire.mapBody) body = wire.mapBody(body, config);
    return JSON.stringify(body);
  };

  const protocol: NativeProtocol = {
    client,
    stream,
    body: bodyFor,
    headers: () => headers,
    readJson: (json) => readChoice(json, signals, 'message'),
    readEvent: (json) => readChoice(json, signals, 'delta'),
    signals: { ...signals, finishReasons: signals.finishReasons ?? DEFAULT_CONTENT_FILTER.finishReasons },
    codeMap: wire.errorCodes,
  };

  return {
    id: config.id,
    model: config.model,
    // Everything that changes the answer; never the key or headers (which may carry secrets).
    identity: identityOf(config, url, 'openai-compatible'),
    complete: (req: ChatRequest, ctx: CallContext): Promise<ProviderResult> => exchange(protocol, req, ctx),
    async close() {
      client.close();
    },
  };
}

/** One chat-completion body (`message`) or stream chunk (`delta`) → a Piece. */
function readChoice(json: any, signals: ContentFilterSignals, field: 'message' | 'delta'): Piece {
  const error = vendorError(json);
  if (error) return { error };
  const flag = json && typeof json === 'object' ? flaggedBlock(json, signals) : undefined;
  if (flag) return { blocked: flag };
  const choice = json?.choices?.[0];
  const usage = json?.usage ? usageOf(json.usage) : undefined;
  if (!choice || typeof choice !== 'object') {
    // A stream's last chunk may carry only usage (stream_options.include_usage).
    if (field === 'delta') return usage ? { usage } : {};
    return { malformed: 'no choices' };
  }
  const m = choice[field] ?? {};
  const reasoning = m.reasoning_content ?? m.reasoning;
  return {
    ...(typeof m.content === 'string' && m.content ? { text: m.content } : {}),
    ...(typeof reasoning === 'string' && reasoning ? { reasoning } : {}),
    ...(choice.finish_reason ? { finishReason: String(choice.finish_reason) } : {}),
    ...(usage ? { usage } : {}),
  };
}

/** OpenAI usage, plus the field names of vendors that differ (DeepSeek cache hits). */
export function usageOf(u: any): Usage {
  const usage: Usage = { inputTokens: num(u.prompt_tokens ?? u.input_tokens), outputTokens: num(u.completion_tokens ?? u.output_tokens) };
  const reasoning = u.completion_tokens_details?.reasoning_tokens ?? u.output_tokens_details?.reasoning_tokens;
  if (reasoning !== undefined && reasoning !== null) usage.reasoningTokens = num(reasoning);
  const cached = u.prompt_tokens_details?.cached_tokens ?? u.input_tokens_details?.cached_tokens ?? u.prompt_cache_hit_tokens;
  if (cached !== undefined && cached !== null) usage.cachedInputTokens = num(cached);
  return usage;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);
