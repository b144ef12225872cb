// Access by role: a viewer cannot start runs or read secrets (403, and no
// key in any answer); a reviewer sees only blind battles, never provider
// identities; secrets set over the API reach neither the database nor a response.
import { readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { startOpenAIServer, lastUser, type OpenAIServer } from '../helpers/openai-server.js';
import { configYaml, startTestServer, waitForRun, type TestServer } from './harness.js';

const RUN_KEY = 'sk-run-key-7f3a9c';
const SET_KEY = 'sk-set-over-api-51d0e2';

let llm: OpenAIServer;
let t: TestServer;
let runId: string;
let gets: string[];

beforeAll(async () => {
  process.env.ROLES_API_KEY = RUN_KEY;
  // Answers never contain provider names, so finding one in a reviewer's view means an identity leaked.
  llm = await startOpenAIServer({ answers: (body) => (body.model === 'alpha-model' ? `answer ${lastUser(body)}` : `reply to ${lastUser(body)}`) });
  t = await startTestServer();
  const r = await t.call('evaluator', 'POST', '/api/runs', { configYaml: configYaml(llm.url, { keyVar: 'ROLES_API_KEY' }) });
  runId = ((await r.json()) as { run: { id: string } }).run.id;
  await waitForRun(t, runId);
  const put = await t.call('admin', 'PUT', '/api/providers/omega', { entry: { preset: 'deepseek', model: 'deepseek-chat', apiKey: '${env:OMEGA_API_KEY}', headers: { 'X-Team': 'eval' } } });
  expect(put.status).toBe(200);
  const secret = await t.call('admin', 'PUT', '/api/providers/omega/secret', { field: 'apiKey', value: SET_KEY });
  expect(await secret.json()).toEqual({ secret: { field: 'apiKey', ref: '${env:OMEGA_API_KEY}', variable: 'OMEGA_API_KEY', set: true, source: 'api' } });
  expect((await t.call('evaluator', 'POST', `/api/runs/${runId}/arena/battles`, { providers: ['alpha', 'beta'] })).status).toBe(201);
  const doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  gets = Object.entries(doc.paths)
    .filter(([p, ops]) => ops.get && !p.endsWith('.pdf') && !p.endsWith('/events'))
    .map(([p]) => p.replace('{id}', runId) + (p.endsWith('/item') ? '?task=t1&item=q0' : ''));
});
afterAll(async () => {
  await t?.close();
  await llm?.close();
});

async function status(as: Role, method: string, p: string, body?: unknown) {
  return (await t.call(as, method, p, body)).status;
}

describe('roles', () => {
  it('a viewer reads but cannot start, cancel or resume runs, change providers or set secrets', async () => {
    expect(await status('viewer', 'GET', '/api/runs')).toBe(200);
    const start = await t.call('viewer', 'POST', '/api/runs', { configYaml: configYaml(llm.url) });
    expect(start.status).toBe(403);
    expect(((await start.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect(await status('viewer', 'POST', `/api/runs/${runId}/cancel`)).toBe(403);
    expect(await status('viewer', 'POST', `/api/runs/${runId}/resume`)).toBe(403);
    expect(await status('viewer', 'PUT', '/api/providers/omega', { entry: { type: 'openai-compatible', model: 'm' } })).toBe(403);
    expect(await status('viewer', 'PUT', '/api/providers/omega/secret', { value: 'sk-hijack' })).toBe(403);
    expect(await status('viewer', 'DELETE', '/api/providers/omega')).toBe(403);
    expect(await status('viewer', 'GET', '/api/users')).toBe(403);
    expect(await status('viewer', 'GET', '/api/audit')).toBe(403);
    expect(await status('viewer', 'GET', '/api/arena/next')).toBe(403);
    expect((await t.store.listRuns()).length).toBe(1);
  });

  it('no answer to any role contains a key, set over the API or used by a run', async () => {
    for (const role of ['admin', 'evaluator', 'viewer', 'reviewer'] as const)
      for (const p of gets) {
        const text = await (await t.call(role, 'GET', p)).text();
        expect(text, `${role} ${p}`).not.toContain(SET_KEY);
        expect(text, `${role} ${p}`).not.toContain(RUN_KEY);
      }
    // What is shown instead: the reference, whether it is set, header names only.
    const list = (await (await t.call('viewer', 'GET', '/api/providers')).json()) as { providers: Array<{ id: string; entry: Record<string, unknown>; headerNames: string[]; secrets: unknown[] }> };
    const omega = list.providers.find((p) => p.id === 'omega')!;
    expect(omega.entry).not.toHaveProperty('apiKey');
    expect(omega.entry).not.toHaveProperty('headers');
    expect(omega.headerNames).toEqual(['X-Team']);
    expect(omega.secrets).toEqual([{ field: 'apiKey', ref: '${env:OMEGA_API_KEY}', variable: 'OMEGA_API_KEY', set: true, source: 'api' }]);
  });

  it('a secret set over the API lives only in the 0600 secrets file and the environment', async () => {
    for (const f of [t.dbFile, `${t.dbFile}-wal`]) if (existsSync(f)) expect(readFileSync(f).includes(SET_KEY), f).toBe(false);
    const file = path.join(t.dir, 'secrets.env');
    expect(readFileSync(file, 'utf8')).toContain(`OMEGA_API_KEY=${JSON.stringify(SET_KEY)}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(process.env.OMEGA_API_KEY).toBe(SET_KEY);
    const audit = JSON.stringify(await t.store.db.selectFrom('audit_log').selectAll().execute());
    expect(audit).toContain('provider.secret');
    expect(audit).not.toContain(SET_KEY);
  });

  it('the API may only set secret-like variables, never PATH or NODE_OPTIONS', async () => {
    await t.call('admin', 'PUT', '/api/providers/evil', { entry: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1', model: 'm', apiKey: '${env:NODE_OPTIONS}' } });
    const r = await t.call('admin', 'PUT', '/api/providers/evil/secret', { value: '--require /tmp/x.js' });
    expect(r.status).toBe(400);
    expect(process.env.NODE_OPTIONS ?? '').not.toContain('/tmp/x.js');
    const literal = await t.call('admin', 'PUT', '/api/providers/lit', { entry: { type: 'openai-compatible', model: 'm', apiKey: 'sk-literal' } });
    expect(literal.status).toBe(400);
    const inRun = await t.call('admin', 'POST', '/api/runs', { configYaml: configYaml(llm.url).replace('model: alpha-model,', 'model: alpha-model, headers: { X-Api-Key: sk-literal },') });
    expect(inRun.status).toBe(400);
    expect(((await inRun.json()) as { error: { field: string } }).error.field).toBe('providers.0.headers.X-Api-Key');
    const header = await t.call('admin', 'PUT', '/api/providers/hdr', { entry: { type: 'openai-compatible', model: 'm', headers: { Authorization: 'Bearer sk-x' } } });
    expect(header.status).toBe(400);
  });

  it('the secret salts behind the arena order are in no answer to any role', async () => {
    const salts = (await t.store.db.selectFrom('arena_battles').select('salt').execute()).map((r) => r.salt!);
    expect(salts).toHaveLength(3);
    for (const salt of salts) expect(salt).toMatch(/^[0-9a-f]{32}$/);
    const answers: string[] = [];
    for (const role of ['admin', 'evaluator', 'viewer', 'reviewer'] as const) for (const p of gets) answers.push(`${role} ${p}: ${await (await t.call(role, 'GET', p)).text()}`);
    const recreate = await t.call('evaluator', 'POST', `/api/runs/${runId}/arena/battles`, { providers: ['alpha', 'beta'] });
    expect(recreate.status).toBe(201);
    answers.push(await recreate.text());
    // The reviewer's blind battle was among them (it is what the order hides).
    expect(answers.some((a) => a.startsWith('reviewer /api/arena/next') && a.includes('battleId'))).toBe(true);
    for (const salt of salts) for (const a of answers) expect(a, a.slice(0, 60)).not.toContain(salt);
  });

  it('a reviewer gets only blind battles: no provider ids, models or run, and no other endpoint', async () => {
    const me = (await (await t.call('reviewer', 'GET', '/api/auth/me')).json()) as { permissions: string[] };
    expect(me.permissions).toEqual(['arena:vote']);
    for (const p of gets.filter((g) => !g.startsWith('/api/auth') && g !== '/api/arena/next')) expect(await status('reviewer', 'GET', p), p).toBe(403);
    expect(await status('reviewer', 'POST', `/api/runs/${runId}/arena/battles`, { providers: ['alpha', 'beta'] })).toBe(403);

    const seen = new Set<string>();
    for (let n = 0; n < 3; n++) {
      const r = await t.call('reviewer', 'GET', '/api/arena/next');
      const text = await r.text();
      const { battle } = JSON.parse(text) as { battle: { battleId: string; turns: string[]; a: string[]; b: string[] } };
      expect(Object.keys(battle).sort()).toEqual(['a', 'b', 'battleId', 'taskId', 'turns']);
      for (const identity of ['alpha', 'beta', 'model', runId, llm.url, 'provider']) expect(text, identity).not.toContain(identity);
      const q = battle.turns[0];
      expect([battle.a[0], battle.b[0]].sort()).toEqual([`answer ${q}`, `reply to ${q}`].sort());
      seen.add(battle.battleId);
      expect(await status('reviewer', 'POST', '/api/arena/votes', { battleId: battle.battleId, verdict: 'tie' })).toBe(201);
    }
    expect(seen.size).toBe(3);
    expect(await (await t.call('reviewer', 'GET', '/api/arena/next')).json()).toEqual({ battle: null });
    // The ratings name providers: viewers may see them, reviewers may not.
    expect(await status('reviewer', 'GET', `/api/runs/${runId}/arena/stats`)).toBe(403);
    const stats = (await (await t.call('viewer', 'GET', `/api/runs/${runId}/arena/stats`)).json()) as { humanVotes: number; winRates: Array<{ provider: string; ties: number }> };
    expect(stats.humanVotes).toBe(3);
    expect(stats.winRates.map((w) => [w.provider, w.ties]).sort()).toEqual([
      ['alpha', 3],
      ['beta', 3],
    ]);
  });
});
