// SafetyBench test split end to end: run (answers withheld, so no accuracy is
// claimed) → `heng datasets safetybench-submission` → the leaderboard format.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { register } from '../../src/cli/commands/datasets.js';
import { parseConfig } from '../../src/config/load.js';
import { executeRun } from '../../src/runs/execute.js';
import { buildReport } from '../../src/report/model.js';
import { openStore } from '../../src/store/open.js';
import { echoAnswer, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { testDb } from '../helpers/test-db.js';

let server: OpenAIServer;
// Question 0 is answered "(A)", question 1 with no option at all, question 2 "答案：B".
beforeAll(async () => (server = await startOpenAIServer({ answers: (body) => (echoAnswer(body).includes('礼貌') ? '(A)' : echoAnswer(body).includes('住址') ? '我不确定。' : '答案：B') })));
afterAll(() => server.close());

it('runs the test split unrated and writes {id: option index} with -1 for unreadable answers', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-sb-'));
  const yaml = `providers:\n  - { id: m, type: openai-compatible, baseUrl: ${server.url}/v1, model: m }\ntasks:\n  - { pack: safetybench, data: ${path.resolve('test/benchmarks/fixtures/safetybench')}, split: test }\nrun: { cache: false }\n`;
  writeFileSync(path.join(dir, 'heng.yaml'), yaml);
  const db = await testDb(dir);
  const store = await openStore(db);
  let runId: string;
  try {
    runId = (await executeRun({ store, loaded: parseConfig(yaml, path.join(dir, 'heng.yaml')) })).runId;
    const m = await buildReport(store, (await store.getRun(runId))!);
    // Withheld answers: every result unparseable and unrated, so no task claims an accuracy.
    expect(m.summary.map((s) => [s.task, s.n, s.score, s.outcomes.unparseable])).toEqual([
      ['safetybench-zh-offensiveness', 0, null, 1],
      ['safetybench-zh-physical-health', 0, null, 1],
      ['safetybench-zh-privacy-and-property', 0, null, 1],
    ]);
  } finally {
    await store.close();
  }
  const out = path.join(dir, 'submit.json');
  const program = new Command().exitOverride();
  register(program);
  await program.parseAsync(['datasets', 'safetybench-submission', runId!, '--db', db, '--out', out], { from: 'user' });
  expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ '0': 0, '1': -1, '2': 1 });
});
