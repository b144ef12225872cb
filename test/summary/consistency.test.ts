// One truth per number: one run of each kind, and every surface — `heng runs
// --json`, `heng report --format json`, `heng scorecard --json`, the REST API
// and the HTML report — shows the same headline to 1e-12, intervals included.
// (The queued run on Postgres + Redis is in test/services/consistency.test.ts.)
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { executeRun } from '../../src/runs/execute.js';
import { runSafetyAssessment } from '../../src/runs/safety.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { writeCmmluGroupsFixture } from '../benchmarks/fixtures/cmmlu-groups.js';
import { lastUser, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { expectEvaluationSurfacesAgree, expectSafetySurfacesAgree, hengOut } from '../helpers/surfaces.js';
import { testDb } from '../helpers/test-db.js';
import { safetyFixture, type SafetyFixture } from '../safety/fixture.js';

let dir: string;
let db: string;
let store: Store;
let server: OpenAIServer;
let safety: SafetyFixture;

// Prompts are "<task> <i>"; alpha is right unless i % 3 == 0, beta when i is even.
// Under repeats the answer also depends on how often the prompt was asked, so repeats of an item differ.
const asked = new Map<string, number>();
function answer(body: any): string {
  const prompt = lastUser(body);
  const [task, n] = prompt.split(' ');
  const i = Number(n);
  const k = asked.get(`${body.model}\u0000${prompt}`) ?? 0;
  asked.set(`${body.model}\u0000${prompt}`, k + 1);
  const right = body.model === 'm-alpha' ? i % 3 !== 0 : i % 2 === 0;
  if (task === 'vote') return right ? 'B' : 'A';
  if (task === 'again') return (i + k) % 3 !== 0 ? 'yes' : 'no';
  return right ? 'yes' : 'no';
}

const providers = () => `providers:
  - { id: alpha, type: openai-compatible, baseUrl: ${server.url}/v1, model: m-alpha }
  - { id: beta, type: openai-compatible, baseUrl: ${server.url}/v1, model: m-beta }
`;
const items = (task: string, n: number, extra: (i: number) => string = () => '') =>
  Array.from({ length: n }, (_, i) => `      - { id: ${task}${i}, q: "${task} ${i}", answer: "yes"${extra(i)} }`).join('\n');

async function run(name: string, yaml: string): Promise<string> {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return (await executeRun({ store, loaded: parseConfig(yaml, file) })).runId;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'heng-consistency-'));
  db = await testDb(dir);
  store = await openStore(db);
  server = await startOpenAIServer({ answers: answer });
  safety = await safetyFixture();
});
afterAll(async () => {
  await store?.close();
  await server?.close();
  await safety?.server.close();
});

describe('every surface shows the same numbers', () => {
  it('a plain run of two tasks in two dimensions: the mean over dimensions', async () => {
    const id = await run(
      'plain',
      `${providers()}tasks:
  - id: facts
    items:
${items('facts', 9)}
    prompt: { user: "{{q}}" }
    scorers: [{ type: exact }]
    tags: { dimension: knowledge }
  - id: calc
    items:
${items('calc', 6)}
    prompt: { user: "{{q}}" }
    scorers: [{ type: exact }]
    tags: { dimension: math }
run: { cache: false, seed: 7 }
`,
    );
    const h = await expectEvaluationSurfacesAgree(store, db, id);
    // alpha: facts 6/9, calc 4/6 → (2/3 + 2/3) / 2; beta: facts 5/9, calc 3/6.
    expect(h.get('alpha')!.value).toBeCloseTo(2 / 3, 12);
    expect(h.get('beta')!.value).toBeCloseTo((5 / 9 + 1 / 2) / 2, 12);
    expect(h.get('beta')!.n).toBe(15);
  });

  it('repeats: 3 — repeats of an item are resampled together', async () => {
    const id = await run(
      'repeats',
      `${providers()}tasks:
  - id: again
    items:
${items('again', 8)}
    prompt: { user: "{{q}}" }
    scorers: [{ type: exact }]
run: { cache: false, seed: 7, repeats: 3, concurrency: 1 }
`,
    );
    const h = await expectEvaluationSurfacesAgree(store, db, id);
    const listed = JSON.parse(await hengOut('runs', '--json', '--db', db)).runs.find((r: any) => r.id === id);
    expect(listed.summary.basis).toEqual({ kind: 'task', task: 'again' });
    expect(listed.summary.headline.map((x: any) => x.method)).toEqual(['cluster-bootstrap', 'cluster-bootstrap']);
    // Each item is right on two of its three askings: 16 of 24.
    expect(h.get('alpha')!.value).toBeCloseTo(2 / 3, 12);
    expect(h.get('alpha')!.n).toBe(24);
  });

  it('clustered items — items sharing a passage are resampled together', async () => {
    const id = await run(
      'clustered',
      `${providers()}tasks:
  - id: passage
    items:
${items('passage', 8, (i) => `, cluster: p${Math.floor(i / 2)}`)}
    prompt: { user: "{{q}}" }
    scorers: [{ type: exact }]
run: { cache: false, seed: 7 }
`,
    );
    const h = await expectEvaluationSurfacesAgree(store, db, id);
    expect(h.get('beta')!.value).toBeCloseTo(4 / 8, 12);
    const report = JSON.parse(await hengOut('report', id, '--format', 'json', '--db', db));
    expect(report.overall.map((c: any) => c.method)).toEqual(['cluster-bootstrap', 'cluster-bootstrap']);
  });

  it('CircularEval — the headline is the share of items right in every rotation', async () => {
    const id = await run(
      'circular',
      `${providers()}tasks:
  - id: vote
    items:
${Array.from({ length: 6 }, (_, i) => `      - { id: v${i}, q: "vote ${i}", A: "a${i}", B: "b${i}", C: "c${i}", answer: B }`).join('\n')}
    prompt: { user: "{{q}}\\nA. {{A}}\\nB. {{B}}\\nC. {{C}}" }
    choices: [A, B, C]
    circular: true
    scorers: [{ type: choice }]
run: { cache: false, seed: 7 }
`,
    );
    const h = await expectEvaluationSurfacesAgree(store, db, id);
    // The answer letter never moves with the gold one, so no item is right in all three rotations.
    expect(h.get('alpha')).toMatchObject({ value: 0, n: 6 });
  });

  it('a CMMLU-format pack — the official macro mean over subjects, not the pooled items', async () => {
    const f = writeCmmluGroupsFixture(mkdtempSync(path.join(tmpdir(), 'heng-consistency-cmmlu-')));
    const { runId } = await executeRun({ store, loaded: parseConfig(readFileSync(f.config, 'utf8'), f.config) });
    const h = await expectEvaluationSurfacesAgree(store, db, runId);
    for (const p of f.providers) expect(h.get(p)!.value).toBeCloseTo(f.expected[p].macro, 12);
  });

  it('CMMLU with other tasks — the benchmark counts as one task, with its official figure', async () => {
    const fdir = mkdtempSync(path.join(tmpdir(), 'heng-consistency-mixed-'));
    const f = writeCmmluGroupsFixture(fdir);
    // facts: alpha right on 4 of 6, beta on 2; calc: alpha 1 of 4, beta 3.
    const replay = (task: string, n: number, right: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ task, id: String(i), output: i < right ? 'yes' : 'no' })).join('\n') + '\n';
    appendFileSync(path.join(fdir, 'alpha.jsonl'), replay('facts', 6, 4) + replay('calc', 4, 1));
    appendFileSync(path.join(fdir, 'beta.jsonl'), replay('facts', 6, 2) + replay('calc', 4, 3));
    const yaml = `providers:
  - { id: alpha, type: replay, path: alpha.jsonl }
  - { id: beta, type: replay, path: beta.jsonl }
tasks:
  - { pack: cmmlu, data: cmmlu }
  - id: facts
    items: [${Array.from({ length: 6 }, (_, i) => `{ id: "${i}", q: "facts ${i}", answer: "yes" }`).join(', ')}]
    prompt: { user: "{{q}}" }
    scorers: [{ type: exact }]
    tags: { dimension: knowledge }
  - id: calc
    items: [${Array.from({ length: 4 }, (_, i) => `{ id: "${i}", q: "calc ${i}", answer: "yes" }`).join(', ')}]
    prompt: { user: "{{q}}" }
    scorers: [{ type: exact }]
    tags: { dimension: math }
run: { cache: false }
`;
    const file = path.join(fdir, 'mixed.yaml');
    writeFileSync(file, yaml);
    const { runId } = await executeRun({ store, loaded: parseConfig(yaml, file) });
    const h = await expectEvaluationSurfacesAgree(store, db, runId);
    // alpha: knowledge = (CMMLU 1/2 + facts 4/6) / 2 = 7/12, math 1/4 → (7/12 + 1/4) / 2 = 5/12.
    expect(h.get('alpha')!.value).toBeCloseTo(5 / 12, 12);
    // beta: knowledge = (11/28 + 1/3) / 2 = 61/168, math 3/4 → 187/336.
    expect(h.get('beta')!.value).toBeCloseTo(187 / 336, 12);
    expect(h.get('alpha')!.n).toBe(22 + 6 + 4);
    const listed = JSON.parse(await hengOut('runs', '--json', '--db', db)).runs.find((r: any) => r.id === runId);
    expect(listed.summary.basis).toEqual({ kind: 'dimensions', dimensions: ['math', 'knowledge'], tasks: 3 });
    expect(listed.summary.headline[0].method).toBe('stratified-bootstrap');
    expect(f.providers).toEqual(['alpha', 'beta']);
  });

  it('a safety run — shown by its rates and verdicts everywhere, never as a score', async () => {
    const r = await runSafetyAssessment({ store, loaded: loadConfig(safety.configFile), today: new Date('2026-11-29T00:00:00Z') });
    const verdicts = await expectSafetySurfacesAgree(store, db, r.runId);
    expect(verdicts.map((v) => v.provider)).toEqual(['target']);
  });
});
