// CircularEval: rotations, the custom-task option, and the report metric end
// to end (engine → SQLite → report) against a local OpenAI-compatible server.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packs } from '../../src/benchmarks/index.js';
import { parseConfig } from '../../src/config/load.js';
import { taskSpecSchema } from '../../src/config/schema.js';
import { executeRun } from '../../src/runs/execute.js';
import { InputError } from '../../src/errors.js';
import { buildReport } from '../../src/report/model.js';
import { renderReport } from '../../src/report/render.js';
import { openStore } from '../../src/store/open.js';
import { circularOrigin } from '../../src/tasks/circular.js';
import { loadTask } from '../../src/tasks/load.js';
import type { Task } from '../../src/tasks/task.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { testDb } from '../helpers/test-db.js';

const fixtures = path.resolve('test/benchmarks/fixtures');
const ctx = { baseDir: fixtures, file: 'heng.yaml', line: 3 };
const load = async (ref: Record<string, unknown>) => [await packs[ref.pack as string](ref as never, ctx)].flat() as Task[];

describe('rotations', () => {
  it('expands each C-Eval item into 4 rotations whose gold letter and prompt move with the options', async () => {
    const [plain] = await load({ pack: 'ceval', data: 'ceval' });
    const [t] = await load({ pack: 'ceval', data: 'ceval', circular: true });
    expect(t.items).toHaveLength(plain.items.length * 4);
    expect(t.tags.circular).toBe('true');
    expect(t.version.taskHash).not.toBe(plain.version.taskHash);
    expect(t.version.datasetHash).toBe(plain.version.datasetHash);
    const rot = t.items.filter((i) => circularOrigin(i.id) === '0');
    expect(rot.map((i) => i.id)).toEqual(['0#r0', '0#r1', '0#r2', '0#r3']);
    // Options 21, 25, 80, 110 with gold C (80).
    expect(rot.map((i) => i.target)).toEqual(['C', 'B', 'A', 'D']);
    expect(rot.every((i) => i.choices![i.target as string] === '80' && i.cluster === '0')).toBe(true);
    expect(t.prompt(rot[1])[1].content).toBe('HTTP 默认端口是？\nA. 25\nB. 80\nC. 110\nD. 21\n答案：');
    expect((await t.scorers[0].score({ output: '答案：B', item: rot[1], messages: [] })).outcome).toBe('correct');
  });

  it('applies to custom choice tasks, and refuses items without a single gold letter', async () => {
    const spec = taskSpecSchema.parse({
      id: 'mine',
      items: [{ id: 'a', q: '1+1?', A: '1', B: '2', C: '3', answer: 'B' }],
      prompt: { user: '{{q}}\nA. {{A}}\nB. {{B}}\nC. {{C}}' },
      choices: ['A', 'B', 'C'],
      circular: true,
      scorers: [{ type: 'choice' }],
    });
    const t = await loadTask(spec, { baseDir: fixtures, file: 'heng.yaml', line: 9 });
    expect(t.items.map((i) => [i.id, i.target, i.fields.A])).toEqual([
      ['a#r0', 'B', '1'],
      ['a#r1', 'A', '2'],
      ['a#r2', 'C', '3'],
    ]);
    const bad = taskSpecSchema.parse({ ...spec, items: [{ id: 'x', q: '?', A: '1', B: '2', C: '3', answer: 'B,C' }] });
    const err = await loadTask(bad, { baseDir: fixtures, file: 'heng.yaml', line: 9 }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/heng\.yaml, line 9, field "circular": task "mine" item "x": circular needs one gold letter/);
    const gsm = await load({ pack: 'gsm8k', data: 'gsm8k/test.jsonl', circular: true }).catch((e) => e);
    expect(gsm.message).toMatch(/not multiple choice/);
  });
});

describe('report', () => {
  let server: OpenAIServer;
  beforeAll(async () => (server = await startOpenAIServer({ answers: () => 'A' })));
  afterAll(() => server.close());

  it('a model that always answers "A" scores 25% per rotation and 0 under CircularEval; groups roll up per category', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heng-circular-'));
    const yaml = `
providers:
  - { id: always-a, type: openai-compatible, baseUrl: ${server.url}/v1, model: a-1 }
tasks:
  - { pack: mmlu, data: ${fixtures}/mmlu, circular: true }
  - { pack: mmlu, id: plain, data: ${fixtures}/mmlu }
run: { cache: false, concurrency: 4 }
`;
    writeFileSync(path.join(dir, 'heng.yaml'), yaml);
    const store = await openStore(await testDb(dir));
    try {
      const { runId } = await executeRun({ store, loaded: parseConfig(yaml, path.join(dir, 'heng.yaml')) });
      const run = (await store.getRun(runId))!;
      const m = await buildReport(store, run);
      // 6 MMLU items: 24 rotations, one of the four rotations of each item has gold A.
      expect(m.circular).toHaveLength(3);
      for (const c of m.circular) expect([c.value, c.perRotation, c.excluded]).toEqual([0, 0.25, 0]);
      expect(m.circular.reduce((s, c) => s + c.n, 0)).toBe(6);
      const circ = m.groups.mmlu;
      expect(circ).toMatchObject({ benchmark: 'mmlu', averaging: 'micro', circular: true });
      expect(circ.rows.find((r) => r.kind === 'overall')).toMatchObject({ value: 0, n: 6, subjects: 3 });
      // Without rotation the same model gets the one item whose gold is A (philosophy #1).
      const plain = m.groups.plain;
      expect(plain.circular).toBe(false);
      const row = (kind: string, tag: string) => plain.rows.find((r) => r.kind === kind && r.tag === tag)!;
      expect(row('overall', 'overall')).toMatchObject({ value: 1 / 6, n: 6, method: 'wilson' });
      expect(row('group', 'humanities')).toMatchObject({ value: 0.5, n: 2, subjects: 1 });
      expect(row('group', 'STEM')).toMatchObject({ value: 0, n: 3 });
      expect(row('subject', 'philosophy').ci95![1]).toBeGreaterThan(0.5);
      const md = await renderReport(store, runId, 'md', 'en');
      expect(md).toContain('## Per subject and group: plain');
      expect(md).toMatch(/\| overall \| overall \| always-a \| 3 \| 6 \| 16\.7% \|/);
      expect(md).toMatch(/## CircularEval[\s\S]*\| mmlu-philosophy \| always-a \| 2 \| 0\.0% \|/);
      const html = await renderReport(store, runId, 'html', 'zh');
      expect(html).toContain('循环评测（CircularEval）');
      expect(html).toContain('微平均');
      const text = await renderReport(store, runId, 'text', 'en');
      expect(text).toMatch(/plain \(micro\)\n {2}always-a {2}overall: 16\.7%/);
    } finally {
      await store.close();
    }
  });
});
