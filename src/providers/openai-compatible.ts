// OpenAI-style chat completions, streaming and not: the wire format most
// Chinese vendors and every private deployment (vLLM, Ollama, llama.cpp
// server) speak. Presets adjust the URL, auth header and content-filter rule.
import { estimateTokens } from '../engine/tokens.js';
import type { CallContext, ChatRequest, Provider, ProviderResult, Usage } from '../types.js';
import type { ProviderConfig } from './config.js';
import { fromErrorResponse, fromException, send, type ContentFilterRule } from './http.js';
import { sseEvents } from './sse.js';

export interface WireOptions {
  /** Full URL of the chat-completions endpoint. */
  url?: string;
  /** Auth headers; default `Authorization: Bearer <apiKey>`. */
  auth?: (apiKey: string | undefined) => Record<string, string>;
  /** How the vendor's error bodies name a content-filter block. */
  contentFilter?: ContentFilterRule;
  /** Finish reasons that mean the vendor blocked the answer. */
  filterFinishReasons?: string[];
}

const DEFAULT_FILTER_REASONS = ['content_filter', 'sensitive'];

export function createOpenAICompatible(config: ProviderConfig, wire: WireOptions = {}): Provider {
  const url = wire.url ?? `${(config.baseUrl ?? '').replace(/\/+$/, '')}/chat/completions`;
  const stream = config.stream ?? true;
  const headers = {
    'content-type': 'application/json',
    ...(wire.auth ? wire.auth(config.apiKey) : config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
    ...config.headers,
  };
  const filterReasons = new Set(wire.filterFinishReasons ?? DEFAULT_FILTER_REASONS);
  const identity = JSON.stringify({ type: config.preset ?? config.type ?? 'openai-compatible', url, model: config.model, params: config.params ?? {} });

  return {
    id: config.id,
    model: config.model,
    identity,
    async complete(req: ChatRequest, ctx: CallContext): Promise<ProviderResult> {
      const body = {
        model: config.model,
        messages: req.messages,
        temperature: req.temperature,
        max_tokens: req.maxTokens,
        top_p: req.topP,
        seed: req.seed,
        stop: req.stop,
        stream,
        ...(stream ? { stream_options: { include_usage: true } } : {}),
        ...config.params,
      };
      const sent = await send(url, { method: 'POST', headers, body: JSON.stringify(body) }, ctx.timeoutMs, ctx.signal);
      if (sent.failure) return sent.failure;
      const res = sent.response!;
      if (!res.ok) return fromErrorResponse(res, sent.started, wire.contentFilter);
      // Some vendors answer a streaming request with plain JSON (errors, filters).
      const isSse = (res.headers.get('content-type') ?? '').includes('event-stream');
      const result = stream && isSse ? await readStream(res, sent.started, ctx.timeoutMs) : await readJson(res, sent.started, ctx.timeoutMs);
      if (result.status === 'ok' && result.finishReason && filterReasons.has(result.finishReason)) {
        return { ...result, status: 'content_filtered', error: { code: result.finishReason, message: `the vendor stopped the answer (finish_reason: ${result.finishReason})` } };
      }
      if (result.status === 'ok' && !result.usage) result.usage = estimated(req, result.text);
      return result;
    },
  };
}

async function readJson(res: Response, started: number, timeoutMs: number): Promise<ProviderResult> {
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    return fromException(err, started, timeoutMs);
  }
  const totalMs = performance.now() - started;
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: 'server_error', text: '', timing: { totalMs }, error: { message: 'malformed response: not JSON', httpStatus: res.status } };
  }
  const choice = json?.choices?.[0];
  if (!choice) return { status: 'server_error', text: '', timing: { totalMs }, error: { message: 'malformed response: no choices', httpStatus: res.status } };
  const usage = usageOf(json.usage);
  return {
    status: 'ok',
    text: choice.message?.content ?? '',
    reasoning: choice.message?.reasoning_content ?? undefined,
    finishReason: choice.finish_reason ?? undefined,
    usage,
    timing: { totalMs, tokensPerSecond: usage && totalMs > 0 ? (usage.outputTokens / totalMs) * 1000 : undefined },
  };
}

async function readStream(res: Response, started: number, timeoutMs: number): Promise<ProviderResult> {
  let text = '';
  let reasoning = '';
  let finishReason: string | undefined;
  let usage: Usage | undefined;
  let ttft: number | undefined;
  let last: number | undefined;
  const gaps: number[] = [];
  let done = false;
  try {
    for await (const ev of sseEvents(res.body as unknown as AsyncIterable<Uint8Array>)) {
      if (ev.data === '[DONE]') {
        done = true;
        break;
      }
      let json: any;
      try {
        json = JSON.parse(ev.data);
      } catch {
        return { status: 'server_error', text, timing: { totalMs: performance.now() - started, ttftMs: ttft }, error: { message: 'malformed response: bad stream chunk' } };
      }
      if (json.error) {
        return { status: 'server_error', text, timing: { totalMs: performance.now() - started, ttftMs: ttft }, error: { code: json.error.code ? String(json.error.code) : undefined, message: String(json.error.message ?? 'stream error') } };
      }
      const choice = json.choices?.[0];
      const delta = choice?.delta;
      const piece = (delta?.content ?? '') as string;
      const thought = (delta?.reasoning_content ?? '') as string;
      if (piece || thought) {
        const now = performance.now();
        ttft ??= now - started;
        if (last !== undefined) gaps.push(now - last);
        last = now;
        text += piece;
        reasoning += thought;
      }
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      if (json.usage) usage = usageOf(json.usage);
    }
  } catch (err) {
    const r = fromException(err, started, timeoutMs);
    // The connection broke after the answer had started: say so.
    if (r.status === 'network') r.error = { ...r.error!, message: `stream truncated (${r.error!.message})` };
    return { ...r, text, timing: { ...r.timing, ttftMs: ttft } };
  }
  const totalMs = performance.now() - started;
  if (!done && !finishReason) return { status: 'network', text, timing: { totalMs, ttftMs: ttft }, error: { message: 'stream truncated: the connection closed before the answer finished' } };
  const genMs = ttft !== undefined ? totalMs - ttft : totalMs;
  const outTokens = usage?.outputTokens ?? estimateTokens(text);
  return {
    status: 'ok',
    text,
    reasoning: reasoning || undefined,
    finishReason,
    usage,
    timing: { totalMs, ttftMs: ttft, interTokenMs: gaps, tokensPerSecond: genMs > 0 ? (outTokens / genMs) * 1000 : undefined },
  };
}

function usageOf(u: any): Usage | undefined {
  if (!u) return undefined;
  return {
    inputTokens: u.prompt_tokens ?? u.input_tokens ?? 0,
    outputTokens: u.completion_tokens ?? u.output_tokens ?? 0,
    reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? undefined,
    cachedInputTokens: u.prompt_tokens_details?.cached_tokens ?? u.prompt_cache_hit_tokens ?? undefined,
  };
}

function estimated(req: ChatRequest, text: string): Usage {
  return { inputTokens: estimateTokens(req.messages.map((m) => m.content).join('\n')), outputTokens: estimateTokens(text), estimated: true };
}
