// A judged task through the engine in-process: a judge failure becomes a
// scorer error (outcome `error`), an unreadable judgment is `unparseable`
// with a null score and stays out of the report's mean, and the judge
// provider is not evaluated.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { executeRun } from '../../src/runs/execute.js';
import { buildReport } from '../../src/report/model.js';
import { openStore } from '../../src/store/open.js';
import { lastUser, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { testDb } from '../helpers/test-db.js';

let server: OpenAIServer;
beforeAll(async () => {
  server = await startOpenAIServer({
    answers: (body) => {
      const asked = lastUser(body);
      if (body.model !== 'judge-model') return `answer: ${asked}`;
      if (asked.includes('unclear')) return 'Not sure what to give.';
      return asked.includes('great') ? 'Rating: [[9]]' : 'Rating: [[3]]';
    },
    script: (req) => (req.body.model === 'judge-model' && lastUser(req.body).includes('blocked') ? { kind: 'filter' } : undefined),
  });
});
afterAll(() => server.close());

describe('judge-single in a run', () => {
  it('judge failure → error (not wrong); unreadable → unparseable, unrated; judge not evaluated', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heng-judge-engine-'));
    const items = ['great', 'poor', 'unclear', 'blocked'].map((q) => JSON.stringify({ id: q, question: `${q} question` })).join('\n');
    writeFileSync(path.join(dir, 'items.jsonl'), items);
    writeFileSync(
      path.join(dir, 'heng.yaml'),
      `providers:
  - { id: cand, type: openai-compatible, baseUrl: ${server.url}/v1, model: cand-model, stream: false }
  - { id: judge, type: openai-compatible, baseUrl: ${server.url}/v1, model: judge-model, stream: false, role: judge, concurrency: 2 }
tasks:
  - id: open
    dataset: items.jsonl
    prompt: { user: "{{question}}" }
    scorers: [{ type: judge-single, reference: never }]
run: { retries: 0 }
`,
    );
    const store = await openStore(await testDb(dir, 'h.db'));
    try {
      const r = await executeRun({ store, loaded: loadConfig(path.join(dir, 'heng.yaml')) });
      expect((await store.runProviders(r.runId)).map((p) => p.providerId)).toEqual(['cand']);
      const rows = await store.results(r.runId);
      const by = Object.fromEntries(rows.map((x) => [x.item_id, x]));
      expect(by.great).toMatchObject({ outcome: 'correct', score: 0.9 });
      expect(by.poor).toMatchObject({ outcome: 'wrong', score: 0.3 });
      expect(by.unclear).toMatchObject({ outcome: 'unparseable', score: null, rule: 'judge.unreadable' });
      expect(by.blocked).toMatchObject({ outcome: 'error', status: 'scorer_error', score: null });
      expect(by.blocked.error_message).toMatch(/judge "judge" failed: content_filtered/);
      const report = await buildReport(store, (await store.getRun(r.runId))!);
      expect(report.summary[0]).toMatchObject({ n: 2, outcomes: { correct: 1, wrong: 1, unparseable: 1, error: 1 }, method: 'bootstrap' });
      expect(report.summary[0].score).toBeCloseTo(0.6);

      // Judge requests go through the response cache: the same run again asks the judge only
      // where no ok answer was cached (the content-filtered item).
      server.reset();
      const again = await executeRun({ store, loaded: loadConfig(path.join(dir, 'heng.yaml')) });
      const judgeCalls = server.requests.filter((q) => q.body.model === 'judge-model').map((q) => lastUser(q.body));
      expect(judgeCalls).toHaveLength(1);
      expect(judgeCalls[0]).toContain('blocked');
      const rows2 = await store.results(again.runId);
      expect(rows2.find((x) => x.item_id === 'great')).toMatchObject({ outcome: 'correct', score: 0.9 });
    } finally {
      await store.close();
    }
  });
});
