// OpenAI-style chat completions, streaming and not: the wire format most
// Chinese vendors and every private deployment (vLLM, Ollama, llama.cpp
// server) speak. Presets adjust the endpoint, auth header, request quirks and
// content-filter signals through WireOptions; nothing here is vendor-specific.
import { InputError } from '../errors.js';
import type { CallContext, ChatRequest, Provider, ProviderResult, RequestMapping, Usage } from '../types.js';
import { flaggedBlock, vendorError, type ContentFilterSignals, type ErrorCodeMap } from './classify.js';
import type { ProviderConfig } from './config.js';
import { answerLimit, exchange, identityOf, type NativeProtocol, type Piece } from './exchange.js';
import { HttpClient, parseEndpoint } from './http.js';
import { reasoningFields, type ReasoningConfig, type ReasoningStyle } from './reasoning.js';
import { mapRequest, type RequestRules } from './rules.js';

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
  /** The model's request rules (accepted ranges, token-limit field, stop words, seed). */
  rules?: RequestRules;
  /** How the vendor switches reasoning (`reasoning:` on the entry). */
  reasoning?: ReasoningStyle;
  /** Finish reasons meaning the vendor cut the answer for its own reasons: retried as server errors. */
  retryFinishReasons?: string[];
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

  const rules = wire.rules ?? {};
  const fixedMaxTokens = typeof config.maxTokens === 'number' ? config.maxTokens : undefined;
  // Validated once: a preset without a documented switch refuses `reasoning:` at setup.
  const { fields: thinking, mappings: thinkingMappings } = thinkingFor(config, wire, rules, stream);
  const bodyFor = (asked: ChatRequest): string => {
    const { req, extra, maxTokensField } = mapRequest(asked, rules, fixedMaxTokens);
    let body: Record<string, unknown> = { model: config.model, messages: req.messages, stream };
    if (req.temperature !== undefined) body.temperature = req.temperature;
    if (req.maxTokens !== undefined) body[maxTokensField] = req.maxTokens;
    if (req.topP !== undefined) body.top_p = req.topP;
    if (req.seed !== undefined) body.seed = req.seed;
    if (req.stop?.length) body.stop = req.stop;
    if (stream && wire.streamUsage !== false) body.stream_options = { include_usage: true };
    Object.assign(body, extra, thinking);
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
    retryFinishReasons: wire.retryFinishReasons,
    maxAnswerBytes: answerLimit(config),
  };

  return {
    id: config.id,
    model: config.model,
    // Everything that changes the answer; never the key or headers (which may carry secrets).
    identity: identityOf(config, url, 'openai-compatible', { thinking: thinkingMappings.length ? thinking : undefined }),
    complete: (req: ChatRequest, ctx: CallContext): Promise<ProviderResult> => exchange(protocol, req, ctx),
    describeRequest: (req: ChatRequest) => [...mapRequest(req, rules, fixedMaxTokens).mappings, ...thinkingMappings],
    async close() {
      client.close();
    },
  };
}

/**
 * The body fields for `reasoning:` on the entry, and what was sent that the
 * entry did not ask for. A vendor that thinks only on streaming calls
 * (`thinkingStreamOnly`, DashScope) gets thinking off on a non-streaming call
 * to a model that thinks by default, recorded; asking it to think there, or a
 * thinking-only model, is refused now rather than on every call.
 */
function thinkingFor(config: ProviderConfig, wire: WireOptions, rules: RequestRules, stream: boolean): { fields: Record<string, unknown>; mappings: RequestMapping[] } {
  const asked = config.reasoning as ReasoningConfig | undefined;
  const fields = reasoningFields(wire.reasoning, asked, config.preset);
  if (stream || !rules.thinkingStreamOnly) return { fields, mappings: [] };
  const why = rules.source ?? 'preset rule';
  const refuse = (what: string) =>
    new InputError(
      `provider "${config.id}": ${what}, and ${config.preset} answers thinking only on streaming calls (${why})`,
      { field: 'stream' },
      'remove "stream: false" (streaming is the default), or set "reasoning: {enabled: false}"',
    );
  if (rules.thinkingDefault === 'only') throw refuse(`model "${config.model}" always thinks`);
  if (asked && asked.enabled !== false) throw refuse('"reasoning" asks for thinking');
  const off = reasoningFields(wire.reasoning, { enabled: false }, config.preset);
  // Thinking chosen on the entry (reasoning:, or the raw field in params) is the user's: nothing to map.
  if (asked || rules.thinkingDefault !== 'on' || Object.keys(off).some((k) => config.params && k in config.params)) return { fields, mappings: [] };
  return {
    fields: { ...fields, ...off },
    mappings: [
      {
        field: 'reasoning.enabled',
        from: null,
        to: false,
        reason: `the model thinks by default and ${config.preset} refuses a non-streaming call that thinks, so ${JSON.stringify(off)} is sent; stream to evaluate it thinking (${why})`,
        reasonZh: `该模型默认开启思考，而 ${config.preset} 拒绝非流式的思考调用，因此发送 ${JSON.stringify(off)}；以流式调用才能评测其思考（${why}）`,
      },
    ],
  };
}

/** One chat-completion body (`message`) or stream chunk (`delta`) → a Piece. */
function readChoice(json: any, signals: ContentFilterSignals, field: 'message' | 'delta'): Piece {
  const error = vendorError(json);
  if (error) return { error };
  const choice = json?.choices?.[0];
  // A flag is a block only when the vendor blanked the reply (MiniMax sets input_sensitive on answers it still gives).
  const flag = json && typeof json === 'object' && !answerText(choice?.[field]) ? flaggedBlock(json, signals) : undefined;
  if (flag) return { blocked: flag };
  // Moonshot puts a stream's usage in choices[0].usage of the last chunk.
  const rawUsage = json?.usage ?? choice?.usage;
  const usage = rawUsage ? usageOf(rawUsage) : undefined;
  if (!choice || typeof choice !== 'object') {
    // A stream's last chunk may carry only usage (stream_options.include_usage).
    if (field === 'delta') return usage ? { usage } : {};
    return { malformed: 'no choices' };
  }
  const m = choice[field] ?? {};
  const reasoning = m.reasoning_content ?? m.reasoning ?? detailsText(m.reasoning_details);
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
  // Moonshot reports `cached_tokens` at the top of usage.
  const cached = u.prompt_tokens_details?.cached_tokens ?? u.input_tokens_details?.cached_tokens ?? u.prompt_cache_hit_tokens ?? u.cached_tokens;
  if (cached !== undefined && cached !== null) usage.cachedInputTokens = num(cached);
  return usage;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);

const answerText = (m: any): boolean => typeof m?.content === 'string' && m.content.length > 0;

/** MiniMax with `reasoning_split`: reasoning_details [{type: 'reasoning.text', text}]. */
function detailsText(details: unknown): string | undefined {
  if (!Array.isArray(details)) return undefined;
  const text = details.map((d) => (typeof d?.text === 'string' ? d.text : '')).join('');
  return text || undefined;
}
