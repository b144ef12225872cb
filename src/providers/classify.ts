// What a failed exchange means for an attempt: HTTP status + the vendor's
// body (+ Retry-After) → AttemptStatus, keeping the vendor's code and
// message verbatim. A content-filter block is recognised from the preset's
// documented signals, whatever HTTP status it came with.
import type { AttemptStatus, ProviderError, ProviderResult } from '../types.js';
import type { TransportError } from './http.js';

/** A vendor's documented content-filter signals. */
export interface ContentFilterSignals {
  /** Error codes (body `error.code`, `code`, `error.type`, `base_resp.status_code`, …), compared case-insensitively. */
  codes?: Array<string | number>;
  /** `finish_reason` values that mean the vendor blocked or cut the answer. */
  finishReasons?: string[];
  /** Code families (Ark: SensitiveContentDetected.Violence, …). */
  codeMatch?: RegExp;
  /** Error messages that only a block produces, for vendors whose code is generic. */
  messages?: RegExp;
  /** Top-level boolean fields of an answer that mean a block (MiniMax `output_sensitive`). */
  bodyFlags?: string[];
}

/** Vendor error codes with a meaning of their own (quota, rate, auth), beyond the HTTP status. */
export type ErrorCodeMap = Record<string, AttemptStatus>;

export interface VendorError {
  code?: string;
  message?: string;
}

/** The code and message of the common error body shapes. Undefined when the body reports no error. */
export function vendorError(body: unknown): VendorError | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, any>;
  if (b.error && typeof b.error === 'object') {
    const e = b.error;
    return { code: str(e.code ?? e.type), message: str(e.message ?? e.msg) };
  }
  if (typeof b.error === 'string') return { code: str(b.code ?? b.error_code), message: b.error };
  // MiniMax reports its status in base_resp, HTTP 200 included.
  if (b.base_resp && typeof b.base_resp === 'object' && Number(b.base_resp.status_code) !== 0) {
    return { code: str(b.base_resp.status_code), message: str(b.base_resp.status_msg) };
  }
  // DashScope native, Qianfan v1, Spark: code/message at the top level.
  const code = b.code ?? b.error_code ?? b.errorCode;
  const message = b.message ?? b.error_msg ?? b.msg;
  if (code !== undefined && code !== null && code !== 0 && code !== '0' && code !== 200 && code !== 'success') return { code: str(code), message: str(message) };
  if (message !== undefined && code === undefined && !b.choices) return { message: str(message) };
  return undefined;
}

/** HTTP status alone → AttemptStatus. */
export function statusOf(http: number): AttemptStatus {
  if (http === 429) return 'rate_limited';
  if (http === 401 || http === 403) return 'auth';
  if (http >= 500) return 'server_error';
  if (http === 408) return 'timeout';
  return 'bad_request';
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3); `retry-after-ms` (OpenAI, Azure) wins. */
export function retryAfterMs(headers: Record<string, string | string[] | undefined>, now = Date.now()): number | undefined {
  const ms = first(headers['retry-after-ms']);
  if (ms !== undefined && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = first(headers['retry-after'])?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The vendor code when the error is a documented content-filter block. */
export function filterCode(error: VendorError | undefined, signals: ContentFilterSignals | undefined): string | undefined {
  if (!error || !signals) return undefined;
  if (error.code !== undefined && signals.codes?.some((c) => String(c).toLowerCase() === error.code!.toLowerCase())) return error.code;
  if (error.code !== undefined && signals.codeMatch?.test(error.code)) return error.code;
  if (error.message && signals.messages?.test(error.message)) return error.code ?? 'content_filter';
  return undefined;
}

export interface Classified {
  status: AttemptStatus;
  error: ProviderError;
}

/**
 * A vendor error → status. Order: content filter (any HTTP status), then the
 * preset's code map, then the HTTP status (200 with an error body: server_error).
 */
export function classifyVendorError(
  httpStatus: number,
  error: VendorError | undefined,
  headers: Record<string, string | string[] | undefined>,
  signals?: ContentFilterSignals,
  codeMap?: ErrorCodeMap,
): Classified {
  const out: ProviderError = { message: error?.message || `HTTP ${httpStatus}`, httpStatus };
  if (error?.code !== undefined) out.code = error.code;
  const retryAfter = retryAfterMs(headers);
  if (retryAfter !== undefined) out.retryAfterMs = retryAfter;
  const filtered = filterCode(error, signals);
  if (filtered !== undefined) return { status: 'content_filtered', error: { ...out, code: filtered } };
  const mapped = error?.code !== undefined ? codeMap?.[error.code] : undefined;
  if (mapped) return { status: mapped, error: out };
  return { status: httpStatus >= 200 && httpStatus < 300 ? 'server_error' : statusOf(httpStatus), error: out };
}

/** The first block flag set on an answer body, if any. */
export function flaggedBlock(body: Record<string, unknown>, signals: ContentFilterSignals): string | undefined {
  return signals.bodyFlags?.find((flag) => body[flag] === true);
}

/** Parses an error body that may not be JSON. */
export function parseErrorBody(text: string): VendorError {
  try {
    return vendorError(JSON.parse(text)) ?? { message: text.slice(0, 500) };
  } catch {
    return { message: text.slice(0, 500) };
  }
}

export function failure(status: AttemptStatus, error: ProviderError, totalMs: number, partial?: Partial<ProviderResult>): ProviderResult {
  return { text: '', ...partial, status, error, timing: { ...partial?.timing, totalMs } };
}

export function fromTransport(err: TransportError, totalMs: number): ProviderResult {
  return failure(err.kind, { message: err.message, ...(err.code ? { code: err.code } : {}) }, totalMs);
}

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
