// Zhipu legacy JWT auth: the token's header, claims and HS256 signature are
// checked here with node:crypto; the `zhipu-jwt` preset is run against a
// local server replaying the v4 chat-completions shapes and the 1301 block.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { createZhipuJwt, zhipuJwt, ZHIPU_TOKEN_TTL_MS } from '../../../src/providers/native/zhipu-jwt.js';
import { createFromPreset } from '../../../src/providers/presets/index.js';
import { priceFor } from '../../../src/providers/prices.js';
import type { CallContext } from '../../../src/types.js';
import { startVendorServer, type Reply, type VendorServer } from './vendor-server.js';

const ctx: CallContext = { runId: 'r', taskId: 't', itemId: 'i', repeat: 0, timeoutMs: 5000 };
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

function verify(token: string, secret: string) {
  const [head, payload, signature] = token.split('.');
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${head}.${payload}`).digest('base64url');
  return { header: decode(head), claims: decode(payload), valid: signature === expected };
}

describe('zhipuJwt', () => {
  it('signs {api_key, exp, timestamp} in ms with HS256 and sign_type SIGN', () => {
    const token = zhipuJwt('myid.mysecret', 1_700_000_000_000, 60_000);
    const { header, claims, valid } = verify(token, 'mysecret');
    expect(valid).toBe(true);
    expect(header).toEqual({ alg: 'HS256', sign_type: 'SIGN' });
    expect(claims).toEqual({ api_key: 'myid', exp: 1_700_000_060_000, timestamp: 1_700_000_000_000 });
    expect(verify(token, 'other').valid).toBe(false);
  });

  it('rejects a key without a secret part', () => {
    expect(() => zhipuJwt('nodot', 0)).toThrow(InputError);
    expect(() => zhipuJwt('id.', 0)).toThrow(InputError);
  });
});

const answer = (content: string, finish = 'stop'): Reply => ({
  kind: 'json',
  body: { id: 'c1', model: 'glm-4-flash', choices: [{ index: 0, finish_reason: finish, message: { role: 'assistant', content } }], usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 } },
});

let server: VendorServer;
beforeAll(async () => (server = await startVendorServer(() => answer('你好'))));
afterAll(() => server.close());
beforeEach(() => (server.requests.length = 0));

const config = (stream: boolean) => ({ id: 'zp', preset: 'zhipu-jwt', model: 'glm-4-flash', baseUrl: `${server.url}/api/paas/v4`, apiKey: 'abc123.s3cr3t', stream });

describe('zhipu-jwt preset', () => {
  it('sends a valid JWT as the bearer token, never the raw key', async () => {
    const r = await createFromPreset(config(false)).complete({ messages: [{ role: 'user', content: '你好' }] }, ctx);
    expect(r).toMatchObject({ status: 'ok', text: '你好', usage: { inputTokens: 4, outputTokens: 2 } });
    const sent = server.requests[0];
    expect(sent.url).toBe('/api/paas/v4/chat/completions');
    const auth = String(sent.headers.authorization);
    expect(auth).toMatch(/^Bearer /);
    expect(auth).not.toContain('s3cr3t');
    const { claims, valid } = verify(auth.slice('Bearer '.length), 's3cr3t');
    expect(valid).toBe(true);
    expect(claims.api_key).toBe('abc123');
    expect(claims.exp - claims.timestamp).toBe(ZHIPU_TOKEN_TTL_MS);
  });

  it.each([false, true])('maps code 1301 and finish_reason sensitive to content_filtered (stream=%s)', async (stream) => {
    server.next({ kind: 'json', status: 400, body: { error: { code: '1301', message: '系统检测到输入或生成内容可能包含不安全或敏感内容' } } });
    expect(await createFromPreset(config(stream)).complete({ messages: [{ role: 'user', content: 'x' }] }, ctx)).toMatchObject({ status: 'content_filtered', error: { code: '1301' } });
    server.next(answer('', 'sensitive'));
    expect(await createFromPreset(config(false)).complete({ messages: [{ role: 'user', content: 'x' }] }, ctx)).toMatchObject({ status: 'content_filtered', error: { code: 'sensitive' } });
  });

  it('classifies 1113 (arrears) as auth and 1302 as rate_limited', async () => {
    server.next({ kind: 'json', status: 429, body: { error: { code: '1113', message: '您的账户已欠费' } } });
    expect((await createFromPreset(config(false)).complete({ messages: [{ role: 'user', content: 'x' }] }, ctx)).status).toBe('auth');
    server.next({ kind: 'json', status: 429, body: { error: { code: '1302', message: '并发数过高' } } });
    expect((await createFromPreset(config(false)).complete({ messages: [{ role: 'user', content: 'x' }] }, ctx)).status).toBe('rate_limited');
  });

  it('is priced as zhipu', () => {
    expect(priceFor('zhipu-jwt', 'glm-4-plus')).toEqual(priceFor('zhipu', 'glm-4-plus'));
    expect(priceFor('zhipu-jwt', 'glm-4-plus')).toBeDefined();
  });

  it('mints a new token after half its lifetime', async () => {
    let t = 1_700_000_000_000;
    const p = createZhipuJwt({ ...config(false), baseUrl: undefined }, { url: `${server.url}/api/paas/v4/chat/completions` }, () => t);
    await p.complete({ messages: [{ role: 'user', content: 'a' }] }, ctx);
    await p.complete({ messages: [{ role: 'user', content: 'b' }] }, ctx);
    t += ZHIPU_TOKEN_TTL_MS / 2;
    await p.complete({ messages: [{ role: 'user', content: 'c' }] }, ctx);
    const stamps = server.requests.map((r) => decode(String(r.headers.authorization).slice(7).split('.')[1]).timestamp);
    expect(stamps).toEqual([1_700_000_000_000, 1_700_000_000_000, 1_700_000_000_000 + ZHIPU_TOKEN_TTL_MS / 2]);
    await p.close?.();
  });
});
