// Reading results in bulk is audited (one counted row per user, run and
// window: page views do not flood the log), and a variable the operator
// exported wins over a secret set over the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/auth/audit.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { configYaml, startTestServer, waitForRun, type TestServer } from './harness.js';

let llm: OpenAIServer;
let t: TestServer;
let runId: string;
let clock = Date.parse('2026-12-07T08:00:00.000Z');

beforeAll(async () => {
  process.env.HENG_TEST_API_KEY ??= 'test-key';
  llm = await startOpenAIServer();
  t = await startTestServer({ now: () => clock });
  const r = await t.call('evaluator', 'POST', '/api/runs', { configYaml: configYaml(llm.url, { items: 5 }) });
  runId = ((await r.json()) as { run: { id: string } }).run.id;
  await waitForRun(t, runId);
});
afterAll(async () => {
  await t?.close();
  await llm?.close();
});

describe('results reads', () => {
  it('are audited: one row per user, run and quarter hour, counting requests and rows', async () => {
    for (let i = 0; i < 30; i++) expect((await t.call('viewer', 'GET', `/api/runs/${runId}/results?limit=2&offset=${(i % 5) * 2}`)).status).toBe(200);
    expect((await t.call('evaluator', 'GET', `/api/runs/${runId}/results?provider=alpha`)).status).toBe(200);
    const rows = await listAudit(t.store.db, { limit: 50, action: 'results.read' });
    expect(rows).toHaveLength(2);
    const viewer = rows.find((r) => r.userName === 'viewer')!;
    expect(viewer).toMatchObject({ target: runId, details: { attempts: 30 } });
    // 30 pages of at most 2 rows over 10 results: offsets 0..8 five times each → 6 × (2+2+2+2+2).
    expect(viewer.details!.rows).toBe(60);
    expect(rows.find((r) => r.userName === 'evaluator')).toMatchObject({ details: { attempts: 1, rows: 5, query: { provider: 'alpha' } } });
    clock += 16 * 60_000;
    await t.call('viewer', 'GET', `/api/runs/${runId}/results`);
    expect(await listAudit(t.store.db, { limit: 50, action: 'results.read' })).toHaveLength(3);
  });
});

describe('provider secrets', () => {
  it('a variable exported to the server wins: setting it over the API is refused with 409, and the environment keeps it', async () => {
    process.env.EXPORTED_API_KEY = 'from-the-operator';
    expect((await t.call('admin', 'PUT', '/api/providers/exp', { entry: { preset: 'deepseek', model: 'deepseek-chat', apiKey: '${env:EXPORTED_API_KEY}' } })).status).toBe(200);
    const r = await t.call('admin', 'PUT', '/api/providers/exp/secret', { field: 'apiKey', value: 'sk-from-the-api' });
    expect(r.status).toBe(409);
    expect(((await r.json()) as { error: { message: string } }).error.message).toContain('exported');
    expect(process.env.EXPORTED_API_KEY).toBe('from-the-operator');
    // One the server set itself can be replaced.
    expect((await t.call('admin', 'PUT', '/api/providers/own', { entry: { preset: 'deepseek', model: 'deepseek-chat', apiKey: '${env:OWN_API_KEY}' } })).status).toBe(200);
    delete process.env.OWN_API_KEY;
    expect((await t.call('admin', 'PUT', '/api/providers/own/secret', { value: 'one' })).status).toBe(200);
    expect((await t.call('admin', 'PUT', '/api/providers/own/secret', { value: 'two' })).status).toBe(200);
    expect(process.env.OWN_API_KEY).toBe('two');
  });

  it('answers say which value is in force: exported, set over the API, or none', async () => {
    process.env.EXPORTED_API_KEY = 'from-the-operator';
    delete process.env.OWN_API_KEY;
    delete process.env.NOBODYS_API_KEY;
    for (const [id, variable] of [
      ['exp', 'EXPORTED_API_KEY'],
      ['own', 'OWN_API_KEY'],
      ['none', 'NOBODYS_API_KEY'],
    ])
      expect((await t.call('admin', 'PUT', `/api/providers/${id}`, { entry: { preset: 'deepseek', model: 'deepseek-chat', apiKey: `\${env:${variable}}` } })).status).toBe(200);
    const set = await t.call('admin', 'PUT', '/api/providers/own/secret', { field: 'apiKey', value: 'sk-set-over-the-api' });
    expect(((await set.json()) as { secret: unknown }).secret).toEqual({ field: 'apiKey', ref: '${env:OWN_API_KEY}', variable: 'OWN_API_KEY', set: true, source: 'api' });
    const list = (await (await t.call('viewer', 'GET', '/api/providers')).json()) as { providers: Array<{ id: string; secrets: Array<{ set: boolean; source: string | null }> }> };
    const sourceOf = (id: string) => list.providers.find((p) => p.id === id)?.secrets[0];
    expect(sourceOf('exp')).toMatchObject({ set: true, source: 'exported' });
    expect(sourceOf('own')).toMatchObject({ set: true, source: 'api' });
    expect(sourceOf('none')).toMatchObject({ set: false, source: null });
    // No value in any answer.
    expect(JSON.stringify(list)).not.toMatch(/from-the-operator|sk-set-over-the-api/);
  });
});
