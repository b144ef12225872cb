// Hostile model output printed to PDF: it must appear as literal text, and
// nothing in it may run or reach out while Chromium prints the page.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { executeRun } from '../../src/runs/execute.js';
import { htmlToPdf } from '../../src/report/pdf.js';
import { renderReport } from '../../src/report/render.js';
import { openStore } from '../../src/store/open.js';
import { testDb } from '../helpers/test-db.js';

const run = promisify(execFile);

const hostile = ['<script>document.title="pwned"</script>', '<img src=x onerror="document.body.innerHTML=\'pwned\'">', '[click](javascript:alert(2)) <a href="javascript:alert(3)">link</a>'];

it('prints hostile model output as text in the PDF report', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-pdf-xss-'));
  writeFileSync(path.join(dir, 'items.jsonl'), hostile.map((_, i) => JSON.stringify({ id: `x${i}`, q: 'q', answer: 'A' })).join('\n'));
  writeFileSync(path.join(dir, 'answers.jsonl'), hostile.map((h, i) => JSON.stringify({ id: `x${i}`, output: h })).join('\n'));
  const yaml = `providers: [{ id: p, type: replay, path: answers.jsonl }]
tasks:
  - { id: t, dataset: items.jsonl, prompt: { user: "{{q}}" }, scorers: [{ type: exact }] }
`;
  const store = await openStore(await testDb(dir));
  const result = await executeRun({ store, loaded: parseConfig(yaml, path.join(dir, 'heng.yaml')) });
  const html = await renderReport(store, result.runId, 'html', 'en');
  await store.close();

  const pdf = await htmlToPdf(html);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const file = path.join(dir, 'report.pdf');
  writeFileSync(file, pdf);
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  const text = stdout.replace(/\s+/g, ' ');
  // The markup is shown, character for character, as text…
  expect(text).toContain('<script>document.title="pwned"</script>');
  expect(text).toContain('onerror=');
  expect(text).toContain('javascript:alert(3)');
  // …and none of it ran: the page was not rewritten.
  expect(text).not.toMatch(/^\s*pwned\s*$/);
  expect(text).toContain('Heng');
  // No clickable javascript: link made it into the PDF.
  expect(pdf.toString('latin1')).not.toMatch(/\/URI\s*\(javascript:/i);
}, 60_000);
