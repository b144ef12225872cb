// The committee dossier of the demo run (heng report --format html|pdf|docx):
// cover and approval from the `dossier:` section, every label of the Chinese
// edition in Chinese (PDF text by pdftotext, DOCX text from
// word/document.xml), times in the configured zone, and a layout that never
// overflows a cell or breaks a word (test/helpers/layout.ts explains the
// checks; each is first shown to fail on tables made to overflow).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG } from '../../src/cli/commands/demo.js';
import { parseConfig } from '../../src/config/load.js';
import { renderReport } from '../../src/report/render.js';
import { executeRun } from '../../src/runs/execute.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { docxText } from '../helpers/docx-text.js';
import { layoutProblems, overflowedPages, pageImages } from '../helpers/layout.js';
import { testDb } from '../helpers/test-db.js';

const run = promisify(execFile);
const ARTIFACTS = path.resolve('test-artifacts');

const DOSSIER = `
dossier:
  title: 智能客服大模型选型评估报告
  project: 零售银行智能客服项目
  documentNumber: HX-PR-2026-017
  classification: 内部
  version: "1.2"
  date: 2026-12-01
  approval:
    preparedBy: { name: 王晓明, date: 2026-11-28 }
    reviewedBy: { name: 李红, date: 2026-11-30 }
    approvedBy: { name: 赵刚 }
`;

/** English outcome, status and verdict words as whole tokens (an identifier such as mc.is-correct-zh is not a word). */
const ENGLISH_WORDS =
  /(?<![A-Za-z0-9_.\-/])(correct|wrong|unparseable|content[_ ]filtered|missing|done|running|failed|cancelled|interrupted|errors?|timeout|timed out|pass(ed)?|fail|marginal|not assessed|(in)?eligible|excluded|yes|no|unknown|ok|answered|blocked)(?![A-Za-z0-9_.\-/])/i;

/** The demo's capability dimensions (tags.dimension) and the Chinese label the zh edition shows for each. */
const DEMO_DIMENSIONS: Record<string, string> = { knowledge: '知识', reasoning: '推理', math: '数学', extraction: '信息抽取', 'instruction-following': '指令遵循' };
/** Criterion and dimension names: the words a scorecard or a dimension column would show if left untranslated. */
const ENGLISH_CRITERIA = /(?<![A-Za-z0-9_.\-/])(quality|instruction-following|knowledge|reasoning|math|extraction)(?![A-Za-z0-9_.\-/])/i;

let store: Store;
let runId: string;
/** Task id → its dimension, from the demo run. */
let taskDimensions: Array<[string, string]>;
let dir: string;
/** Every text that came from the data or the models: the only place English may appear in the Chinese edition. */
let dataText: string;

const squash = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'heng-dossier-'));
  store = await openStore(await testDb(dir, 'h.db'));
  const text = readFileSync(DEMO_CONFIG, 'utf8') + DOSSIER;
  runId = (await executeRun({ store, loaded: parseConfig(text, DEMO_CONFIG) })).runId;
  const results = await store.results(runId);
  const items = await store.items(runId);
  // The config is shown as written in the appendix: data too, line by line.
  dataText = squash([...results.flatMap((r) => [r.raw_output, r.error_message, r.extracted]), ...items.map((i) => JSON.stringify(i.fields)), ...text.split('\n').map((l) => `${l}\n`)].join('\n'));
  const run = (await store.getRun(runId))!;
  taskDimensions = (await store.runTasks(run.id)).map((t) => [t.taskId, String(t.tags?.dimension)]);
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);
afterAll(() => store.close());

/**
 * Runs of non-Chinese text holding an English label word that are not part
 * of a model answer, an error message or an item (those are data, shown as
 * received). A line is cut at Chinese characters, so a Chinese label beside
 * an English answer does not hide the answer.
 */
function leakedEnglish(text: string, words = ENGLISH_WORDS): string[] {
  return text
    .split('\n')
    .flatMap((line) => line.split(/[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+/))
    .filter((run) => words.test(run))
    .filter((run) => !dataText.includes(squash(run)));
}

/**
 * Dimension names are Chinese in the zh edition: the task table shows each
 * task id (an identifier, kept) beside its dimension's Chinese label, the
 * scorecard's quality criteria read "质量 · 知识", and no criterion or
 * dimension name is left in English outside the data and the task ids.
 */
function expectChineseDimensions(text: string) {
  const flat = squash(text);
  expect(taskDimensions.length).toBe(5);
  for (const [task, dim] of taskDimensions) {
    expect(flat, `${task}: ${dim}`).toContain(`${task}${DEMO_DIMENSIONS[dim]}`);
    expect(flat).toContain(`质量·${DEMO_DIMENSIONS[dim]}`);
  }
  expect(flat).not.toMatch(/质量·[A-Za-z]/);
  const tasks = new Set(taskDimensions.map(([t]) => t));
  const leaks = text
    .split('\n')
    .flatMap((line) => line.split(/[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+|\s+/))
    .filter((w) => !tasks.has(w.trim()));
  expect(leakedEnglish(leaks.join('\n'), ENGLISH_CRITERIA)).toEqual([]);
}

describe('the leak check', () => {
  it('finds an English status word that is no data, and lets model output through', () => {
    expect(leakedEnglish('状态: done')).toEqual([': done']);
    expect(leakedEnglish('结果 content_filtered')).toHaveLength(1);
    expect(leakedEnglish('抽取规则 mc.is-correct-zh')).toEqual([]);
    expect(leakedEnglish('质量 · instruction-following ×0.5', ENGLISH_CRITERIA)).toHaveLength(1);
    expect(leakedEnglish('quality ×1.5 (1 → 1.5)', ENGLISH_CRITERIA)).toHaveLength(1);
    const answer = dataText.length > 0;
    expect(answer).toBe(true);
  });
});

it('writes the Chinese PDF with its cover, approval block, local times and Chinese labels only', async () => {
  const pdf = await renderReport(store, runId, 'pdf', 'zh');
  const file = path.join(dir, 'dossier-zh.pdf');
  writeFileSync(file, pdf);
  writeFileSync(path.join(ARTIFACTS, 'dossier-zh.pdf'), pdf);
  const { stdout: text } = await run('pdftotext', ['-layout', file, '-'], { maxBuffer: 64 * 1024 * 1024 });
  const { stdout: page1 } = await run('pdftotext', ['-f', '1', '-l', '1', file, '-']);
  for (const s of ['智能客服大模型选型评估报告', '零售银行智能客服项目', 'HX-PR-2026-017', '内部', '1.2', '2026-12-01', '编制', '审核', '批准', '王晓明', '2026-11-28', '李红', '赵刚'])
    expect(page1).toContain(s);
  for (const s of ['结论与建议', '范围与方法', '评分卡', '权重敏感性', '风险登记', '典型失败案例', '附录：全部设置', '已完成']) expect(text).toContain(s);
  expect(leakedEnglish(text)).toEqual([]);
  expectChineseDimensions(text);
  // Times in Asia/Shanghai with their offset, never a UTC ISO stamp.
  expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC\+08:00\)/);
  expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
}, 120_000);

it('writes the Chinese DOCX with the same cover and no English label', async () => {
  const { xml, text } = await docxText(await renderReport(store, runId, 'docx', 'zh'), dir);
  expect(xml).toContain('<w:tbl>');
  for (const s of ['智能客服大模型选型评估报告', 'HX-PR-2026-017', '编制', '王晓明', '2026-11-28', '批准', '赵刚', '风险登记', '典型失败案例', '附录：全部设置', '已完成']) expect(text).toContain(s);
  expect(leakedEnglish(text)).toEqual([]);
  expectChineseDimensions(text);
  expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  // Charts are embedded pictures drawn by Chromium.
  expect(xml).toContain('<pic:pic');
}, 120_000);

it('writes the English DOCX in English', async () => {
  const buf = await renderReport(store, runId, 'docx', 'en');
  writeFileSync(path.join(ARTIFACTS, 'dossier-en.docx'), buf);
  const { text } = await docxText(buf, dir);
  for (const s of ['Prepared by', 'Reviewed by', 'Approved by', 'Risk register', 'Representative failures', 'Scope and method', 'done']) expect(text).toContain(s);
}, 120_000);

describe('layout', () => {
  const overflowing = `<!doctype html><html><head><style>body{margin:0} td{word-break:keep-all}</style></head><body><table style="width:100%"><tr><td style="white-space:nowrap">${'sample-a-very-long-provider-name '.repeat(12)}</td></tr></table>
<table style="width:200px;table-layout:fixed"><tr><td style="width:40px">sample-a</td><td style="width:160px">x</td></tr></table>
<table style="width:60px;table-layout:fixed"><tr><td style="word-break:break-all">未知未知未知未知未知未知</td></tr></table></body></html>`;

  it('flags a table wider than the page, a cell its content overflows and a word split across lines', async () => {
    const kinds = new Set((await layoutProblems(overflowing)).map((p) => p.kind));
    expect(kinds).toEqual(new Set(['table-overflow', 'cell-overflow', 'broken-word']));
  }, 60_000);

  it('sees text spilling out of a cell in the page images (pdftoppm), and nothing when every cell holds its text', async () => {
    const page = (cell: string) =>
      `<!doctype html><html><head><style>body{margin:0;font:14px sans-serif} td{border:1px solid #999;padding:2px}</style></head><body><p>表格</p><table style="width:300px;table-layout:fixed"><tr><td style="width:60px;white-space:nowrap">${cell}</td><td style="width:240px">右边的单元格</td></tr></table></body></html>`;
    const spilled = await overflowedPages(page('sample-a-very-long-provider-name'), dir);
    expect(spilled).toHaveLength(1);
    expect(spilled[0].page).toBe(1);
    expect(spilled[0].pixels).toBeGreaterThan(20);
    expect(await overflowedPages(page('甲'), dir)).toEqual([]);
  }, 120_000);

  it.each(['zh', 'en'] as const)(
    'prints the %s dossier with no text outside its cell, seen in the page images (pdftoppm)',
    async (lang) => {
      expect(await overflowedPages(await renderReport(store, runId, 'html', lang), dir)).toEqual([]);
    },
    240_000,
  );

  it.each(['zh', 'en'] as const)(
    'lays out the %s dossier with no overflowing cell or table and no broken word, and prints no blank page',
    async (lang) => {
      const html = await renderReport(store, runId, 'html', lang);
      expect(await layoutProblems(html)).toEqual([]);
      const sub = mkdtempSync(path.join(dir, `pages-${lang}-`));
      writeFileSync(path.join(sub, 'dossier.pdf'), await renderReport(store, runId, 'pdf', lang));
      const pages = await pageImages(path.join(sub, 'dossier.pdf'), sub);
      expect(pages.length).toBeGreaterThan(5);
      for (const p of pages) {
        expect(p.ink, `page ${p.page} is blank`).toBeGreaterThan(0.005);
      }
    },
    180_000,
  );
});
