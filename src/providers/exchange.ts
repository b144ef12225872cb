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
import { mapRequest, type MappedRequest, type RequestRules } from './rules.js';
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
  /** Finish reasons meaning the vendor cut the answer for its own reasons (DeepSeek insufficient_system_resource): retried. */
  retryFinishReasons?: string[];
  /** The largest answer kept, UTF-8 bytes of text + reasoning (default DEFAULT_MAX_ANSWER_BYTES). */
  maxAnswerBytes?: number;
}

/** Answers larger than this are cut and marked finishReason `max_size` (1 MB; `maxAnswerBytes` on a provider changes it). */
export const DEFAULT_MAX_ANSWER_BYTES = 1_000_000;

/** The largest answer kept (default 1 MB), from the entry's `maxAnswerBytes`. */
export function answerLimit(config: ProviderConfig): number {
  return typeof config.maxAnswerBytes === 'number' && config.maxAnswerBytes > 0 ? config.maxAnswerBytes : DEFAULT_MAX_ANSWER_BYTES;
}

/** Every vendor's "cut by the token limit", normalised to `length` (OpenAI's name). */
export const LENGTH_FINISH_REASONS: ReadonlySet<string> = new Set([
  'length', // OpenAI wire, Hunyuan, ERNIE
  'max_tokens', // Anthropic stop_reason
  'model_context_window_exceeded', // Anthropic: the context window ran out
  'MAX_TOKENS', // Gemini finishReason
  'max_output_tokens',
]);

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
  return finishAnswer(result, req, p.signals, httpStatus, p.retryFinishReasons);
}

/**
 * The last word on a whole answer, whatever carried it (HTTP, SSE,
 * WebSocket): a content-filter finish reason becomes `content_filtered`,
 * missing usage is estimated, tokens per second are computed.
 */
export function finishAnswer(result: ProviderResult, req: ChatRequest, signals: ContentFilterSignals, httpStatus: number, retryFinishReasons?: string[]): ProviderResult {
  if (result.status !== 'ok') return result;
  const reason = result.finishReason;
  if (reason && signals.finishReasons?.includes(reason)) {
    result.status = 'content_filtered';
    result.error = { code: reason, message: `the vendor stopped the answer (finish reason: ${reason})`, httpStatus };
  } else if (reason && retryFinishReasons?.includes(reason)) {
    // Cut by the vendor (not by the model or the limit): worth another try, the partial text kept.
    result.status = 'server_error';
    result.error = { code: reason, message: `the vendor cut the answer short (finish reason: ${reason})`, httpStatus };
  } else if (reason && LENGTH_FINISH_REASONS.has(reason)) result.finishReason = 'length';
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
  const limit = p.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  // JSON escapes take up to 6 characters per character of the answer, plus the envelope.
  const { text, cut } = await res.textUpTo(limit * 6 + 65_536);
  const totalMs = performance.now() - started;
  const ok = res.status >= 200 && res.status < 300;
  if (cut) {
    if (!ok) return stopper(p, { error: { message: text.slice(0, 500) } }, res, totalMs)!;
    return { status: 'ok', text: cutToBytes(salvageContent(text, limit), limit), finishReason: 'max_size', timing: { totalMs } };
  }
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
  const answer = bounded(piece.text ?? '', piece.reasoning ?? '', limit);
  return {
    status: 'ok',
    text: answer.text,
    ...(answer.reasoning ? { reasoning: answer.reasoning } : {}),
    ...(answer.cut ? { finishReason: 'max_size' } : piece.finishReason ? { finishReason: piece.finishReason } : {}),
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
  /** The answer outgrew the limit: cut there, the rest of the stream dropped. */
  cutBySize = false;
  private bytes = 0;
  private ttftMs: number | undefined;
  private last = 0;
  private readonly gaps: number[] = [];

  constructor(
    private readonly started: number,
    private readonly maxBytes = DEFAULT_MAX_ANSWER_BYTES,
  ) {}

  add(piece: Piece): void {
    if (this.cutBySize) return;
    if (piece.text || piece.reasoning) {
      const now = performance.now();
      if (this.ttftMs === undefined) this.ttftMs = now - this.started;
      else this.gaps.push(now - this.last);
      this.last = now;
      const reasoning = this.room(piece.reasoning ?? '');
      const text = this.room(piece.text ?? '');
      this.text += text;
      this.reasoning += reasoning;
      if (this.cutBySize) {
        this.finishReason = 'max_size';
        this.done = true;
        return;
      }
    }
    if (piece.finishReason) this.finishReason = piece.finishReason;
    if (piece.usage) this.usage = { ...this.usage, ...piece.usage };
    if (piece.done) this.done = true;
  }

  /** The part of `s` that still fits under the limit (sets cutBySize when it does not all fit). */
  private room(s: string): string {
    if (!s || this.cutBySize) return '';
    const size = Buffer.byteLength(s);
    if (this.bytes + size <= this.maxBytes) {
      this.bytes += size;
      return s;
    }
    const kept = cutToBytes(s, this.maxBytes - this.bytes);
    this.bytes = this.maxBytes;
    this.cutBySize = true;
    return kept;
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
  const answer = new StreamAnswer(started, p.maxAnswerBytes);
  try {
    for await (const event of sseEvents(res.chunks())) {
      if (answer.cutBySize) break; // leaving the loop drops the connection and the rest of the stream
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

/** Text and reasoning under a byte limit (reasoning first, as it streams first). */
function bounded(text: string, reasoning: string, limit: number): { text: string; reasoning: string; cut: boolean } {
  const r = Buffer.byteLength(reasoning);
  if (r + Buffer.byteLength(text) <= limit) return { text, reasoning, cut: false };
  if (r >= limit) return { text: '', reasoning: cutToBytes(reasoning, limit), cut: true };
  return { text: cutToBytes(text, limit - r), reasoning, cut: true };
}

/** The longest prefix of `s` within `maxBytes` UTF-8 bytes, never splitting a character. */
export function cutToBytes(s: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  if (Buffer.byteLength(s) <= maxBytes) return s;
  let bytes = 0;
  let end = 0;
  for (const ch of s) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += ch.length;
  }
  return s.slice(0, end);
}

/**
 * The answer text from the start of a JSON body cut short: the first
 * `"content"` / `"text"` / `"result"` / `"Content"` string, decoded up to
 * where the body stops.
 */
export function salvageContent(prefix: string, maxChars = Infinity): string {
  const m = /"(?:content|text|result|Content)"\s*:\s*"/.exec(prefix);
  if (!m) return '';
  let out = '';
  const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
  for (let i = m.index + m[0].length; i < prefix.length && out.length < maxChars; i++) {
    const c = prefix[i];
    if (c === '"') break;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = prefix[i + 1];
    if (e === undefined) break;
    if (e === 'u') {
      const hex = prefix.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) break;
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 5;
    } else {
      out += ESC[e] ?? e;
      i += 1;
    }
  }
  return out;
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
export function identityOf(config: ProviderConfig, url: string, defaultType = 'native', more: Record<string, unknown> = {}): string {
  // Named only when set, so the identities (and cached answers) of entries without them stay as they were.
  const answerFields = Object.fromEntries(Object.entries({ reasoning: config.reasoning, maxTokens: config.maxTokens, ...more }).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length)));
  return JSON.stringify({
    type: config.type ?? defaultType,
    preset: config.preset,
    url,
    model: config.model,
    params: sortKeys(config.params ?? {}),
    ...(sortKeys(answerFields) as Record<string, unknown>),
  });
}

/** A native preset's credential, or an InputError naming the field. */
export function required(config: ProviderConfig, field: 'apiKey' | 'secretKey', hint: string): string {
  const value = config[field];
  if (typeof value !== 'string' || !value) throw new InputError(`provider "${config.id}" (preset ${config.preset}) needs "${field}"`, { field }, hint);
  return value;
}

/** What a preset hands its native protocol: its documented block signals, error codes and the model's request rules. */
export interface NativeOptions {
  signals: ContentFilterSignals;
  codeMap?: ErrorCodeMap;
  rules?: RequestRules;
}

/** The request as the model's rules let it be sent (the entry's `maxTokens` wins over the run's). */
export function rulesApplied(config: ProviderConfig, rules: RequestRules | undefined, req: ChatRequest): MappedRequest {
  return mapRequest(req, rules ?? {}, typeof config.maxTokens === 'number' ? config.maxTokens : undefined);
}

/** A Provider over one protocol: every call is one `exchange`, `close` drops the connections. */
export function protocolProvider(config: ProviderConfig, identity: string, protocol: NativeProtocol, rules?: RequestRules): Provider {
  return {
    id: config.id,
    model: config.model,
    identity,
    complete: (req, ctx) => exchange(protocol, req, ctx),
    describeRequest: (req) => rulesApplied(config, rules, req).mappings,
    async close() {
      protocol.client.close();
    },
  };
}
