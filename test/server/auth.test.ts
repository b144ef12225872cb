// Sign-in over real HTTP: password login sets an httpOnly SameSite=Strict
// cookie, sessions expire, logout ends them, API tokens are shown once and
// can be revoked, cookie-borne state changes need Origin or X-Heng-CSRF, and
// the audit log records who did what without secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/auth/audit.js';
import { hashPassword, needsRehash, SCRYPT_N, verifyPassword } from '../../src/auth/password.js';
import { oldHash } from '../helpers/accounts.js';
import { PASSWORD, startTestServer, type TestServer } from './harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ settings: { sessionMs: 1500 } });
});
afterAll(() => t.close());

async function login(name: string, password = PASSWORD, headers: Record<string, string> = {}) {
  const r = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name, password }) });
  const cookie = r.headers.get('set-cookie') ?? '';
  return { r, cookie, session: /heng_session=([^;]+)/.exec(cookie)?.[1] };
}

const withCookie = (session: string | undefined, method: string, p: string, headers: Record<string, string> = {}, body?: unknown) =>
  fetch(`${t.url}${p}`, { method, headers: { cookie: `heng_session=${session}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });

describe('passwords', () => {
  it('scrypt with a per-user salt: same password, different hashes; wrong password fails', async () => {
    const [h1, h2] = [await hashPassword('open sesame 123'), await hashPassword('open sesame 123')];
    expect(h1).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(h1).not.toBe(h2);
    expect(await verifyPassword('open sesame 123', h1)).toBe(true);
    expect(await verifyPassword('open sesame 124', h1)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
    const stored = await t.store.db.selectFrom('users').select('password_hash').where('name', '=', 'viewer').executeTakeFirstOrThrow();
    expect(stored.password_hash).not.toContain(PASSWORD);
  });
});

describe('sessions', () => {
  it('login sets an httpOnly SameSite=Strict cookie that signs the user in; the DB keeps only its hash', async () => {
    const { r, cookie, session } = await login('evaluator');
    expect(r.status).toBe(200);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    const me = await withCookie(session, 'GET', '/api/auth/me');
    expect(((await me.json()) as { user: { name: string } }).user.name).toBe('evaluator');
    const rows = await t.store.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.some((x) => x.token_hash === session)).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('a wrong password or unknown user is 401 with the same message, and is audited', async () => {
    const a = await login('evaluator', 'not the password');
    const b = await login('nobody', 'not the password');
    expect([a.r.status, b.r.status]).toEqual([401, 401]);
    expect(await a.r.json()).toEqual(await b.r.json());
    expect(a.cookie).toBe('');
    const failed = await listAudit(t.store.db, { limit: 10, action: 'auth.login_failed' });
    expect(failed.map((e) => e.target)).toEqual(expect.arrayContaining(['evaluator', 'nobody']));
    expect(JSON.stringify(failed)).not.toContain('not the password');
  });

  it('a session expires', async () => {
    const { session } = await login('viewer');
    expect((await withCookie(session, 'GET', '/api/auth/me')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1700));
    expect((await withCookie(session, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('logout ends the session', async () => {
    const { session } = await login('viewer');
    const out = await withCookie(session, 'POST', '/api/auth/logout', { 'x-heng-csrf': '1' });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/heng_session=;/);
    expect((await withCookie(session, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('cookie-borne state changes need our Origin or X-Heng-CSRF; GETs and Bearer tokens do not', async () => {
    const { session } = await login('evaluator');
    const host = new URL(t.url).host;
    const body = { name: 'x' };
    expect((await withCookie(session, 'POST', '/api/auth/tokens', {}, body)).status).toBe(403);
    expect((await withCookie(session, 'POST', '/api/auth/tokens', { origin: 'https://evil.example' }, body)).status).toBe(403);
    expect((await withCookie(session, 'POST', '/api/auth/tokens', { origin: 'https://evil.example', 'x-heng-csrf': '1' }, body)).status).toBe(403);
    expect((await withCookie(session, 'POST', '/api/auth/tokens', { origin: `http://${host}` }, body)).status).toBe(201);
    expect((await withCookie(session, 'POST', '/api/auth/tokens', { 'x-heng-csrf': '1' }, body)).status).toBe(201);
    expect((await withCookie(session, 'GET', '/api/auth/tokens')).status).toBe(200);
    expect((await t.call('evaluator', 'POST', '/api/auth/tokens', body)).status).toBe(201);
    // A login from another site's page is refused too (login CSRF).
    expect((await login('viewer', PASSWORD, { origin: 'https://evil.example' })).r.status).toBe(403);
  });

  it('a disabled user and their sessions and tokens stop working; the last admin cannot be demoted', async () => {
    const created = await t.call('admin', 'POST', '/api/users', { name: 'temp', role: 'evaluator', password: PASSWORD });
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { id: string } };
    const { session } = await login('temp');
    const tok = (await (await withCookie(session, 'POST', '/api/auth/tokens', { 'x-heng-csrf': '1' }, { name: 'temp' })).json()) as { token: string };
    expect((await t.call('admin', 'PATCH', `/api/users/${user.id}`, { disabled: true })).status).toBe(200);
    expect((await withCookie(session, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await fetch(`${t.url}/api/auth/me`, { headers: { authorization: `Bearer ${tok.token}` } })).status).toBe(401);
    expect((await login('temp')).r.status).toBe(401);
    const demote = await t.call('admin', 'PATCH', `/api/users/${t.userIds.admin}`, { role: 'viewer' });
    expect(demote.status).toBe(400);
    expect(((await demote.json()) as { error: { message: string } }).error.message).toMatch(/last admin/);
    const weak = await t.call('admin', 'POST', '/api/users', { name: 'weak', role: 'viewer', password: 'short' });
    expect(weak.status).toBe(400);
    expect(((await weak.json()) as { error: { field: string } }).error.field).toBe('password');
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, listed without the secret, and stop working when revoked', async () => {
    const created = (await (await t.call('viewer', 'POST', '/api/auth/tokens', { name: 'laptop' })).json()) as { token: string; info: { id: string; prefix: string } };
    expect(created.token).toMatch(/^heng_/);
    expect(created.token.startsWith(created.info.prefix)).toBe(true);
    const bearer = { authorization: `Bearer ${created.token}` };
    expect((await fetch(`${t.url}/api/auth/me`, { headers: bearer })).status).toBe(200);
    const listed = await (await t.call('viewer', 'GET', '/api/auth/tokens')).text();
    expect(listed).toContain('laptop');
    expect(listed).not.toContain(created.token);
    const row = await t.store.db.selectFrom('api_tokens').selectAll().where('id', '=', created.info.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(row.last_used_at).not.toBeNull();
    // Someone else cannot revoke it.
    expect((await t.call('evaluator', 'DELETE', `/api/auth/tokens/${created.info.id}`)).status).toBe(404);
    expect((await t.call('viewer', 'DELETE', `/api/auth/tokens/${created.info.id}`)).status).toBe(200);
    const after = await fetch(`${t.url}/api/auth/me`, { headers: bearer });
    expect(after.status).toBe(401);
    expect((await fetch(`${t.url}/api/auth/me`, { headers: { authorization: 'Bearer heng_made-up' } })).status).toBe(401);
  });
});

describe('audit log', () => {
  it('records user changes and token events with who, what and target; admins only', async () => {
    const r = await t.call('admin', 'GET', '/api/audit?limit=200');
    const { entries } = (await r.json()) as { entries: Array<{ action: string; userName: string | null; target: string | null; details: Record<string, unknown> | null }> };
    const actions = entries.map((e) => e.action);
    for (const a of ['auth.login', 'auth.logout', 'auth.login_failed', 'token.create', 'token.revoke', 'user.create', 'user.update']) expect(actions, a).toContain(a);
    const disabled = entries.find((e) => e.action === 'user.update' && e.target === 'temp')!;
    expect(disabled).toMatchObject({ userName: 'admin', details: { fields: ['disabled'], disabled: true } });
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);
    const filtered = (await (await t.call('admin', 'GET', '/api/audit?action=user.create')).json()) as { entries: Array<{ action: string }> };
    expect(filtered.entries.every((e) => e.action === 'user.create')).toBe(true);
    expect((await t.call('evaluator', 'GET', '/api/audit')).status).toBe(403);
  });
});

describe('password upgrades and changes', () => {
  it('new hashes use N=2^17, r=8, p=1, fixed in code: no environment variable lowers it', async () => {
    expect(SCRYPT_N).toBe(2 ** 17);
    process.env.HENG_SCRYPT_N = '16384';
    try {
      const h = await hashPassword('open sesame 123');
      expect(h).toMatch(/^scrypt\$131072\$8\$1\$/);
      expect(await verifyPassword('open sesame 123', h)).toBe(true);
      expect(needsRehash(h)).toBe(false);
      expect(needsRehash(oldHash('open sesame 123'))).toBe(true);
    } finally {
      delete process.env.HENG_SCRYPT_N;
    }
  });

  it('an old N=2^14 hash still signs in, and is replaced by an N=2^17 one at that sign-in', async () => {
    const old = oldHash(PASSWORD);
    expect(old).toMatch(/^scrypt\$16384\$8\$1\$/);
    await t.store.db.updateTable('users').set({ password_hash: old }).where('name', '=', 'reviewer').execute();
    expect(await verifyPassword(PASSWORD, old)).toBe(true);
    const { r } = await login('reviewer');
    expect(r.status).toBe(200);
    const row = await t.store.db.selectFrom('users').select('password_hash').where('name', '=', 'reviewer').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword(PASSWORD, row.password_hash)).toBe(true);
    // A wrong password never rewrites the hash.
    await t.store.db.updateTable('users').set({ password_hash: old }).where('name', '=', 'reviewer').execute();
    expect((await login('reviewer', 'not the password')).r.status).toBe(401);
    expect((await t.store.db.selectFrom('users').select('password_hash').where('name', '=', 'reviewer').executeTakeFirstOrThrow()).password_hash).toBe(old);
  });

  it("a password change revokes the user's API tokens", async () => {
    const { updateUser } = await import('../../src/auth/accounts.js');
    expect((await t.call('evaluator', 'GET', '/api/auth/me')).status).toBe(200);
    await updateUser(t.store.db, t.userIds.evaluator, { password: 'a brand new password' });
    const r = await t.call('evaluator', 'GET', '/api/auth/me');
    expect(r.status).toBe(401);
    expect(((await r.json()) as { error: { message: string } }).error.message).toContain('revoked');
  });
});
