// Conformance: the test walks /api/openapi.json and calls every documented
// operation, checking the status and validating the answer against the
// documented schema. An operation without an example here fails, a route the
// app serves but the document lacks fails, and a response with a field the
// schema does not list fails (response objects are closed).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { startOpenAIServer, lastUser, type OpenAIServer } from '../helpers/openai-server.js';
import { configYaml, PASSWORD, startTestServer, waitForRun, type TestServer } from './harness.js';

type Json = Record<string, any>;
interface Example {
  as: Role | null;
  params?: () => Record<string, string>;
  query?: () => Record<string, string>;
  body?: () => unknown;
  /** Remember something from the answer for later examples. */
  keep?: (body: any) => void;
}

let llm: OpenAIServer;
let t: TestServer;
let doc: Json;
const state: Record<string, string> = {};

beforeAll(async () => {
  process.env.HENG_TEST_API_KEY = 'sk-test-openapi-0003';
  llm = await startOpenAIServer({ answers: (body) => (body.model === 'alpha-model' ? lastUser(body).replace('q', 'a') : `<b>${lastUser(body)}</b>`) });
  t = await startTestServer();
  const start = async () => {
    const r = await t.call('evaluator', 'POST', '/api/runs', { configYaml: configYaml(llm.url) });
    const id = ((await r.json()) as { run: { id: string } }).run.id;
    await waitForRun(t, id);
    return id;
  };
  state.run = await start();
  state.stopped = await start();
  await t.store.setRunStatus(state.stopped, 'interrupted');
  doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as Json;
});
afterAll(async () => {
  await t?.close();
  await llm?.close();
});

const run = () => ({ id: state.run });
// In the order they run: later examples use what earlier ones created.
const EXAMPLES: Record<string, Example> = {
  login: { as: null, body: () => ({ name: 'viewer', password: PASSWORD }) },
  me: { as: 'viewer' },
  listTokens: { as: 'viewer' },
  createToken: { as: 'viewer', body: () => ({ name: 'ci' }), keep: (b) => (state.token = b.info.id) },
  revokeToken: { as: 'viewer', params: () => ({ id: state.token }) },
  listUsers: { as: 'admin' },
  createUser: { as: 'admin', body: () => ({ name: 'newbie', role: 'viewer', password: PASSWORD }), keep: (b) => (state.user = b.user.id) },
  updateUser: { as: 'admin', params: () => ({ id: state.user }), body: () => ({ role: 'reviewer' }) },
  listRuns: { as: 'viewer', query: () => ({ limit: '10' }) },
  startRun: { as: 'evaluator', body: () => ({ configYaml: configYaml(llm.url, { items: 1 }) }), keep: (b) => (state.started = b.run.id) },
  getRun: { as: 'viewer', params: run },
  runStatus: { as: 'viewer', params: run },
  runEvents: { as: 'viewer', params: run, query: () => ({ intervalMs: '100' }) },
  cancelRun: { as: 'evaluator', params: () => ({ id: state.started }) },
  resumeRun: { as: 'evaluator', params: () => ({ id: state.stopped }) },
  listResults: { as: 'viewer', params: run, query: () => ({ provider: 'beta', limit: '2' }) },
  itemAnswers: { as: 'viewer', params: run, query: () => ({ task: 't1', item: 'q1' }) },
  reportJson: { as: 'viewer', params: run },
  reportHtml: { as: 'viewer', params: run, query: () => ({ lang: 'en' }) },
  reportCsv: { as: 'viewer', params: run },
  reportMarkdown: { as: 'viewer', params: run, query: () => ({ lang: 'zh' }) },
  reportPdf: { as: 'viewer', params: run, query: () => ({ lang: 'zh' }) },
  reportDocx: { as: 'viewer', params: run, query: () => ({ lang: 'zh' }) },
  compareRun: { as: 'viewer', params: run, query: () => ({ providers: 'alpha,beta' }) },
  runScorecard: { as: 'viewer', params: run, body: () => ({ weights: { quality: 2, latency: 0.5 } }) },
  listPresets: { as: 'viewer' },
  saveProvider: { as: 'evaluator', params: () => ({ id: 'delta' }), body: () => ({ entry: { preset: 'deepseek', model: 'deepseek-chat', apiKey: '${env:DELTA_API_KEY}' } }) },
  setProviderSecret: { as: 'evaluator', params: () => ({ id: 'delta' }), body: () => ({ value: 'sk-delta-secret-0004' }) },
  listProviders: { as: 'viewer' },
  deleteProvider: { as: 'admin', params: () => ({ id: 'delta' }) },
  listBanks: { as: 'viewer' },
  safetyTaxonomy: { as: 'viewer' },
  createBattles: { as: 'evaluator', params: run, body: () => ({ providers: ['alpha', 'beta'] }) },
  nextBattle: { as: 'reviewer', keep: (b) => (state.battle = b.battle.battleId) },
  vote: { as: 'reviewer', body: () => ({ battleId: state.battle, verdict: 'a' }) },
  arenaStats: { as: 'viewer', params: run },
  listAudit: { as: 'admin', query: () => ({ limit: '50' }) },
  logout: { as: 'viewer' },
};

/** How to bring about each documented 429: every operation that documents one must be here. */
const THROTTLED: Record<string, () => Promise<Response>> = {
  login: async () => {
    const attempt = () => t.call(null, 'POST', '/api/auth/login', { name: 'throttled', password: 'wrong password' });
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401);
    return attempt();
  },
};

function operations(): Array<{ path: string; method: string; op: Json }> {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op: op as Json })));
}

async function call(path: string, method: string, ex: Example): Promise<Response> {
  let url = path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(ex.params?.()[k] ?? ''));
  const q = ex.query?.();
  if (q) url += `?${new URLSearchParams(q)}`;
  return t.call(ex.as, method.toUpperCase(), url, ex.body?.());
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every /api route the app serves, and only those', () => {
    expect(doc.openapi).toBe('3.1.0');
    const served = new Set(
      t.heng.app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && r.path !== '/api/openapi.json').map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    const documented = new Set(operations().map((o) => `${o.method} ${o.path}`));
    expect([...served].sort()).toEqual([...documented].sort());
  });

  it('docs/api.md lists every documented operation with its access', () => {
    const guide = readFileSync('docs/api.md', 'utf8');
    for (const { path, method, op } of operations()) {
      const row = guide.split('\n').find((l) => l.startsWith(`| ${method.toUpperCase()} | \`${path}\` |`));
      expect(row, `${method} ${path}`).toBeDefined();
      expect(row!.split('|')[3].trim(), `${method} ${path}`).toBe(op['x-access']);
    }
  });

  it('has an example for every operation and no example for an operation it lacks', () => {
    const ids = operations().map((o) => o.op.operationId as string);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !EXAMPLES[id])).toEqual([]);
    expect(Object.keys(EXAMPLES).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('every operation answers as documented', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const byId = new Map(operations().map((o) => [o.op.operationId as string, o]));
    for (const [id, ex] of Object.entries(EXAMPLES)) {
      const { path, method, op } = byId.get(id)!;
      const r = await call(path, method, ex);
      const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
      expect(success, id).toHaveLength(1);
      const body = Buffer.from(await r.arrayBuffer());
      expect(r.status, `${id}: ${body.toString('utf8').slice(0, 300)}`).toBe(Number(success[0]));
      const [type, { schema }] = Object.entries(op.responses[success[0]].content as Record<string, { schema: Json }>)[0];
      expect(r.headers.get('content-type') ?? '', id).toContain(type);
      if (type === 'application/json') {
        const json = JSON.parse(body.toString('utf8'));
        const validate = ajv.compile(schema);
        expect(validate(json) ? [] : validate.errors, id).toEqual([]);
        ex.keep?.(json);
      } else if (type === 'application/pdf') expect(body.subarray(0, 5).toString('latin1'), id).toBe('%PDF-');
      // A DOCX is a ZIP holding word/document.xml.
      else if (type.endsWith('wordprocessingml.document')) {
        expect(body.subarray(0, 4).toString('latin1'), id).toBe('PK\x03\x04');
        expect(body.includes(Buffer.from('word/document.xml')), id).toBe(true);
      } else expect(body.length, id).toBeGreaterThan(0);
    }
  }, 120_000);

  it('documented failures use the error schema: 401 without credentials, 404 for unknown ids', async () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(doc.components.schemas.Error);
    for (const { path, method, op } of operations()) {
      if (op['x-access'] === 'public') continue;
      expect(op.responses['401'], op.operationId).toBeDefined();
      const r = await call(path, method, { ...EXAMPLES[op.operationId], as: null });
      expect(r.status, op.operationId).toBe(401);
      expect(validate(await r.json()), op.operationId).toBe(true);
    }
    for (const { path, method, op } of operations()) {
      if (!op.responses['404'] || !path.includes('{id}')) continue;
      const ex = EXAMPLES[op.operationId];
      const r = await call(path, method, { ...ex, params: () => ({ id: 'no-such-id' }) });
      expect(r.status, op.operationId).toBe(404);
      expect(validate(await r.json()), op.operationId).toBe(true);
    }
  }, 60_000);

  it('documented 429s answer with the error schema and the documented Retry-After header', async () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(doc.components.schemas.Error);
    const documented = operations().filter((o) => o.op.responses['429']);
    expect(documented.map((o) => o.op.operationId)).toEqual(Object.keys(THROTTLED));
    const response = doc.components.responses[documented[0].op.responses['429'].$ref.split('/').at(-1)];
    expect(response.headers['Retry-After'].schema).toMatchObject({ type: 'integer' });
    for (const { op } of documented) {
      const r = await THROTTLED[op.operationId]();
      expect(r.status, op.operationId).toBe(429);
      expect(Number(r.headers.get('retry-after')), op.operationId).toBeGreaterThanOrEqual(1);
      const body = await r.json();
      expect(validate(body), op.operationId).toBe(true);
      expect(body.error.code, op.operationId).toBe('too_many_requests');
    }
  });
});
