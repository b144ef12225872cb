// The sign-in throttle over real HTTP: after 5 failed sign-ins for a name (or
// 20 from one address) within 15 minutes, the next attempt is 429 with
// Retry-After before any password is checked; other names are unaffected; a
// success starts the count again; the limit outlives the server process (it
// is in the store); failures and refusals are audited without the password.
// The server's clock is injected, so "15 minutes later" is a step, not a wait.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/accounts.js';
import { listAudit } from '../../src/auth/audit.js';
import { DEFAULT_THROTTLE } from '../../src/auth/throttle.js';
import { createApp } from '../../src/server/app.js';
import { buildOpenApi } from '../../src/server/openapi.js';
import { ROUTES } from '../../src/server/routes/index.js';
import { openStore } from '../../src/store/open.js';
import { addTestUser } from '../helpers/accounts.js';
import { PASSWORD, startTestServer, type TestServer } from './harness.js';

const WRONG = 'not the password at all';
const MINUTE = 60_000;

let t: TestServer | undefined;
let clock = Date.parse('2026-12-01T08:00:00.000Z');
const now = () => clock;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function signIn(url: string, name: string, password: string, headers: Record<string, string> = {}) {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name, password }) });
  return { status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as { error?: { code: string; message: string; hint?: string } } };
}

const statuses = async (url: string, name: string, n: number, password = WRONG) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await signIn(url, name, password)).status);
  return out;
};

describe('sign-in throttle', () => {
  it('defaults: 5 per name, 20 per address, within 15 minutes', () => {
    expect(DEFAULT_THROTTLE).toEqual({ perAccount: 5, perClient: 20, windowMs: 15 * MINUTE });
  });

  it('5 wrong passwords, then even the right one is 429 with Retry-After; another name is unaffected; after the window it works', async () => {
    t = await startTestServer({ now });
    expect(await statuses(t.url, 'evaluator', 5)).toEqual([401, 401, 401, 401, 401]);
    const locked = await signIn(t.url, 'evaluator', PASSWORD);
    expect(locked.status).toBe(429);
    // All five failures happened at the same instant: the first leaves the window 15 minutes after it.
    expect(locked.retryAfter).toBe('900');
    expect(locked.body.error).toMatchObject({ code: 'too_many_requests', message: expect.stringMatching(/too many failed sign-ins for this name; try again in 15 min/) });
    const schema = (buildOpenApi(ROUTES) as { components: { schemas: { Error: object } } }).components.schemas.Error;
    expect(new Ajv2020({ strict: false }).validate(schema, locked.body)).toBe(true);

    expect((await signIn(t.url, 'viewer', PASSWORD)).status).toBe(200);

    clock += 14 * MINUTE;
    const still = await signIn(t.url, 'evaluator', PASSWORD);
    expect([still.status, still.retryAfter]).toEqual([429, '60']);
    clock += MINUTE;
    expect((await signIn(t.url, 'evaluator', PASSWORD)).status).toBe(200);
  });

  it('a successful sign-in clears the name’s count', async () => {
    t = await startTestServer({ now });
    expect(await statuses(t.url, 'viewer', 4)).toEqual([401, 401, 401, 401]);
    expect((await signIn(t.url, 'viewer', PASSWORD)).status).toBe(200);
    // Without the reset the second of these would already be refused (4 + 2 > 5).
    expect(await statuses(t.url, 'viewer', 5)).toEqual([401, 401, 401, 401, 401]);
    expect((await signIn(t.url, 'viewer', PASSWORD)).status).toBe(429);
  });

  it('20 failures from one address throttle every name from it; with --trust-proxy the address is the proxy’s last X-Forwarded-For entry', async () => {
    t = await startTestServer({ now });
    // Accounts (hashed at N=2^14 by the test): a wrong password for them is checked quickly, unlike the 2^17 of an unknown name.
    for (const name of ['n1', 'n2', 'n3', 'n4', 'n5']) await addTestUser(t.store.db, name, 'viewer', PASSWORD);
    // Five names, four failures each: no name reaches its own limit, the address reaches its 20.
    for (const name of ['n1', 'n2', 'n3', 'n4', 'n5']) expect(await statuses(t.url, name, 4)).toEqual([401, 401, 401, 401]);
    const blocked = await signIn(t.url, 'admin', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error!.message).toMatch(/from this address/);
    // A forwarded address is not believed without --trust-proxy: spoofing it does not get round the limit.
    expect((await signIn(t.url, 'admin', PASSWORD, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);
    const audit = await listAudit(t.store.db, { limit: 5, action: 'auth.login_throttled' });
    expect(audit[0]).toMatchObject({ target: 'admin', details: { client: '127.0.0.1', limit: 'client' } });

    const proxied = await startTestServer({ now, settings: { trustProxy: true } });
    for (let i = 0; i < 5; i++) await addTestUser(proxied.store.db, `m${i}`, 'viewer', PASSWORD);
    try {
      const from = (ip: string) => ({ 'x-forwarded-for': `10.9.9.9, ${ip}` });
      for (let i = 0; i < 20; i++) expect((await signIn(proxied.url, `m${i % 5}`, WRONG, from('198.51.100.7'))).status).toBe(401);
      expect((await signIn(proxied.url, 'admin', PASSWORD, from('198.51.100.7'))).status).toBe(429);
      // The first entries are the client's say; only the last, added by the proxy, names the client.
      expect((await signIn(proxied.url, 'admin', PASSWORD, { 'x-forwarded-for': '198.51.100.7, 198.51.100.8' })).status).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('parallel guesses cannot slip past the limit: at most 5 passwords are checked', async () => {
    t = await startTestServer({ now });
    const burst = await Promise.all(Array.from({ length: 12 }, () => signIn(t!.url, 'reviewer', WRONG)));
    const checked = burst.filter((r) => r.status === 401).length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(burst.filter((r) => r.status === 429).length).toBe(12 - checked);
    expect((await listAudit(t.store.db, { limit: 50, action: 'auth.login_failed' })).length).toBe(checked);
    // The refused attempts left no rows: the count is what was checked.
    const rows = await t.store.db.selectFrom('login_failures').select('account').execute();
    expect(rows).toHaveLength(checked);
  });

  it('the count lives in the store: another server process on the same store refuses too', async () => {
    t = await startTestServer({ now });
    expect(await statuses(t.url, 'admin', 5)).toEqual([401, 401, 401, 401, 401]);
    const store = await openStore(t.dbFile);
    const other = createApp({ store, log: () => {}, now, settings: { webDir: t.dir } });
    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: other.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await signIn(url, 'admin', PASSWORD)).status).toBe(429);
      await createUser(store.db, 'fresh', 'viewer', PASSWORD);
      expect((await signIn(url, 'fresh', PASSWORD)).status).toBe(200);
    } finally {
      await other.close();
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
    }
  });

  it('failures and refusals are audited with name and address, never the password', async () => {
    t = await startTestServer({ now, settings: { loginThrottle: { perAccount: 2, perClient: 20, windowMs: 10 * MINUTE } } });
    expect(await statuses(t.url, 'viewer', 2)).toEqual([401, 401]);
    const refused = await signIn(t.url, 'viewer', PASSWORD);
    expect([refused.status, refused.retryAfter]).toEqual([429, '600']);
    const entries = await listAudit(t.store.db, { limit: 20 });
    expect(entries.filter((e) => e.action === 'auth.login_failed').map((e) => [e.target, e.details])).toEqual([
      ['viewer', { client: '127.0.0.1' }],
      ['viewer', { client: '127.0.0.1' }],
    ]);
    expect(entries.find((e) => e.action === 'auth.login_throttled')).toMatchObject({ userId: null, target: 'viewer', details: { client: '127.0.0.1', limit: 'account', retryAfterSeconds: 600 } });
    const everything = JSON.stringify(await t.store.db.selectFrom('audit_log').selectAll().execute()) + JSON.stringify(await t.store.db.selectFrom('login_failures').selectAll().execute());
    expect(everything).not.toContain(WRONG);
    expect(everything).not.toContain(PASSWORD);
  });

  it('2,000 anonymous failures add a handful of audit rows, not 2,000: refusals are one row per client and window, counted', async () => {
    t = await startTestServer({ now, settings: { loginThrottle: { perAccount: 3, perClient: 3, windowMs: 10 * MINUTE } } });
    const before = (
      await t.store.db
        .selectFrom('audit_log')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    const codes = new Map<number, number>();
    for (let batch = 0; batch < 100; batch++) {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(t!.url, `guess${(batch * 20 + i) % 50}`, WRONG)));
      for (const a of answers) codes.set(a.status, (codes.get(a.status) ?? 0) + 1);
    }
    expect((codes.get(401) ?? 0) + (codes.get(429) ?? 0)).toBe(2000);
    expect(codes.get(401)).toBeLessThanOrEqual(3);
    const rows = await listAudit(t.store.db, { limit: 100 });
    expect(rows.length - Number(before)).toBeLessThanOrEqual(3 + 1);
    const throttled = rows.filter((e) => e.action === 'auth.login_throttled');
    expect(throttled).toHaveLength(1);
    expect(throttled[0].details).toMatchObject({ client: '127.0.0.1', limit: 'client', attempts: codes.get(429) });
    // The next window starts a new row.
    clock += 11 * MINUTE;
    expect(await statuses(t.url, 'late', 4)).toEqual([401, 401, 401, 429]);
    expect((await listAudit(t.store.db, { limit: 100, action: 'auth.login_throttled' })).map((e) => e.details?.attempts)).toEqual([1, codes.get(429)]);
  }, 120_000);
});
