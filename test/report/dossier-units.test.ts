// The dossier's small parts: money with two decimals, local times with their
// offset, settings flattened with secrets hidden, the HTML reader the DOCX
// is built from, and hostile model output kept as text in the DOCX.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { flatten } from '../../src/report/dossier.js';
import { htmlToDocx, parseHtml } from '../../src/report/dossier-docx.js';
import { localTime, money } from '../../src/report/format.js';
import { renderReport } from '../../src/report/render.js';
import { executeRun } from '../../src/runs/execute.js';
import { openStore } from '../../src/store/open.js';
import { runHeng } from '../helpers/cli.js';
import { testDb } from '../helpers/test-db.js';

const run = promisify(execFile);

it('writes money with two decimals and keeps small unit prices readable', () => {
  expect(money(636.48)).toBe('¥636.48');
  expect(money(636.4)).toBe('¥636.40');
  expect(money(12345.6)).toBe('¥12,345.60');
  expect(money(0)).toBe('¥0.00');
  expect(money(0.52)).toBe('¥0.52');
  expect(money(0.0123)).toBe('¥0.012');
  expect(money(0.00031)).toBe('¥0.00031');
  expect(money(null, '未知')).toBe('未知');
});

it('shows times in the configured zone with the offset', () => {
  expect(localTime('2026-12-07T11:59:42.355Z', 'Asia/Shanghai', { seconds: true })).toBe('2026-12-07 19:59:42 (UTC+08:00)');
  expect(localTime('2026-12-07T17:00:00Z', 'Asia/Shanghai', { dateOnly: true })).toBe('2026-12-08');
  expect(localTime('2026-12-07T11:59:42Z', 'UTC')).toBe('2026-12-07 11:59 (UTC+00:00)');
  expect(localTime(null, 'Asia/Shanghai')).toBe('—');
});

it('rejects an unknown time zone in the dossier section with its field', () => {
  const yaml =
    'providers: [{ id: p, type: replay, path: a.jsonl }]\ntasks: [{ id: t, items: [{ id: "1", q: q, answer: a }], prompt: { user: "{{q}}" }, scorers: [{ type: exact }] }]\ndossier:\n  timeZone: Mars/Olympus\n';
  expect(() => parseConfig(yaml, 'heng.yaml')).toThrow(/dossier\.timeZone/);
});

it('names the deployment field that points at no provider, and asks for a workload', () => {
  const base = 'providers: [{ id: api, type: replay, path: a.jsonl }]\ntasks: [{ id: t, items: [{ id: "1", q: q, answer: a }], prompt: { user: "{{q}}" }, scorers: [{ type: exact }] }]\n';
  const option = 'deployment:\n  - { id: onprem, provider: nowhere, server: { monthlyRentCny: 1000 } }\n';
  expect(() => parseConfig(`${base}workload: { dailyUsers: 10, conversationsPerUser: 1 }\n${option}`, 'heng.yaml')).toThrow(/deployment\.0\.provider[\s\S]*no provider "nowhere"/);
  expect(() => parseConfig(base + option.replace('nowhere', 'api'), 'heng.yaml')).toThrow(/workload/);
});

it('asks for --out before writing a DOCX', async () => {
  const r = await runHeng(['report', 'latest', '--format', 'docx', '--db', path.join(mkdtempSync(path.join(tmpdir(), 'heng-docx-out-')), 'h.db')]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--out');
}, 60_000);

it('flattens settings and shows a secret only as its reference', () => {
  const rows = Object.fromEntries(flatten({ id: 'p', apiKey: '${env:KEY}', secretKey: 'literal', headers: { Authorization: 'Bearer x', 'X-Ref': '${env:H}' }, params: { top_p: 0.9 } }, '(hidden)'));
  expect(rows).toEqual({ id: 'p', apiKey: '${env:KEY}', secretKey: '(hidden)', 'headers.Authorization': '(hidden)', 'headers.X-Ref': '${env:H}', 'params.top_p': '0.9' });
  // A token count is a setting, not a secret; a token is.
  const counts = Object.fromEntries(flatten({ maxTokens: 1024, run: { maxTokensPerItem: 8 }, accessToken: 'literal', password: 'x' }, '(hidden)'));
  expect(counts).toEqual({ maxTokens: '1024', 'run.maxTokensPerItem': '8', accessToken: '(hidden)', password: '(hidden)' });
});

it('reads the report HTML into a tree, entities decoded and SVG kept whole', () => {
  const tree = parseHtml('<body><p class="note">a &lt;b&gt; &amp; c<br>d</p><figure><svg width="10"><text>x</text></svg></figure></body>');
  type El = { tag: string; attrs: Record<string, string>; children: Array<El | string> };
  const body = tree.children[0] as El;
  expect(body.tag).toBe('body');
  expect((body.children[0] as El).children[0]).toBe('a <b> & c');
  expect(((body.children[1] as El).children[0] as El).attrs['#source']).toBe('<svg width="10"><text>x</text></svg>');
});

it('keeps hostile model output as text in the DOCX', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-docx-xss-'));
  const hostile = '<script>alert(1)</script><w:p>&amp;';
  writeFileSync(path.join(dir, 'items.jsonl'), `${JSON.stringify({ id: 'x', q: 'q', answer: 'A' })}\n`);
  writeFileSync(path.join(dir, 'answers.jsonl'), `${JSON.stringify({ id: 'x', output: hostile })}\n`);
  const yaml = 'providers: [{ id: p, type: replay, path: answers.jsonl }]\ntasks:\n  - { id: t, dataset: items.jsonl, prompt: { user: "{{q}}" }, scorers: [{ type: exact }] }\n';
  const store = await openStore(await testDb(dir));
  const { runId } = await executeRun({ store, loaded: parseConfig(yaml, path.join(dir, 'heng.yaml')) });
  const html = await renderReport(store, runId, 'html', 'en');
  await store.close();
  const docx = await htmlToDocx(html, { title: 't', footer: 'f', lang: 'en', rasterize: async (svgs) => svgs.map(() => null) });
  writeFileSync(path.join(dir, 'r.docx'), docx);
  const { stdout: xml } = await run('unzip', ['-p', path.join(dir, 'r.docx'), 'word/document.xml'], { maxBuffer: 64 * 1024 * 1024 });
  expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;w:p&gt;&amp;amp;');
  expect(xml).not.toContain('<script>');
  // Without a rasterizer the charts are named, not dropped silently.
  expect(xml).toContain('(chart: see the PDF and HTML editions)');
}, 60_000);
