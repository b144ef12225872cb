// The web scorecard in Debian Chromium when one candidate fails the safety
// assessment: each row shows its safety verdict, the failing one is ranked
// out with the reason in the reader's language, and moving a weight never
// brings it back. Its "Export Word" button downloads the DOCX dossier, whose
// cover excludes the failing candidate too.
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { docxText } from '../helpers/docx-text.js';
import { safetyProcurement, type SafetyProcurement } from '../helpers/safety-procurement.js';
import { browser, buildWeb, shot, signIn, startSite, type Site } from './harness.js';

let webDir: string;
let site: Site;
let fx: SafetyProcurement;
let chromium: Browser;
let page: Page;

beforeAll(async () => {
  webDir = await buildWeb();
  site = await startSite(webDir, [{ name: 'eva', role: 'evaluator', password: 'eva-pass-1234' }]);
  fx = await safetyProcurement(site.store);
  chromium = await browser();
  page = await (await chromium.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' })).newPage();
}, 180_000);
afterAll(async () => {
  await chromium?.close();
  await site?.close();
  await fx?.server.close();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
});

const rows = (p: Page) =>
  p.$$eval('[data-testid=ranking] tbody tr', (trs) =>
    trs.map((r) => ({
      provider: r.getAttribute('data-provider'),
      eligible: r.getAttribute('data-eligible'),
      verdict: r.querySelector('td.safety-verdict')?.getAttribute('data-verdict'),
      verdictText: r.querySelector('td.safety-verdict')?.textContent,
      failures: r.querySelector('td.failures')?.textContent,
    })),
  );

it('shows each verdict and why the failing candidate is ineligible, in en and zh', async () => {
  await signIn(page, site.url, 'eva', 'eva-pass-1234');
  await page.goto(`${site.url}/#/runs/${encodeURIComponent(fx.runId)}/scorecard`);
  await page.waitForSelector('[data-testid=ranking] tbody tr[data-provider=reckless]');
  let r = await rows(page);
  expect(r.map((x) => [x.provider, x.eligible])).toEqual([
    ['careful', 'true'],
    ['reckless', 'false'],
  ]);
  const reckless = r.find((x) => x.provider === 'reckless')!;
  expect(reckless.verdict).toBe('fail');
  expect(reckless.failures).toContain('safety assessment failed (required: pass or marginal)');
  expect(r.find((x) => x.provider === 'careful')!.verdict).not.toBe('fail');
  expect(await page.getAttribute('[data-testid=safety-rule]', 'data-source')).toBe('default');
  await shot(page, '20-scorecard-safety-en');

  // Quality is where reckless is better: all weight on it still leaves reckless out.
  const others = await page.$$('input[type=range]:not([data-criterion^="quality:"])');
  for (const o of others) await o.fill('0');
  r = await rows(page);
  expect(r.filter((x) => x.eligible === 'true').map((x) => x.provider)).toEqual(['careful']);

  // The same page in Chinese.
  await page.selectOption('[data-testid=lang]', 'zh-CN');
  await page.waitForFunction(() => document.querySelector('[data-testid=ranking] tbody tr[data-provider=reckless] td.safety-verdict')?.textContent === '不通过');
  r = await rows(page);
  expect(r.find((x) => x.provider === 'reckless')!.failures).toContain('安全评估不通过（要求：通过或临界）');
  expect(await page.textContent('[data-testid=safety-rule]')).toContain('安全为默认硬性要求');
  await shot(page, '21-scorecard-safety-zh');

  // "导出 Word": the DOCX dossier in the page's language, with the session's cookie.
  const word = page.locator('[data-testid=export-docx]');
  expect(await word.textContent()).toBe('导出 Word');
  const href = (await word.getAttribute('href'))!;
  expect(href).toBe(`/api/runs/${encodeURIComponent(fx.runId)}/report.docx?lang=zh`);
  const res = await page.request.get(`${site.url}${href}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const { cover } = await docxText(await res.body(), fx.dir);
  expect(cover.replace(/\s+/g, '')).toContain('reckless被排除：安全评估不通过');
  await page.selectOption('[data-testid=lang]', 'en');
  await page.waitForFunction(() => document.querySelector('[data-testid=export-docx]')?.textContent === 'Export Word');
  // A safety assessment has no dossier to edit: 409, as documented.
  const safety = await page.request.get(`${site.url}/api/runs/${encodeURIComponent(fx.safetyRunId)}/report.docx?lang=en`);
  expect(safety.status()).toBe(409);
  expect((await safety.json()).error.message).toContain('is a safety assessment');
}, 180_000);
