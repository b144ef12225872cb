// Bounded input over real HTTP: body limits answered with 413 as the body
// streams in, configs read off the event loop with limits, NUL and invalid
// UTF-8 refused with 400 before any route runs, a one-line log whatever the
// path holds, and no sign-in from a cross-site form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestServer, type TestServer } from './harness.js';

let t: TestServer;
const logged: string[] = [];
beforeAll(async () => {
  t = await startTestServer({ log: (l) => logged.push(l), settings: { bodyLimits: { anonymous: 16 * 1024, signedIn: 64 * 1024, config: 2 * 1024 * 1024 } } });
});
afterAll(() => t.close());

/** A body sent in chunks without Content-Length: the server has to count as it reads. */
function streamed(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(ctl) {
      if (sent >= bytes) return ctl.close();
      const n = Math.min(64 * 1024, bytes - sent);
      sent += n;
      ctl.enqueue(new Uint8Array(n).fill(0x20));
    },
  });
}

const laughs = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');

describe('request bodies', () => {
  it('an anonymous sign-in larger than 16 KiB is refused with 413, declared or streamed', async () => {
    const declared = await t.call(null, 'POST', '/api/auth/login', { name: 'admin', password: 'x'.repeat(300_000) });
    expect(declared.status).toBe(413);
    const body = (await declared.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('payload_too_large');
    expect(body.error.message).toContain('16 KiB');
    // 50 MB streamed: refused once 16 KiB have arrived (the rest is never read).
    const chunked = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: streamed(50_000_000), duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('signed-in bodies have their own limit, and configs a larger one', async () => {
    expect((await t.call('admin', 'POST', '/api/auth/tokens', { name: 'x'.repeat(100 * 1024) })).status).toBe(413);
    // 1 MB of config passes the body limit (and is then a bad config: 400, not 413).
    const big = await t.call('evaluator', 'POST', '/api/runs', { configYaml: `name: big\n# ${'x'.repeat(1_000_000)}\n` });
    expect(big.status).toBe(400);
    expect((await t.call('evaluator', 'POST', '/api/runs', { configYaml: 'x'.repeat(3_000_000) })).status).toBe(413);
  });

  it('the OpenAPI document lists 413 for routes with a body', async () => {
    const doc = (await (await t.call(null, 'GET', '/api/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(doc.paths['/api/auth/login'].post.responses['413']).toBeDefined();
  });
});

describe('configs over the API', () => {
  it('a billion-laughs config is bad input (400), not an internal error', async () => {
    const r = await t.call('evaluator', 'POST', '/api/runs', { configYaml: laughs });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/alias|cannot be read/);
  });

  it('40,000 keys are read off the event loop: other requests are answered meanwhile', async () => {
    const lines = ['name: many', 'extra:'];
    for (let i = 0; i < 40_000; i++) lines.push(`  key${i}: ${i}`);
    const order: string[] = [];
    const post = t.call('evaluator', 'POST', '/api/runs', { configYaml: `${lines.join('\n')}\n` }).then(async (r) => {
      order.push('config');
      return r;
    });
    // Counted, not timed: 5 requests in a row, each waiting for the last, all answered before the config is.
    for (let i = 0; i < 5; i++) {
      const me = await t.call('viewer', 'GET', '/api/auth/me');
      expect(me.status).toBe(200);
      order.push('me');
    }
    const r = await post;
    expect(r.status).toBe(400);
    expect(order.indexOf('config')).toBe(5);
  });

  it('a duplicate key is named with its line', async () => {
    const r = await t.call('evaluator', 'POST', '/api/runs', { configYaml: 'name: a\nname: b\n' });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/line 2: duplicate key "name"/);
  });
});

describe('NUL and invalid UTF-8', () => {
  it('are refused with 400 in ids, query parameters and bodies', async () => {
    for (const p of ['/api/runs/abc%00def', '/api/runs?limit=1%00', '/api/runs/%FF%FE', '/api/results?q=%C0%80']) {
      const r = await t.call('viewer', 'GET', p);
      expect(r.status, p).toBe(400);
    }
    const nulBody = await t.call('admin', 'POST', '/api/auth/tokens', { name: 'a\u0000b' });
    expect(nulBody.status).toBe(400);
    expect(((await nulBody.json()) as { error: { field: string } }).error.field).toBe('body.name');
    const bad = await fetch(`${t.url}/api/auth/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.tokens.admin}`, 'content-type': 'application/json' },
      body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('UTF-8');
  });
});

describe('sign-in CSRF', () => {
  const form = (headers: Record<string, string>) =>
    fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers }, body: JSON.stringify({ name: 'viewer', password: PASSWORD }) });

  it('a cross-site text/plain form cannot sign a browser in, with a null Origin or none', async () => {
    for (const h of [{ origin: 'null' }, {}, { origin: 'https://evil.example' }] as Array<Record<string, string>>) {
      const r = await form(h);
      expect(r.status, JSON.stringify(h)).toBe(403);
      expect(r.headers.get('set-cookie')).toBeNull();
    }
  });

  it('a JSON sign-in (a script or the CLI), or one from our own origin, still works', async () => {
    expect((await t.call(null, 'POST', '/api/auth/login', { name: 'viewer', password: PASSWORD })).status).toBe(200);
    expect((await form({ origin: t.url })).status).toBe(200);
    expect((await form({ 'x-heng-csrf': '1' })).status).toBe(200);
  });
});

describe('the server log', () => {
  it('holds an internal error on one line whatever the request path carries', async () => {
    const probe = await startTestServer({ log: (l) => logged.push(l) });
    await probe.store.close(); // every store read now fails: a 500 that logs the path and the message
    logged.length = 0;
    const r = await fetch(`${probe.url}/api/runs/x%0D%0A2026-12-07%20forged%20line`, { headers: { authorization: `Bearer ${probe.tokens.viewer}` } });
    expect(r.status).toBe(500);
    const all = logged.join('\n');
    expect(all).toContain('GET /api/runs/x\\r\\n2026-12-07 forged line: Error:');
    expect(all).not.toMatch(/[\r\n]2026-12-07 forged/);
    await probe.heng.close();
  });
});

describe('run size', () => {
  const config = (run: string) => `name: size
providers:
  - { id: a, type: openai-compatible, baseUrl: http://127.0.0.1:9/v1, model: m, apiKey: "\${env:HENG_TEST_API_KEY}" }
tasks:
  - id: t
    items: [{ id: q0, question: "q", answer: "a" }]
    prompt: { user: "{{question}}" }
    scorers: [{ type: exact }]
${run}`;

  it('overrides.repeats 1e12 is refused with a clear 400, and so is a plan above the unit limit', async () => {
    process.env.HENG_TEST_API_KEY ??= 'test-key';
    const over = await t.call('evaluator', 'POST', '/api/runs', { configYaml: config(''), overrides: { repeats: 1e12 } });
    expect(over.status).toBe(400);
    expect(((await over.json()) as { error: { field: string; message: string } }).error).toMatchObject({ field: 'overrides.repeats', message: expect.stringMatching(/1000/) });
    const inConfig = await t.call('evaluator', 'POST', '/api/runs', { configYaml: config('run: { repeats: 1000000000000 }\n') });
    expect(inConfig.status).toBe(400);
    expect(((await inConfig.json()) as { error: { field: string } }).error.field).toBe('run.repeats');
    expect((await t.store.listRuns(10)).length).toBe(0);
  });
});
