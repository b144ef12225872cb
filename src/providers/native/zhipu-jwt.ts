// Zhipu's legacy JWT auth (open.bigmodel.cn, "鉴权方式 / JWT"): the API key
// `id.secret` is turned into an HS256 token {api_key, exp, timestamp} (both
// in milliseconds) with the header {alg: HS256, sign_type: SIGN}, sent as
// `Authorization: Bearer <token>`. Tokens expire, so the provider mints a new
// one before the old one runs out.
import { createHmac } from 'node:crypto';
import { InputError } from '../../errors.js';
import type { Provider } from '../../types.js';
import type { ProviderConfig } from '../config.js';
import { createOpenAICompatible, type WireOptions } from '../openai-compatible.js';

/** How long a token lives, and when it is replaced (half-life: never sent near expiry). */
export const ZHIPU_TOKEN_TTL_MS = 60 * 60 * 1000;

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Splits `id.secret`; InputError when the key is not of that form. */
export function splitZhipuKey(apiKey: string): { id: string; secret: string } {
  const dot = apiKey.indexOf('.');
  if (dot <= 0 || dot === apiKey.length - 1) throw new InputError('a Zhipu API key for JWT auth has the form "id.secret"', { field: 'apiKey' }, 'copy the whole key from open.bigmodel.cn → API keys');
  return { id: apiKey.slice(0, dot), secret: apiKey.slice(dot + 1) };
}

export function zhipuJwt(apiKey: string, nowMs: number, ttlMs = ZHIPU_TOKEN_TTL_MS): string {
  const { id, secret } = splitZhipuKey(apiKey);
  const head = base64url(JSON.stringify({ alg: 'HS256', sign_type: 'SIGN' }));
  const payload = base64url(JSON.stringify({ api_key: id, exp: nowMs + ttlMs, timestamp: nowMs }));
  const signature = createHmac('sha256', secret).update(`${head}.${payload}`).digest('base64url');
  return `${head}.${payload}.${signature}`;
}

/**
 * The OpenAI-compatible client with a JWT that is re-minted every half TTL.
 * The client's headers are fixed when it is built, so a fresh token means a
 * fresh client; retired ones keep serving their in-flight requests and are
 * closed with the provider.
 */
export function createZhipuJwt(config: ProviderConfig, wire: WireOptions, now: () => number = () => Date.now()): Provider {
  if (!config.apiKey) throw new InputError(`provider "${config.id}" (preset ${config.preset}) needs "apiKey"`, { field: 'apiKey' }, 'the Zhipu API key "id.secret", e.g. ${env:ZHIPU_API_KEY}');
  const apiKey = config.apiKey;
  splitZhipuKey(apiKey);
  const retired: Provider[] = [];
  let current: Provider | undefined;
  let renewAt = 0;
  const client = (): Provider => {
    const t = now();
    if (!current || t >= renewAt) {
      if (current) retired.push(current);
      const token = zhipuJwt(apiKey, t);
      current = createOpenAICompatible(config, { ...wire, auth: () => ({ authorization: `Bearer ${token}` }) });
      renewAt = t + ZHIPU_TOKEN_TTL_MS / 2;
    }
    return current;
  };
  const first = client();
  return {
    id: first.id,
    model: first.model,
    identity: first.identity,
    complete: (req, ctx) => client().complete(req, ctx),
    async close() {
      await Promise.all([...retired, ...(current ? [current] : [])].map((p) => p.close?.()));
    },
  };
}
