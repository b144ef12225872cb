import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { executeRun } from '../../src/runs/execute.js';
import { renderReport } from '../../src/report/render.js';
import { openStore } from '../../src/store/open.js';
import { testDb } from '../helpers/test-db.js';

const hostile = ['<script>alert("x")</script>', '<img src=x onerror="alert(1)">', '<a href="javascript:alert(2)">click</a>'];

it('shows hostile model output as text in the HTML report, in zh and en', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-html-'));
  writeFileSync(path.join(dir, 'items.jsonl'), hostile.map((_, i) => JSON.stringify({ id: `x${i}`, q: 'q', answer: 'A' })).join('\n'));
  writeFileSync(path.join(dir, 'answers.jsonl'), hostile.map((h, i) => JSON.stringify({ id: `x${i}`, output: h })).join('\n'));
  const yaml = `providers: [{ id: "p<b>", type: replay, path: answers.jsonl }]
tasks:
  - { id: t, dataset: items.jsonl, prompt: { user: "{{q}}" }, scorers: [{ type: exact }] }
`;
  const store = await openStore(await testDb(dir));
  // Markup in a provider id is refused at the door: ids are restricted.
  expect(() => parseConfig(yaml, path.join(dir, 'heng.yaml'))).toThrow(/providers\.0\.id/);
  const ok = yaml.replace('"p<b>"', 'p');
  const run = await executeRun({ store, loaded: parseConfig(ok, path.join(dir, 'heng.yaml')) });
  for (const lang of ['zh', 'en'] as const) {
    const html = await renderReport(store, run.runId, 'html', lang);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toMatch(/<a [^>]*href="javascript:/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    // The report carries no scripts of its own and forbids them.
    expect(html).toContain("default-src 'none'");
    expect(html.match(/<script/gi)).toBeNull();
  }
  await store.close();
});
