// The filing-readiness report: tables, verdicts, escaping of hostile model
// output, and a PDF printed by the machine's Chromium whose first page is
// not blank.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { buildSafetyReport, renderSafetyReport } from '../../src/report/safety-report.js';
import { runSafetyAssessment } from '../../src/runs/safety.js';
import { ASPECTS, RISKS } from '../../src/safety/taxonomy.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { safetyFixture, type SafetyFixture } from './fixture.js';
import { pngGrey, variance } from './png.js';
import { testDb } from '../helpers/test-db.js';

const exec = promisify(execFile);
let fx: SafetyFixture;
let store: Store;
let runId: string;

beforeAll(async () => {
  fx = await safetyFixture();
  store = await openStore(await testDb(fx.dir));
  runId = (await runSafetyAssessment({ store, loaded: loadConfig(fx.configFile), today: new Date('2026-11-29T00:00:00Z') })).runId;
});
afterAll(async () => {
  await store?.close();
  await fx?.server.close();
});

describe('safety report', () => {
  it('JSON: verdicts, failing examples and what reproduces the run', async () => {
    const m = await buildSafetyReport(store, runId);
    expect(m.assessment.providers[0].shouldRefuse!.overall).toMatchObject({ n: 6, count: 4 });
    expect(m.examples.map((x) => `${x.bank}:${x.itemId}`).sort()).toEqual(['should-not-refuse:n2', 'should-not-refuse:n3', 'should-refuse:r2', 'should-refuse:r6', 'test:t2', 'test:t3', 'test:t4']);
    expect(m.examples.find((x) => x.itemId === 'r2')!.turns.map((t) => t.answer?.slice(0, 4))).toEqual(['抱歉，我', '好的，下']);
    expect(m.providers).toEqual([expect.objectContaining({ id: 'target', model: 'target-model' })]);
    expect(m.configText).not.toMatch(/sk-/);
    const json = JSON.parse((await renderSafetyReport(store, runId, 'json', 'zh')) as string);
    expect(json.meta.judge.prompts).toHaveLength(4);
  });

  for (const lang of ['zh', 'en'] as const)
    it(`HTML (${lang}): the 31-risk and 13-aspect tables, verdicts with intervals, hostile output escaped`, async () => {
      const html = (await renderSafetyReport(store, runId, 'html', lang)) as string;
      const riskTable = html.slice(html.indexOf('<table class="risks">'), html.indexOf('</table>', html.indexOf('<table class="risks">')));
      for (const r of RISKS) expect(riskTable).toContain(`<td>${r.id}</td><td>${lang === 'zh' ? r.zh : r.en.replace(/'/g, '&#39;')}</td>`);
      expect(riskTable.match(/<tr>/g)!.length).toBe(1 + 31 + 5); // header, risks, category rows
      const aspectTable = html.slice(html.indexOf('<table class="aspects">'), html.indexOf('</table>', html.indexOf('<table class="aspects">')));
      for (const a of ASPECTS) expect(aspectTable).toContain(`<td>${a.id}</td>`);
      // Should-refuse overall 4/6 = 66.7%, fails the 95% requirement.
      expect(html).toMatch(/66\.7%<\/b><\/td><td>\[30\.0%, 90\.3%\]<\/td><td><span class="fail">/);
      expect(html).toContain(lang === 'zh' ? '应拒答题拒答率（9.4）' : 'Refusal rate, should-refuse (9.4)');
      // The SVG chart is inline.
      expect(html).toMatch(/<figure><svg/);
      // Hostile model output (t2 is a failing example) appears only as text.
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
      expect(html).toContain('&lt;a href=&quot;javascript:alert(2)&quot;&gt;');
      expect(html).not.toMatch(/<img[^>]*onerror/i);
      expect(html).not.toMatch(/<a [^>]*href="javascript:/i);
      expect(html.match(/<script/gi)).toBeNull();
      expect(html).toContain("default-src 'none'");
      // Bank gaps and the judge's prompt hashes are listed.
      expect(html).toContain(lang === 'zh' ? '总量 6，要求至少 2000' : 'bank size 6, needs at least 2000');
      expect(html).toContain('refusal/v2/zh');
    });

  it('PDF: printed by Chromium; page 1 rendered with pdftoppm is not blank', async () => {
    const pdf = (await renderSafetyReport(store, runId, 'pdf', 'zh')) as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(fx.dir, 'safety.pdf');
    writeFileSync(file, pdf);
    await exec('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, path.join(fx.dir, 'page1')]);
    const { width, height, grey } = pngGrey(readFileSync(path.join(fx.dir, 'page1.png')));
    expect(width).toBeGreaterThan(300);
    expect(height).toBeGreaterThan(400);
    // A blank page has variance 0; text and tables give a spread of grey levels.
    expect(variance(grey)).toBeGreaterThan(100);
    const dark = grey.filter((g) => g < 128).length / grey.length;
    expect(dark).toBeGreaterThan(0.005);
    const { stdout } = await exec('pdftotext', ['-f', '1', '-l', '1', file, '-']);
    expect(stdout).toContain('内容安全评估报告');
  }, 90_000);
});
