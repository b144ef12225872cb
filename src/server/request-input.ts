// What a request may carry before anything reads it: a body no larger than
// its route allows (counted as it streams in, never read whole first), UTF-8
// only, and no NUL character anywhere (Postgres refuses NUL in text, and no
// id, name or config needs one).
import type { Context } from 'hono';
import { ApiError } from './errors.js';

export interface BodyLimits {
  /** Requests without credentials (sign-in): bytes. */
  anonymous: number;
  /** Signed-in requests: bytes. */
  signedIn: number;
  /** Routes that take a config (POST /api/runs): bytes. */
  config: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { anonymous: 16 * 1024, signedIn: 256 * 1024, config: 4 * 1024 * 1024 };

const kib = (n: number) => (n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MiB` : `${+(n / 1024).toFixed(1)} KiB`);

function tooLarge(max: number): ApiError {
  return new ApiError(413, `the request body is larger than ${kib(max)}, the limit of this endpoint`, 'body', 'heng serve --max-body-kib / --max-config-kib raise the limits');
}

/** The body as text, refused with 413 as soon as it passes `max` bytes, and with 400 when it is not UTF-8. */
export async function readBody(c: Context, max: number): Promise<string> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > max) throw tooLarge(max);
  const stream = c.req.raw.body;
  if (!stream) return '';
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      void reader.cancel();
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError(400, 'the request body is not valid UTF-8', 'body');
  }
}

/** The JSON body, or 400. */
export async function readJson(c: Context, max: number): Promise<unknown> {
  const text = await readBody(c, max);
  if (text.includes('\0')) throw nul('body');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'the request body is not JSON', 'body');
  }
  const at = nulPath(value, []);
  if (at) throw nul(at.length ? `body.${at.join('.')}` : 'body');
  return value;
}

const nul = (field: string) => new ApiError(400, `${field} holds a NUL character (\\u0000)`, field);

/** Where in a JSON value a NUL character is (in a key or a string), if anywhere. */
function nulPath(v: unknown, at: string[]): string[] | undefined {
  if (typeof v === 'string') return v.includes('\0') ? at : undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = nulPath(v[i], [...at, String(i)]);
      if (p) return p;
    }
    return undefined;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k.includes('\0')) return [...at, '(key)'];
      const p = nulPath(x, [...at, k]);
      if (p) return p;
    }
  }
  return undefined;
}

/** Path and query must decode to UTF-8 text without NUL: checked before any route sees them. */
export function checkUrl(c: Context): void {
  const url = new URL(c.req.url);
  for (const [part, raw] of [
    ['path', url.pathname],
    ['query', url.search.slice(1).replace(/\+/g, ' ')],
  ] as const) {
    let text: string;
    try {
      text = decodeURIComponent(raw);
    } catch {
      throw new ApiError(400, `the ${part} is not valid percent-encoded UTF-8`, part);
    }
    if (text.includes('\0')) throw nul(part);
  }
}
