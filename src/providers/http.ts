// HTTP plumbing every vendor shares: sending with a timeout, classifying
// failures into AttemptStatus, and reading Retry-After. Vendors differ only
// in how their error bodies name a content-filter block (ContentFilterRule).
import type { AttemptStatus, ProviderError, ProviderResult } from '../types.js';

/** Reads a vendor error body; returns the code when it is a content-filter block. */
export type ContentFilterRule = (body: unknown, httpStatus: number) => string | undefined;

export interface Sent {
  response?: Response;
  failure?: ProviderResult;
  started: number;
}

export async function send(url: string, init: RequestInit, timeoutMs: number, signal?: AbortSignal): Promise<Sent> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { ...init, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    return { response, started };
  } catch (err) {
    return { failure: fromException(err, started, timeoutMs), started };
  }
}

/** A thrown fetch/stream error → timeout or network. */
export function fromException(err: unknown, started: number, timeoutMs: number): ProviderResult {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const timedOut = e.name === 'TimeoutError' || (e.name === 'AbortError' && performance.now() - started >= timeoutMs - 5);
  const status: AttemptStatus = timedOut ? 'timeout' : 'network';
  const message = timedOut ? `no answer within ${timeoutMs} ms` : `${e.cause?.code ?? e.name}: ${e.cause?.message ?? e.message}`;
  return { status, text: '', timing: { totalMs: performance.now() - started }, error: { message, code: e.cause?.code } };
}

/** A non-2xx response → the right status, keeping the vendor's code and message. */
export async function fromErrorResponse(res: Response, started: number, contentFilter?: ContentFilterRule): Promise<ProviderResult> {
  const text = await res.text().catch(() => '');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  const { code, message } = vendorError(body, text);
  const filtered = contentFilter?.(body, res.status);
  const error: ProviderError = { code: filtered ?? code, message: message || `HTTP ${res.status}`, httpStatus: res.status };
  const retryAfter = retryAfterMs(res.headers.get('retry-after'));
  if (retryAfter !== undefined) error.retryAfterMs = retryAfter;
  return { status: filtered ? 'content_filtered' : statusOf(res.status), text: '', timing: { totalMs: performance.now() - started }, error };
}

export function statusOf(http: number): AttemptStatus {
  if (http === 429) return 'rate_limited';
  if (http === 401 || http === 403) return 'auth';
  if (http >= 500) return 'server_error';
  return 'bad_request';
}

/** Retry-After in seconds or as an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The code and message of the common error body shapes ({error: {code, message}}, {code, message}, …). */
export function vendorError(body: unknown, raw: string): { code?: string; message?: string } {
  if (body && typeof body === 'object') {
    const b = body as Record<string, any>;
    const e = typeof b.error === 'object' && b.error ? b.error : b;
    const code = e.code ?? e.type ?? b.error_code ?? b.errorCode;
    const message = e.message ?? b.error_msg ?? b.msg ?? (typeof b.error === 'string' ? b.error : undefined);
    return { code: code === undefined || code === null ? undefined : String(code), message: message === undefined ? undefined : String(message) };
  }
  return { message: raw.slice(0, 500) };
}
