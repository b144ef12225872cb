// The web app's overview and scorecard of a rerun served partly from the
// response cache: the latency beside each cell says how many answers came
// from the cache and were not timed, in en and zh, and the scorecard's
// latency weight says the same. (The report and CLI surfaces:
// test/core/cached-latency.test.ts.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { executeRun } from '../../src/runs/execute.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { browser, buildWeb, shot, signIn, startSite, type Site } from './harness.js';

let webDir: string;
let site: Site;
let server: OpenAIServer;
let chromium: Browser;
let page: Page;
let runId: string;

beforeAll(async () => {
  webDir = await buildWeb();
  site = await startSite(webDir, [{ name: 'eva', role: 'evaluator', password: 'eva-pass-1234' }]);
  server = await startOpenAIServer({ answers: (body) => (String(body.messages.at(-1).content).includes('q1') ? '1' : '2') });
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-cache-web-'));
  const items = (ids: string[]) => ids.map((id, i) => JSON.stringify({ id, question: id, answer: String(i + 1) })).join('\n');
  const config = (data: string) => `providers: [{ id: a, type: openai-compatible, baseUrl: ${server.url}/v1, model: m, stream: false }]
tasks: [{ id: t, dataset: ${data}, prompt: { user: "{{question}}" }, scorers: [{ type: exact }] }]
`;
  writeFileSync(path.join(dir, 'first.jsonl'), items(['q1', 'q2', 'q3']));
  writeFileSync(path.join(dir, 'second.jsonl'), items(['q1', 'q2', 'q3', 'q4']));
  writeFileSync(path.join(dir, 'first.yaml'), config('first.jsonl'));
  writeFileSync(path.join(dir, 'second.yaml'), config('second.jsonl'));
  await executeRun({ store: site.store, loaded: loadConfig(path.join(dir, 'first.yaml')) });
  // The rerun: q1–q3 come from the cache, q4 is sent and timed.
  runId = (await executeRun({ store: site.store, loaded: loadConfig(path.join(dir, 'second.yaml')) })).runId;
  expect(server.requests).toHaveLength(4);
  chromium = await browser();
  page = await (await chromium.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' })).newPage();
}, 180_000);
afterAll(async () => {
  await chromium?.close();
  await site?.close();
  await server?.close();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
});

it('marks the latency of cached answers as untimed in the overview and the scorecard, in en and zh', async () => {
  await signIn(page, site.url, 'eva', 'eva-pass-1234');
  await page.goto(`${site.url}/#/runs/${encodeURIComponent(runId)}`);
  const cell = '[data-testid=overall] tr[data-provider=a] td[data-cached-answers]';
  await page.waitForSelector(cell);
  expect(await page.getAttribute(cell, 'data-cached-answers')).toBe('3');
  expect(await page.textContent(cell)).toContain('(3 from cache, not timed)');
  await shot(page, '30-overview-cached-en');
  await page.selectOption('[data-testid=lang]', 'zh-CN');
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('3 条来自缓存，未计时'), cell);

  await page.goto(`${site.url}/#/runs/${encodeURIComponent(runId)}/scorecard`);
  await page.waitForSelector('[data-cached-answers]');
  expect(await page.textContent('.sliders [data-cached-answers]')).toBe('来自缓存的回答不计时：a 3 条来自缓存，未计时');
  await page.selectOption('[data-testid=lang]', 'en');
  await page.waitForFunction(() => document.querySelector('.sliders [data-cached-answers]')?.textContent === 'cached answers are not timed: a 3 from cache, not timed');
}, 120_000);
