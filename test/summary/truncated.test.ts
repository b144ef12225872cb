// Truncation is its own outcome: an OpenAI-compatible server on 127.0.0.1
// answers some prompts with finish_reason "length". Those answers are kept
// (text and finish reason) as `truncated`, not scored, counted apart in the
// summary and shown apart by every surface; a task with scoreTruncated: true
// scores them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { renderReport } from '../../src/report/render.js';
import { executeRun } from '../../src/runs/execute.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { isTruncated, TRUNCATED_FINISH_REASONS } from '../../src/types.js';
import { lastUser, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { apiClient, hengOut } from '../helpers/surfaces.js';
import { testDb } from '../helpers/test-db.js';

let dir: string;
let db: string;
let store: Store;
let server: OpenAIServer;
let runId: string;

// Every answer is "yes" (right); prompts ending in 0 or 1 are cut by the token limit.
const CUT = /[01]$/;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'heng-truncated-'));
  db = await testDb(dir);
  store = await openStore(db);
  server = await startOpenAIServer({ script: (req) => ({ kind: 'answer', text: 'yes', finishReason: CUT.test(lastUser(req.body)) ? 'length' : 'stop' }) });
  const items = (task: string) => Array.from({ length: 5 }, (_, i) => `      - { id: ${task}${i}, q: "${task} ${i}", answer: "yes" }`).join('\n');
  const yaml = `providers:
  - { id: alpha, type: openai-compatible, baseUrl: ${server.url}/v1, model: m-alpha }
tasks:
  - id: plain
    items:
${items('plain')}
    prompt: { user: "{{q}}" }
    scorers: [{ type: exact }]
  - id: lenient
    scoreTruncated: true
    items:
${items('lenient')}
    prompt: { user: "{{q}}" }
    scorers: [{ type: exact }]
`;
  const file = path.join(dir, 'heng.yaml');
  writeFileSync(file, yaml);
  runId = (await executeRun({ store, loaded: parseConfig(yaml, file) })).runId;
});
afterAll(async () => {
  await store?.close();
  await server?.close();
});

describe('truncated answers', () => {
  it('names the finish reasons that mean cut', () => {
    expect(TRUNCATED_FINISH_REASONS).toEqual(['length', 'max_size']);
    expect(isTruncated('length')).toBe(true);
    expect(isTruncated('max_size')).toBe(true);
    expect(isTruncated('stop')).toBe(false);
    expect(isTruncated(null)).toBe(false);
  });

  it('are stored as truncated with their text and finish reason, unscored', async () => {
    const rows = await store.results(runId);
    const plain = rows.filter((r) => r.task_id === 'plain');
    const cut = plain.filter((r) => r.outcome === 'truncated').map((r) => r.item_id);
    expect(cut.sort()).toEqual(['plain0', 'plain1']);
    for (const r of plain.filter((x) => x.outcome === 'truncated')) {
      expect(r).toMatchObject({ status: 'ok', score: null, raw_output: 'yes', finish_reason: 'length', scores: [] });
    }
    expect(plain.filter((r) => r.outcome === 'correct')).toHaveLength(3);
    // scoreTruncated: the same cut answers are scored.
    const lenient = rows.filter((r) => r.task_id === 'lenient');
    expect(lenient.map((r) => r.outcome)).toEqual(Array(5).fill('correct'));
    expect(lenient.filter((r) => r.finish_reason === 'length')).toHaveLength(2);
  });

  it('are counted apart in the summary, the report and the API, never in the score', async () => {
    const listed = JSON.parse(await hengOut('runs', '--json', '--db', db)).runs.find((r: any) => r.id === runId);
    // The headline: mean over tasks, plain over its 3 scored answers, lenient over all 5.
    expect(listed.summary.headline).toEqual([expect.objectContaining({ provider: 'alpha', n: 8, score: 1, errors: 0, truncated: 2 })]);
    expect(await hengOut('runs', '--db', db)).toMatch(/truncated=2/);
    const report = JSON.parse(await hengOut('report', runId, '--format', 'json', '--db', db));
    const plainCell = report.summary.find((c: any) => c.task === 'plain');
    expect(plainCell).toMatchObject({ n: 3, score: 1 });
    expect(plainCell.outcomes).toMatchObject({ correct: 3, truncated: 2, error: 0, content_filtered: 0 });
    expect(report.summary.find((c: any) => c.task === 'lenient').outcomes).toMatchObject({ correct: 5, truncated: 0 });
    const get = await apiClient(store);
    expect((await get(`/api/runs/${runId}`)).run.summary.headline[0].truncated).toBe(2);
    const found = await get(`/api/runs/${runId}/results?outcome=truncated`);
    expect(found.results.map((r: any) => r.itemId).sort()).toEqual(['plain0', 'plain1']);
  });

  it('are shown apart in the text, Markdown, CSV and HTML reports, in Chinese as 截断', async () => {
    const text = await hengOut('report', runId, '--format', 'text', '--db', db);
    const head = text.split('\n').find((l) => l.startsWith('provider'))!;
    expect(head).toMatch(/filtered\s+truncated\s+missing/);
    expect(text.split('\n').find((l) => /^alpha\s+plain/.test(l))).toMatch(/\b3\s+0\s+0\s+0\s+0\s+2\s+0\b/);
    const md = await renderReport(store, runId, 'md', 'en');
    expect(md).toContain('| provider | n | score | 95% CI | errors | truncated |');
    const csv = await renderReport(store, runId, 'csv', 'en');
    expect(csv.split('\n').filter((l) => l.includes(',truncated,'))).toHaveLength(2);
    const zh = await renderReport(store, runId, 'html', 'zh');
    expect(zh).toContain('截断');
    expect(zh).not.toMatch(/>truncated</);
    const en = await renderReport(store, runId, 'html', 'en');
    expect(en).toContain('>truncated<');
  });
});
