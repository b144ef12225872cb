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
import { layoutProblems, pageImages } from '../helpers/layout.js';
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

let store: Store;
let runId: string;
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
  dataText = squash([...results.flatMap((r) => [r.raw_output, r.error_message, r.extracted]), ...items.map((i) => JSON.stringify(i.fields))].join('\n'));
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);
afterAll(() => store.close());

/**
 * Runs of non-Chinese text holding an English label word that are not part
 * of a model answer, an error message or an item (those are data, shown as
 * received). A line is cut at Chinese characters, so a Chinese label beside
 * an English answer does not hide the answer.
 */
function leakedEnglish(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line) => line.split(/[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+/))
    .filter((run) => ENGLISH_WORDS.test(run))
    .filter((run) => !dataText.includes(squash(run)));
}

async function docxText(buf: Buffer): Promise<{ xml: string; text: string }> {
  const file = path.join(dir, `d-${Math.random().toString(36).slice(2)}.docx`);
  writeFileSync(file, buf);
  const { stdout: xml } = await run('unzip', ['-p', file, 'word/document.xml'], { maxBuffer: 64 * 1024 * 1024 });
  // One line per paragraph, runs joined: the text a reader sees.
  const text = xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
  return { xml, text };
}

describe('the leak check', () => {
  it('finds an English status word that is no data, and lets model output through', () => {
    expect(leakedEnglish('状态: done')).toEqual([': done']);
    expect(leakedEnglish('结果 content_filtered')).toHaveLength(1);
    expect(leakedEnglish('抽取规则 mc.is-correct-zh')).toEqual([]);
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
  // Times in Asia/Shanghai with their offset, never a UTC ISO stamp.
  expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC\+08:00\)/);
  expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
}, 120_000);

it('writes the Chinese DOCX with the same cover and no English label', async () => {
  const { xml, text } = await docxText(await renderReport(store, runId, 'docx', 'zh'));
  expect(xml).toContain('<w:tbl>');
  for (const s of ['智能客服大模型选型评估报告', 'HX-PR-2026-017', '编制', '王晓明', '2026-11-28', '批准', '赵刚', '风险登记', '典型失败案例', '附录：全部设置', '已完成']) expect(text).toContain(s);
  expect(leakedEnglish(text)).toEqual([]);
  expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  // Charts are embedded pictures drawn by Chromium.
  expect(xml).toContain('<pic:pic');
}, 120_000);

it('writes the English DOCX in English', async () => {
  const buf = await renderReport(store, runId, 'docx', 'en');
  writeFileSync(path.join(ARTIFACTS, 'dossier-en.docx'), buf);
  const { text } = await docxText(buf);
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
