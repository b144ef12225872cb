// Checks before money is spent: `heng run` checks every item against every
// scorer before the first request (an item without its reference answer
// fails with file, line and field, and the vendor never hears from us), and
// `heng run --dry-run` prints the plan, tokens, cost and time per provider
// without sending anything or creating a run.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register as registerRun } from '../../src/cli/commands/run.js';
import { loadConfig } from '../../src/config/load.js';
import { estimateTokens } from '../../src/engine/tokens.js';
import { InputError } from '../../src/errors.js';
import { executeRun } from '../../src/runs/execute.js';
import { openStore } from '../../src/store/open.js';
import { runHengInProcess } from '../helpers/cli.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

let server: OpenAIServer;
let dir: string;

beforeAll(async () => {
  server = await startOpenAIServer({ answers: () => '42' });
  dir = mkdtempSync(path.join(tmpdir(), 'heng-preflight-'));
});
afterAll(() => server.close());

/** A config with one task; `extra` adds task fields (e.g. "choices: [A, B]"). */
const config = (name: string, dataset: string, scorer: string, extra = '') => {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    `providers:
  - { id: a, type: openai-compatible, baseUrl: ${server.url}/v1, model: m-a, stream: false, price: { inputPerMillion: 2, outputPerMillion: 8 }, rateLimit: { rpm: 60 } }
  - { id: b, type: openai-compatible, baseUrl: ${server.url}/v1, model: m-b, stream: false }
tasks:
  - { id: t, dataset: ${dataset},${extra ? ` ${extra},` : ''} prompt: { user: "问题：{{question}}" }, scorers: [${scorer}] }
run: { maxTokens: 100 }
`,
  );
  return file;
};

describe('before the first request', () => {
  it('fails on an item without its reference answer, naming file, line and field, with zero requests sent and no run created', async () => {
    const data = path.join(dir, 'faq.csv');
    writeFileSync(data, 'id,question,answer\nq1,一加一,2\nq2,二加二,\nq3,三加三,6\nq4,四加四,\n');
    const file = config('missing.yaml', 'faq.csv', '{ type: exact }');
    const db = path.join(dir, 'missing.db');
    const store = await openStore(db);
    const err = await executeRun({ store, loaded: loadConfig(file) }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.place).toEqual({ file: data, line: 3, field: 'answer' });
    expect(err.message).toContain('item "q2": the exact scorer needs a target, item has none');
    expect(err.message).toContain('1 more item(s) fail the same check, on line(s) 5');
    expect(server.requests).toHaveLength(0);
    expect(await store.listRuns()).toEqual([]);
    await store.close();
  });

  it('fails on a multiple-choice target that is no option, and a numeric target that is no number', async () => {
    writeFileSync(
      path.join(dir, 'mc.jsonl'),
      [
        { id: 'm1', question: 'x', A: '1', B: '2', answer: 'B' },
        { id: 'm2', question: 'y', A: '1', B: '2', answer: 'E' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const mc = await executeRun({ store: await openStore(path.join(dir, 'mc.db')), loaded: loadConfig(config('mc.yaml', 'mc.jsonl', '{ type: choice }', 'choices: [A, B]')) }).catch((e) => e);
    expect(mc).toBeInstanceOf(InputError);
    expect(mc.place).toMatchObject({ line: 2, field: 'answer' });
    expect(mc.message).toContain('target "E" is neither one of the letters AB');
    writeFileSync(path.join(dir, 'num.jsonl'), [{ question: 'x', answer: '十二' }].map((r) => JSON.stringify(r)).join('\n'));
    const num = await executeRun({ store: await openStore(path.join(dir, 'num.db')), loaded: loadConfig(config('num.yaml', 'num.jsonl', '{ type: numeric }')) }).catch((e) => e);
    expect(num).toBeInstanceOf(InputError);
    expect(num.place).toMatchObject({ line: 1, field: 'answer' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('heng run --dry-run', () => {
  it('prints requests, tokens, cost and time per provider (zh and en), sending nothing and creating no run', async () => {
    const questions = ['一加一', '二加二', '三加三', '四加四'];
    writeFileSync(path.join(dir, 'ok.jsonl'), questions.map((q, i) => JSON.stringify({ id: `q${i}`, question: q, answer: String(2 * (i + 1)) })).join('\n'));
    const file = config('ok.yaml', 'ok.jsonl', '{ type: exact }');
    const db = path.join(dir, 'dry.db');
    const json = JSON.parse(await runHengInProcess([registerRun], ['run', file, '--dry-run', '--json', '--db', db]));
    const input = questions.reduce((s, q) => s + estimateTokens(`问题：${q}`), 0);
    const a = json.providers.find((p: any) => p.provider === 'a');
    expect(a).toMatchObject({ units: 4, requests: 4, inputTokens: input, maxOutputTokens: 400, rateLimit: { rpm: 60 } });
    // By hand: input × ¥2/M … plus 400 output tokens × ¥8/M; 4 requests at 60 per minute take at least 4 s.
    expect(a.costCny.low).toBeCloseTo((input * 2) / 1e6, 12);
    expect(a.costCny.high).toBeCloseTo((input * 2 + 400 * 8) / 1e6, 12);
    expect(a.minSeconds).toBeCloseTo(4, 9);
    expect(json.providers.find((p: any) => p.provider === 'b')).toMatchObject({ costCny: null, minSeconds: null });

    const zh = await runHengInProcess([registerRun], ['run', file, '--dry-run', '--lang', 'zh', '--db', db]);
    expect(zh).toContain('试运行：不发送任何请求，也不创建运行');
    expect(zh).toMatch(/a\s+m-a\s+4\s+\d+\s+400\s+0\.00 – 0\.00\s+4 秒/);
    expect(zh).toContain('以下模型服务没有价格，未计入总费用：b');
    const en = await runHengInProcess([registerRun], ['run', file, '--dry-run', '--lang', 'en', '--db', db]);
    expect(en).toContain('dry run: nothing is sent, no run is created');
    expect(en).toMatch(/b\s+m-b\s+4\s+\d+\s+400\s+unknown price\s+no rate limit \(8 at a time\)/);

    expect(server.requests).toHaveLength(0);
    const store = await openStore(db);
    expect(await store.listRuns()).toEqual([]);
    await store.close();
  });

  it('checks the items in a dry run too', async () => {
    const err = await runHengInProcess([registerRun], ['run', path.join(dir, 'missing.yaml'), '--dry-run', '--db', path.join(dir, 'dry2.db')]).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.place).toMatchObject({ line: 3, field: 'answer' });
  });
});
