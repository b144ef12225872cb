// MT-Bench and AlignBench end to end through `heng run`: one local
// OpenAI-compatible server is both the candidate and (as a `role: judge`
// provider) the judge; the judge's scripted judgments include an unreadable one.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { lastUser, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { testDb } from '../helpers/test-db.js';
import { runHeng } from '../helpers/cli.js';

/** What a judge scorer keeps in its score's detail (src/judges/). */
type JudgeDetail = { turns: Array<{ prompt: { id: string }; raw: string }>; dimensions?: Record<string, number> };

let server: OpenAIServer;
beforeAll(async () => {
  server = await startOpenAIServer({
    answers: (body) => {
      const asked = lastUser(body);
      if (body.model !== 'judge-model') return `answer to: ${asked}`;
      if (asked.includes('"overall"'))
        return asked.includes('八折')
          ? '理由……\n{"correctness": 9, "user_need": 9, "logic": 8, "completeness": 8, "overall": 9}'
          : asked.includes('平方')
            ? '无法评分'
            : '{"correctness": 6, "user_need": 7, "logic": 6, "creativity": 5, "richness": 5, "overall": 6}';
      if (asked.includes('thank-you')) return 'Hard to say.'; // unreadable
      return asked.includes('[Conversation') ? 'Follows up well. Rating: [[6]]' : 'Good. Rating: [[8]]';
    },
  });
});
afterAll(() => server.close());

const heng = (args: string[]) => runHeng(args);

const providers = () => `providers:
  - { id: cand, type: openai-compatible, baseUrl: ${server.url}/v1, model: cand-model, stream: false }
  - { id: judge, type: openai-compatible, baseUrl: ${server.url}/v1, model: judge-model, stream: false, role: judge }
`;

describe('MT-Bench through heng run', () => {
  it('two turns per question, both judged (turn 2 with the multi-turn prompt); the judge is not evaluated', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heng-mtbench-'));
    copyFileSync('test/benchmarks/fixtures/mtbench/question.jsonl', path.join(dir, 'question.jsonl'));
    writeFileSync(path.join(dir, 'heng.yaml'), `${providers()}tasks:\n  - { pack: mtbench, data: question.jsonl, judge: judge }\nrun: { retries: 0 }\n`);
    server.reset();
    const db = await testDb(dir, 'h.db');
    const r = await heng(['run', path.join(dir, 'heng.yaml'), '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.providers.map((p: { id: string }) => p.id)).toEqual(['cand']);
    // q1 and q3 rated (8 + 6) / 2 = 7 → 0.7 each; q2's judgment is unreadable: counted, not averaged.
    expect(report.summary[0]).toMatchObject({ provider: 'cand', task: 'mtbench', n: 2, outcomes: { correct: 2, unparseable: 1, error: 0 } });
    expect(report.summary[0].score).toBeCloseTo(0.7);
    const cand = server.requests.filter((q) => q.body.model === 'cand-model');
    const judged = server.requests.filter((q) => q.body.model === 'judge-model');
    expect(cand).toHaveLength(6);
    expect(judged).toHaveLength(6);
    expect(judged.every((q) => q.body.temperature === 0)).toBe(true);
    const store = await openStore(db);
    try {
      const rows = await store.results(report.runId);
      const q3 = rows.find((x) => x.item_id === '3')!;
      const detail = q3.scores[0].detail as JudgeDetail;
      expect(detail.turns.map((t) => t.prompt.id)).toEqual(['single-reference-en', 'multi-turn-reference-en']);
      const q2 = rows.find((x) => x.item_id === '2')!;
      expect(q2).toMatchObject({ outcome: 'unparseable', score: null });
      expect((q2.scores[0].detail as JudgeDetail).turns[0].raw).toBe('Hard to say.');
    } finally {
      await store.close();
    }
  }, 300_000);

  it('AlignBench: one task per category, dimension sub-scores, results per category', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heng-alignbench-'));
    copyFileSync('test/judges/fixtures/alignbench.jsonl', path.join(dir, 'data_release.jsonl'));
    writeFileSync(path.join(dir, 'heng.yaml'), `${providers()}tasks:\n  - { pack: alignbench, data: data_release.jsonl }\nrun: { retries: 0 }\n`);
    const db = await testDb(dir, 'h.db');
    const r = await heng(['run', path.join(dir, 'heng.yaml'), '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const byTask = Object.fromEntries(report.summary.map((s: { task: string }) => [s.task, s]));
    expect(Object.keys(byTask).sort()).toEqual(['alignbench-math', 'alignbench-writing']);
    expect(byTask['alignbench-math']).toMatchObject({ n: 1, score: 0.9, outcomes: { unparseable: 1 } });
    expect(byTask['alignbench-writing']).toMatchObject({ n: 1, score: 0.6 });
    const store = await openStore(db);
    try {
      const row = (await store.results(report.runId)).find((x) => x.item_id === '1')!;
      const detail = row.scores[0].detail as JudgeDetail;
      expect(detail.dimensions).toEqual({ correctness: 9, user_need: 9, logic: 8, completeness: 8 });
      expect(detail.turns[0].prompt.id).toBe('dimensions-zh');
    } finally {
      await store.close();
    }
  }, 300_000);
});
