// OpenAI-style chat completions, streaming and not: the wire format most
// Chinese vendors and every private deployment (vLLM, Ollama, llama.cpp
// server) speak. Presets adjust the endpoint, auth header, request quirks and
// content-filter signals through WireOptions; nothing here is vendor-specific.
import { estimateTokens } from '../engine/tokens.js';
import type { CallContext, ChatRequest, Provider, ProviderResult, Usage } from '../types.js';
import { classifyVendorError, failure, flaggedBlock, fromTransport, parseErrorBody, vendorError, type ContentFilterSignals, type ErrorCodeMap } from './classify.js';
import type { ProviderConfig } from './config.js';
import { HttpClient, parseEndpoint, TransportError, type HttpResponse } from './http.js';
import { sseEvents } from './sse.js';

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
  const filterReasons = new Set(signals.finishReasons ?? DEFAULT_CONTENT_FILTER.finishReasons);
  // Built once: these are the same for every request of this provider.
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream, application/json' : 'application/json',
    ...(wire.auth ? wire.auth(config) : config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
    ...config.headers,
  };
  // Everything that changes the answer; never the key or headers (which may carry secrets).
  const identity = JSON.stringify({ type: config.type ?? 'openai-compatible', preset: config.preset, url, model: config.model, params: sortKeys(config.params ?? {}) });

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

  return {
    id: config.id,
    model: config.model,
    identity,
    async complete(req: ChatRequest, ctx: CallContext): Promise<ProviderResult> {
      const started = performance.now();
      let res: HttpResponse;
      try {
        res = await client.post({ headers, body: bodyFor(req), timeoutMs: ctx.timeoutMs, signal: ctx.signal });
      } catch (err) {
        if (err instanceof TransportError) return fromTransport(err, performance.now() - started);
        throw err;
      }
      const read = { res, started, signals, codeMap: wire.errorCodes };
      let result: ProviderResult;
      try {
        if (res.status < 200 || res.status >= 300) result = await readError(read);
        // A vendor may answer a streaming request with plain JSON (errors, blocks).
        else if (stream && String(res.headers['content-type'] ?? '').includes('event-stream')) result = await readStream(read);
        else result = await readJson(read);
      } catch (err) {
        if (err instanceof TransportError) return fromTransport(err, performance.now() - started);
        throw err;
      }
      if (result.status !== 'ok') return result;
      if (result.finishReason && filterReasons.has(result.finishReason)) {
        result.status = 'content_filtered';
        result.error = { code: result.finishReason, message: `the vendor stopped the answer (finish_reason: ${result.finishReason})`, httpStatus: res.status };
      }
      if (!result.usage) result.usage = estimateUsage(req, result.text, result.reasoning);
      result.timing.tokensPerSecond = tokensPerSecond(result);
      return result;
    },
    async close() {
      client.close();
    },
  };
}

interface Read {
  res: HttpResponse;
  started: number;
  signals: ContentFilterSignals;
  codeMap?: ErrorCodeMap;
}

async function readError({ res, started, signals, codeMap }: Read): Promise<ProviderResult> {
  const text = await res.text();
  const { status, error } = classifyVendorError(res.status, parseErrorBody(text), res.headers, signals, codeMap);
  return failure(status, error, performance.now() - started);
}

async function readJson({ res, started, signals, codeMap }: Read): Promise<ProviderResult> {
  const text = await res.text();
  const totalMs = performance.now() - started;
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    return failure('server_error', { message: 'malformed response: the body is not JSON', httpStatus: res.status }, totalMs);
  }
  const vendor = vendorError(json);
  if (vendor) {
    const { status, error } = classifyVendorError(res.status, vendor, res.headers, signals, codeMap);
    return failure(status, error, totalMs);
  }
  const flag = flaggedBlock(json, signals);
  if (flag) return failure('content_filtered', { code: flag, message: `the vendor flagged the exchange (${flag})`, httpStatus: res.status }, totalMs);
  const choice = json?.choices?.[0];
  if (!choice || typeof choice !== 'object') return failure('server_error', { message: 'malformed response: no choices', httpStatus: res.status }, totalMs);
  const message = choice.message ?? {};
  const reasoning = message.reasoning_content ?? message.reasoning;
  return {
    status: 'ok',
    text: typeof message.content === 'string' ? message.content : '',
    ...(typeof reasoning === 'string' && reasoning ? { reasoning } : {}),
    ...(choice.finish_reason ? { finishReason: String(choice.finish_reason) } : {}),
    ...(json.usage ? { usage: usageOf(json.usage) } : {}),
    timing: { totalMs },
  };
}

async function readStream({ res, started, signals, codeMap }: Read): Promise<ProviderResult> {
  let text = '';
  let reasoning = '';
  let finishReason: string | undefined;
  let usage: Usage | undefined;
  let ttftMs: number | undefined;
  let last = 0;
  const interTokenMs: number[] = [];
  let done = false;
  const partial = () => ({ text, ...(reasoning ? { reasoning } : {}), timing: { totalMs: 0, ...(ttftMs !== undefined ? { ttftMs, interTokenMs } : {}) } });
  try {
    for await (const event of sseEvents(res.chunks())) {
      if (done) continue; // drain to the end so the connection can be reused
      if (event.data === '[DONE]') {
        done = true;
        continue;
      }
      let json: any;
      try {
        json = JSON.parse(event.data);
      } catch {
        return failure('server_error', { message: 'malformed response: a stream chunk is not JSON', httpStatus: res.status }, performance.now() - started, partial());
      }
      const vendor = vendorError(json);
      if (vendor) {
        const { status, error } = classifyVendorError(res.status, vendor, res.headers, signals, codeMap);
        return failure(status, error, performance.now() - started, partial());
      }
      const flag = flaggedBlock(json, signals);
      if (flag) return failure('content_filtered', { code: flag, message: `the vendor flagged the exchange (${flag})`, httpStatus: res.status }, performance.now() - started, partial());
      const choice = json.choices?.[0];
      const delta = choice?.delta;
      if (delta) {
        const piece = typeof delta.content === 'string' ? delta.content : '';
        const thought = typeof (delta.reasoning_content ?? delta.reasoning) === 'string' ? (delta.reasoning_content ?? delta.reasoning) : '';
        if (piece || thought) {
          const now = performance.now();
          if (ttftMs === undefined) ttftMs = now - started;
          else interTokenMs.push(now - last);
          last = now;
          text += piece;
          reasoning += thought;
        }
      }
      if (choice?.finish_reason) finishReason = String(choice.finish_reason);
      if (json.usage) usage = usageOf(json.usage);
    }
  } catch (err) {
    if (!(err instanceof TransportError)) throw err;
    // After [DONE] or a finish_reason the answer is whole: only the tail of the connection broke.
    if (!done && !finishReason) {
      const message = err.kind === 'network' ? `stream truncated (${err.message})` : err.message;
      return failure(err.kind, { message, ...(err.code ? { code: err.code } : {}) }, performance.now() - started, partial());
    }
  }
  const totalMs = performance.now() - started;
  if (!done && !finishReason) {
    return failure('network', { message: 'stream truncated: the connection closed before [DONE] or a finish_reason', httpStatus: res.status }, totalMs, partial());
  }
  return {
    status: 'ok',
    text,
    ...(reasoning ? { reasoning } : {}),
    ...(finishReason ? { finishReason } : {}),
    ...(usage ? { usage } : {}),
    timing: { totalMs, ...(ttftMs !== undefined ? { ttftMs, interTokenMs } : {}) },
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

/**
 * The vendor reported no usage: count it ourselves (src/engine/tokens.ts —
 * one token per CJK character, ~4 characters per token otherwise; reasoning
 * text counts as output) and say so with `estimated: true`.
 */
export function estimateUsage(req: ChatRequest, text: string, reasoning?: string): Usage {
  let input = 0;
  for (const m of req.messages) input += estimateTokens(m.content);
  const thought = reasoning ? estimateTokens(reasoning) : 0;
  return { inputTokens: input, outputTokens: estimateTokens(text) + thought, ...(thought ? { reasoningTokens: thought } : {}), estimated: true };
}

/** Output tokens per second after the first token when streaming, else over the whole exchange. */
export function tokensPerSecond(r: ProviderResult): number | undefined {
  const out = r.usage?.outputTokens;
  if (!out) return undefined;
  const ms = r.timing.ttftMs !== undefined ? r.timing.totalMs - r.timing.ttftMs : r.timing.totalMs;
  return ms > 0 ? (out / ms) * 1000 : undefined;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  return value;
}
