// The request/response loop every HTTP protocol shares (the OpenAI wire and
// each native vendor): one POST, then an error body, a JSON answer or an SSE
// stream, each read into the same ProviderResult with the same
// classification (./classify.ts) and the one stream-timing reader (TTFT,
// inter-token gaps). A protocol only says how to build its body and headers
// and how to read one JSON body or one stream event into a `Piece`.
import { estimateTokens } from './tokens.js';
import { InputError } from '../errors.js';
import type { CallContext, ChatRequest, Provider, ProviderResult, Usage } from '../types.js';
import { classifyVendorError, failure, fromTransport, type ContentFilterSignals, type ErrorCodeMap, type VendorError } from './classify.js';
import type { ProviderConfig } from './config.js';
import { HttpClient, TransportError, type HttpResponse } from './http.js';
import { sseEvents } from './sse.js';

/** What one JSON body or one stream event says. */
export interface Piece {
  text?: string;
  reasoning?: string;
  finishReason?: string;
  /** Merged over the stream: vendors report input and output tokens in different events. */
  usage?: Partial<Usage>;
  /** The vendor reports an error (classified with the preset's signals and code map). */
  error?: VendorError;
  /** A block reported outside the error shape (Gemini promptFeedback.blockReason): the vendor code. */
  blocked?: string;
  /** The stream's explicit end marker (Anthropic message_stop). */
  done?: boolean;
  /** The body is not the documented shape: why. */
  malformed?: string;
}

export interface NativeProtocol {
  client: HttpClient;
  stream: boolean;
  /** Body for a request. */
  body(req: ChatRequest): string;
  /** Headers for this exact body (signing happens here). */
  headers(body: string): Record<string, string>;
  /** Path and query for this request when it changes per request (Qianfan's access_token); default the client's. */
  path?(): string;
  /** Reads a whole JSON body (answers and errors, any HTTP status). */
  readJson(json: any): Piece;
  /** Reads one stream event (`event` is the SSE event name, when the vendor sends one). */
  readEvent(json: any, event: string | undefined): Piece;
  signals: ContentFilterSignals;
  codeMap?: ErrorCodeMap;
}

export async function exchange(p: NativeProtocol, req: ChatRequest, ctx: CallContext): Promise<ProviderResult> {
  const body = p.body(req);
  const started = performance.now();
  let result: ProviderResult;
  let httpStatus = 0;
  try {
    const res = await p.client.post({ headers: p.headers(body), body, ...(p.path ? { path: p.path() } : {}), timeoutMs: ctx.timeoutMs, signal: ctx.signal });
    httpStatus = res.status;
    const isStream = p.stream && res.status >= 200 && res.status < 300 && String(res.headers['content-type'] ?? '').includes('event-stream');
    result = isStream ? await readStream(p, res, started) : await readWhole(p, res, started);
  } catch (err) {
    if (err instanceof TransportError) return fromTransport(err, performance.now() - started);
    throw err;
  }
  return finishAnswer(result, req, p.signals, httpStatus);
}

/**
 * The last word on a whole answer, whatever carried it (HTTP, SSE,
 * WebSocket): a content-filter finish reason becomes `content_filtered`,
 * missing usage is estimated, tokens per second are computed.
 */
export function finishAnswer(result: ProviderResult, req: ChatRequest, signals: ContentFilterSignals, httpStatus: number): ProviderResult {
  if (result.status !== 'ok') return result;
  if (result.finishReason && signals.finishReasons?.includes(result.finishReason)) {
    result.status = 'content_filtered';
    result.error = { code: result.finishReason, message: `the vendor stopped the answer (finish reason: ${result.finishReason})`, httpStatus };
  }
  if (!result.usage) result.usage = estimateUsage(req, result.text, result.reasoning);
  result.timing.tokensPerSecond = tokensPerSecond(result);
  return result;
}

/** A piece that ends the attempt (error, block, malformed), else undefined. */
function stopper(p: NativeProtocol, piece: Piece, res: HttpResponse, totalMs: number, partial?: Partial<ProviderResult>): ProviderResult | undefined {
  if (piece.error) {
    const { status, error } = classifyVendorError(res.status, piece.error, res.headers, p.signals, p.codeMap);
    return failure(status, error, totalMs, partial);
  }
  if (piece.blocked) return failure('content_filtered', { code: piece.blocked, message: `the vendor blocked the exchange (${piece.blocked})`, httpStatus: res.status }, totalMs, partial);
  if (piece.malformed) return failure('server_error', { message: `malformed response: ${piece.malformed}`, httpStatus: res.status }, totalMs, partial);
  return undefined;
}

async function readWhole(p: NativeProtocol, res: HttpResponse, started: number): Promise<ProviderResult> {
  const text = await res.text();
  const totalMs = performance.now() - started;
  const ok = res.status >= 200 && res.status < 300;
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    if (!ok) return stopper(p, { error: { message: text.slice(0, 500) } }, res, totalMs)!;
    return failure('server_error', { message: 'malformed response: the body is not JSON', httpStatus: res.status }, totalMs);
  }
  const piece = p.readJson(json);
  // An error status without a readable vendor error is still an error.
  if (!ok && !piece.error && !piece.blocked) piece.error = { message: text.slice(0, 500) };
  const stop = stopper(p, piece, res, totalMs);
  if (stop) return stop;
  return {
    status: 'ok',
    text: piece.text ?? '',
    ...(piece.reasoning ? { reasoning: piece.reasoning } : {}),
    ...(piece.finishReason ? { finishReason: piece.finishReason } : {}),
    ...(piece.usage ? { usage: wholeUsage(piece.usage) } : {}),
    timing: { totalMs },
  };
}

/**
 * What a stream has said so far, timed as it arrives off the socket: the one
 * place time to first token and inter-token gaps are measured (SSE here,
 * WebSocket frames in native/spark-ws.ts).
 */
export class StreamAnswer {
  text = '';
  reasoning = '';
  finishReason: string | undefined;
  usage: Partial<Usage> | undefined;
  done = false;
  private ttftMs: number | undefined;
  private last = 0;
  private readonly gaps: number[] = [];

  constructor(private readonly started: number) {}

  add(piece: Piece): void {
    if (piece.text || piece.reasoning) {
      const now = performance.now();
      if (this.ttftMs === undefined) this.ttftMs = now - this.started;
      else this.gaps.push(now - this.last);
      this.last = now;
      this.text += piece.text ?? '';
      this.reasoning += piece.reasoning ?? '';
    }
    if (piece.finishReason) this.finishReason = piece.finishReason;
    if (piece.usage) this.usage = { ...this.usage, ...piece.usage };
    if (piece.done) this.done = true;
  }

  /** An explicit end marker or a finish reason arrived: the answer is whole. */
  get complete(): boolean {
    return this.done || this.finishReason !== undefined;
  }

  elapsed(): number {
    return performance.now() - this.started;
  }

  /** What arrived before a failure, kept on the failed result. */
  partial(): Partial<ProviderResult> {
    return { text: this.text, ...(this.reasoning ? { reasoning: this.reasoning } : {}), timing: this.timing(0) };
  }

  result(): ProviderResult {
    return {
      status: 'ok',
      text: this.text,
      ...(this.reasoning ? { reasoning: this.reasoning } : {}),
      ...(this.finishReason ? { finishReason: this.finishReason } : {}),
      ...(this.usage ? { usage: wholeUsage(this.usage) } : {}),
      timing: this.timing(this.elapsed()),
    };
  }

  private timing(totalMs: number): ProviderResult['timing'] {
    return { totalMs, ...(this.ttftMs !== undefined ? { ttftMs: this.ttftMs, interTokenMs: this.gaps } : {}) };
  }
}

async function readStream(p: NativeProtocol, res: HttpResponse, started: number): Promise<ProviderResult> {
  const answer = new StreamAnswer(started);
  try {
    for await (const event of sseEvents(res.chunks())) {
      if (answer.done) continue; // drain so the connection can be reused
      // The OpenAI wire's end marker; no other vendor sends it.
      if (event.data === '[DONE]') {
        answer.done = true;
        continue;
      }
      let json: any;
      try {
        json = JSON.parse(event.data);
      } catch {
        return failure('server_error', { message: 'malformed response: a stream chunk is not JSON', httpStatus: res.status }, answer.elapsed(), answer.partial());
      }
      const piece = p.readEvent(json, event.event);
      const stop = stopper(p, piece, res, answer.elapsed(), answer.partial());
      if (stop) return stop;
      answer.add(piece);
    }
  } catch (err) {
    if (!(err instanceof TransportError)) throw err;
    // After the end marker or a finish reason the answer is whole: only the tail of the connection broke.
    if (!answer.complete) {
      const message = err.kind === 'network' ? `stream truncated (${err.message})` : err.message;
      return failure(err.kind, { message, ...(err.code ? { code: err.code } : {}) }, answer.elapsed(), answer.partial());
    }
  }
  if (!answer.complete) return failure('network', { message: 'stream truncated: the connection closed before the answer ended', httpStatus: res.status }, answer.elapsed(), answer.partial());
  return answer.result();
}

function wholeUsage(u: Partial<Usage>): Usage {
  return { ...u, inputTokens: u.inputTokens ?? 0, outputTokens: u.outputTokens ?? 0 };
}

/**
 * The vendor reported no usage: count it ourselves (src/providers/tokens.ts —
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

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** A finite number or undefined, for usage fields. */
export const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Drops undefined fields (so `{ ...usage }` merges do not erase earlier values). */
export function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Everything that changes the answer, never a secret (keys the response cache). */
export function identityOf(config: ProviderConfig, url: string, defaultType = 'native'): string {
  return JSON.stringify({ type: config.type ?? defaultType, preset: config.preset, url, model: config.model, params: sortKeys(config.params ?? {}) });
}

/** A native preset's credential, or an InputError naming the field. */
export function required(config: ProviderConfig, field: 'apiKey' | 'secretKey', hint: string): string {
  const value = config[field];
  if (typeof value !== 'string' || !value) throw new InputError(`provider "${config.id}" (preset ${config.preset}) needs "${field}"`, { field }, hint);
  return value;
}

/** What a preset hands its native protocol: its documented block signals and error codes. */
export interface NativeOptions {
  signals: ContentFilterSignals;
  codeMap?: ErrorCodeMap;
}

/** A Provider over one protocol: every call is one `exchange`, `close` drops the connections. */
export function protocolProvider(config: ProviderConfig, identity: string, protocol: NativeProtocol): Provider {
  return {
    id: config.id,
    model: config.model,
    identity,
    complete: (req, ctx) => exchange(protocol, req, ctx),
    async close() {
      protocol.client.close();
    },
  };
}
