// POST /api/runs/{id}/scorecard over real HTTP: at the run's own weights it
// is the report's procurement scorecard, at other weights it is what `heng
// scorecard --weights … --json` prints (run here in-process), number for
// number; bad weights are 400s naming the field, an unknown run a 404, a
// reviewer a 403; and inputs kept between calls give way when a load sweep
// or a result is added.
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { register } from '../../src/cli/commands/scorecard.js';
import { saveLoad } from '../../src/capacity/store.js';
import { encodeResult } from '../../src/store/records.js';
import { lastUser, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { startTestServer, waitForRun, type TestServer } from './harness.js';

const MATH = Array.from({ length: 12 }, (_, i) => `m${i}`);
const FACTS = Array.from({ length: 12 }, (_, i) => `k${i}`);
// alpha knows maths, beta facts, gamma half of each: which dimension weighs more decides the leader.
const RIGHT: Record<string, (q: string) => boolean> = {
  alpha: (q) => q.startsWith('m') || q === 'k0' || q === 'k1',
  beta: (q) => q.startsWith('k') || q === 'm0' || q === 'm1',
  gamma: (q) => Number(q.slice(1)) % 2 === 0,
};

function config(vendor: string): string {
  const provider = (id: string, input: number) =>
    `  - { id: ${id}, type: openai-compatible, baseUrl: ${vendor}/v1, model: ${id}, apiKey: "\${env:HENG_TEST_API_KEY}", price: { inputPerMillion: ${input}, outputPerMillion: 8 } }`;
  const items = (ids: string[]) => ids.map((id) => `      - { id: ${id}, question: "${id}", answer: "A-${id}" }`).join('\n');
  return `name: scorecard api
providers:
${provider('alpha', 4)}
${provider('beta', 2)}
${provider('gamma', 1)}
tasks:
  - id: math
    items:
${items(MATH)}
    prompt: { user: "{{question}}" }
    scorers: [{ type: exact }]
    tags: { dimension: math }
  - id: facts
    items:
${items(FACTS)}
    prompt: { user: "{{question}}" }
    scorers: [{ type: exact }]
    tags: { dimension: knowledge }
workload: { dailyUsers: 1000, conversationsPerUser: 1 }
scorecard:
  weights: { quality: 2, safety: 0, latency: 1, cost: 1 }
  requirements: { sustainsPeak: true }
run: { retries: 0, concurrency: 4, cache: false }
`;
}

interface Row {
  provider: string;
  eligible: boolean;
  failures: Array<{ requirement: string }>;
  score: number | null;
  ci95: [number, number] | null;
  rank: number | null;
  group: number | null;
}
interface Card {
  runId: string;
  weights: Record<string, unknown>;
  latency: string | null;
  criteria: unknown[];
  rows: Row[];
  ranking: string[];
  resamples: number;
}

let vendor: OpenAIServer;
let t: TestServer;
let runId: string;
let loads = 0;

/** A stored load sweep whose knee is `knee` (null: overloaded at the first step). */
async function knee(provider: string, concurrency: number | null) {
  const identity = (await t.store.runProviders(runId)).find((p) => p.providerId === provider)!.identity;
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, ++loads)).toISOString();
  await saveLoad(t.store.db, {
    id: `load-${loads}`,
    provider,
    identity,
    model: provider,
    createdAt: at,
    finishedAt: at,
    options: {},
    stop: concurrency === null ? 'knee' : 'max-concurrency',
    knee: { concurrency, reason: concurrency === null ? 'first-step-overloaded' : 'not-reached', detail: '' },
    requestsSent: 10,
    hengVersion: 'test',
    steps: [],
  });
}

async function scorecard(weights: unknown, as: 'viewer' | 'evaluator' | 'admin' | 'reviewer' = 'viewer'): Promise<Response> {
  return t.call(as, 'POST', `/api/runs/${encodeURIComponent(runId)}/scorecard`, { weights });
}

async function ok(weights: unknown): Promise<Card> {
  const r = await scorecard(weights);
  const text = await r.text();
  expect(r.status, text).toBe(200);
  return JSON.parse(text) as Card;
}

/** `heng scorecard <run> --json [--weights flags]`, in this process, on the test server's store. */
async function cli(flags?: string): Promise<{ spec: { weights: unknown }; latency: string | null; scorecard: Omit<Card, 'runId' | 'weights' | 'latency'> }> {
  const program = new Command('heng').exitOverride();
  register(program);
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  try {
    await program.parseAsync(['node', 'heng', 'scorecard', runId, '--db', t.dbFile, '--json', ...(flags ? ['--weights', flags] : [])]);
  } finally {
    write.mockRestore();
  }
  return JSON.parse(out);
}

const card = ({ criteria, rows, ranking, resamples }: Card) => ({ criteria, rows, ranking, resamples });

beforeAll(async () => {
  process.env.HENG_TEST_API_KEY = 'sk-test-scorecard-0005';
  vendor = await startOpenAIServer({ answers: (body) => (RIGHT[body.model](lastUser(body)) ? `A-${lastUser(body)}` : 'no idea') });
  t = await startTestServer();
  const r = await t.call('evaluator', 'POST', '/api/runs', { configYaml: config(vendor.url) });
  expect(r.status).toBe(202);
  runId = ((await r.json()) as { run: { id: string } }).run.id;
  expect((await waitForRun(t, runId)).status).toBe('done');
  // alpha and beta sustain the workload's peak; gamma has no load sweep, so `sustainsPeak` excludes it.
  await knee('alpha', 8);
  await knee('beta', 8);
}, 60_000);

afterAll(async () => {
  await t?.close();
  await vendor?.close();
});

describe('POST /api/runs/{id}/scorecard', () => {
  it("at the run's own weights gives the report's procurement scorecard: scores, intervals, ranks, groups", async () => {
    const report = (await (await t.call('viewer', 'GET', `/api/runs/${runId}/report`)).json()) as { procurement: { spec: { weights: unknown }; latency: string; scorecard: Card } };
    const own = await ok({});
    expect(own.runId).toBe(runId);
    expect(own.weights).toEqual(report.procurement.spec.weights);
    expect(own.latency).toBe(report.procurement.latency);
    expect(card(own)).toEqual(card(report.procurement.scorecard));
    // The same weights written out change nothing.
    expect(card(await ok({ quality: 2, safety: 0, latency: 1, cost: 1 }))).toEqual(card(own));
    // Intervals and groups are there for every ranked provider; gamma is out (no load sweep).
    expect(own.resamples).toBe(1000);
    for (const r of own.rows.filter((x) => x.eligible)) {
      expect(r.ci95![0]).toBeLessThanOrEqual(r.score!);
      expect(r.ci95![1]).toBeGreaterThanOrEqual(r.score!);
      expect(r.group).toBeGreaterThanOrEqual(1);
    }
    expect(own.rows.find((r) => r.provider === 'gamma')).toMatchObject({ eligible: false, rank: null, group: null, failures: [{ requirement: 'sustainsPeak' }] });
  });

  it('at other weights gives what `heng scorecard --weights … --json` prints, number for number', async () => {
    for (const [weights, flags] of [
      [{ quality: { math: 3 }, latency: 0, cost: 2 }, 'quality.math=3,latency=0,cost=2'],
      [{ quality: 5, latency: 0.25 }, 'quality=5,latency=0.25'],
      [{ quality: { math: 0, knowledge: 1 }, latency: 0, cost: 0 }, 'quality.math=0,quality.knowledge=1,latency=0,cost=0'],
    ] as const) {
      const api = await ok(weights);
      const printed = await cli(flags);
      expect(api.weights, flags).toEqual(printed.spec.weights);
      expect(api.latency, flags).toBe(printed.latency);
      expect(card(api), flags).toEqual(card(printed.scorecard as Card));
    }
  }, 60_000);

  it('moves the ranking, the intervals and the groups with the weights', async () => {
    const own = await ok({});
    const maths = await ok({ quality: { math: 1, knowledge: 0 }, latency: 0, cost: 0 });
    const facts = await ok({ quality: { math: 0, knowledge: 1 }, latency: 0, cost: 0 });
    expect(maths.ranking).toEqual(['alpha', 'beta']);
    expect(facts.ranking).toEqual(['beta', 'alpha']);
    // 12 of 12 against 2 of 12: the intervals do not overlap, so the two are separable, in groups 1 and 2.
    const row = (c: Card, p: string) => c.rows.find((r) => r.provider === p)!;
    expect(row(maths, 'alpha')).toMatchObject({ score: 1, ci95: [1, 1], rank: 1, group: 1 });
    expect(row(maths, 'beta')).toMatchObject({ rank: 2, group: 2 });
    expect(row(maths, 'beta').ci95![1]).toBeLessThan(1);
    expect(row(facts, 'beta')).toMatchObject({ score: 1, ci95: [1, 1], group: 1 });
    expect(row(own, 'alpha').ci95).not.toEqual(row(maths, 'alpha').ci95);
  });

  it('answers 400 naming the field for a bad weight, 404 for an unknown run, 403 to a reviewer', async () => {
    const bad = async (body: unknown, field: string, hint?: RegExp) => {
      const r = await t.call('viewer', 'POST', `/api/runs/${runId}/scorecard`, body);
      const json = (await r.json()) as { error: { code: string; message: string; field?: string; hint?: string } };
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(json.error.code).toBe('bad_request');
      expect(json.error.field, JSON.stringify(body)).toBe(field);
      if (hint) expect(json.error.hint).toMatch(hint);
      return json.error.message;
    };
    expect(await bad({ weights: { safety: -1 } }, 'weights.safety')).toMatch(/>=0/);
    expect(await bad({ weights: { latency: 'fast' } }, 'weights.latency')).toMatch(/expected number/);
    await bad({ weights: { quality: { math: -2 } } }, 'weights.quality.math');
    expect(await bad({ weights: { quality: { poetry: 1 } } }, 'weights.quality.poetry', /knowledge/)).toContain('no dimension "poetry"');
    expect(await bad({ weights: { speed: 1 } }, 'weights')).toContain('speed');
    await bad({}, 'weights');
    const notJson = await t.call('viewer', 'POST', `/api/runs/${runId}/scorecard`, undefined, { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);

    const missing = await t.call('viewer', 'POST', '/api/runs/no-such-run/scorecard', { weights: {} });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');

    expect((await scorecard({}, 'reviewer')).status).toBe(403);
    expect((await scorecard({}, 'evaluator')).status).toBe(200);
    expect((await scorecard({}, 'admin')).status).toBe(200);
    expect((await t.call(null, 'POST', `/api/runs/${runId}/scorecard`, { weights: {} })).status).toBe(401);
  });

  it('recomputes when a load sweep or a result is added after the inputs were kept', async () => {
    const weights = { quality: { math: 1, knowledge: 0 }, latency: 0, cost: 0 };
    expect((await ok(weights)).ranking).toEqual(['alpha', 'beta']);
    // A newer sweep overloads alpha at the first step: it no longer sustains the peak.
    await knee('alpha', null);
    const after = await ok(weights);
    expect(after.ranking).toEqual(['beta']);
    expect(after.rows.find((r) => r.provider === 'alpha')).toMatchObject({ eligible: false, failures: [{ requirement: 'sustainsPeak' }] });
    expect(card(after)).toEqual(card((await cli('quality.math=1,quality.knowledge=0,latency=0,cost=0')).scorecard as Card));
    await knee('alpha', 8);

    // A second answer of beta to a maths item (as a resumed run with repeats adds one) lowers beta's maths score.
    const before = (await ok(weights)).rows.find((r) => r.provider === 'beta')!.score!;
    const row = (await t.store.results(runId)).find((r) => r.provider_id === 'beta' && r.task_id === 'math' && r.outcome === 'wrong')!;
    await t.store.write({ results: [encodeResult({ ...row, repeat: 1 })], attempts: [], cache: [] });
    const now = await ok(weights);
    expect(now.rows.find((r) => r.provider === 'beta')!.score!).toBeLessThan(before);
    expect(card(now)).toEqual(card((await cli('quality.math=1,quality.knowledge=0,latency=0,cost=0')).scorecard as Card));
  }, 60_000);
});
