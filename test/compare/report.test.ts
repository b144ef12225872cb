// The report embeds the same comparisons: pooled over tasks, in JSON and HTML.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { compareRun } from '../../src/compare/run.js';
import { renderHtml } from '../../src/report/html.js';
import { buildReport } from '../../src/report/model.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { RUN_ID, standardPlan, writeRun } from './fixture.js';
import { testDb } from '../helpers/test-db.js';

let store: Store;
beforeEach(async () => (store = await openStore(await testDb())));
afterEach(() => store.close());

it('buildReport carries the pooled comparisons of all provider pairs', async () => {
  await writeRun(store, standardPlan());
  const run = (await store.getRun(RUN_ID))!;
  const report = await buildReport(store, run);
  const direct = await compareRun(store, run, { providers: ['a', 'b', 'c'] });
  expect(report.comparisons).toEqual(direct.comparisons);
  expect(report.comparisons.map((c) => `${c.a}-${c.b}`)).toEqual(['a-b', 'a-c', 'b-c']);
});

it('renders a comparisons table with verdicts in both languages', async () => {
  await writeRun(store, { a: Array.from({ length: 12 }, () => true), b: Array.from({ length: 12 }, (_, i) => i < 1) });
  const report = await buildReport(store, (await store.getRun(RUN_ID))!);
  const en = renderHtml(report, { lang: 'en' });
  const zh = renderHtml(report, { lang: 'zh' });
  expect(en).toContain('<section id="comparisons"><h2>Pairwise comparisons</h2>');
  // 11 discordant pairs all one way: p = 2/2¹¹ ≈ 0.000977.
  expect(en).toContain('<b>a better</b>');
  expect(en).toContain('<0.001'.replace('<', '&lt;'));
  expect(en).toContain('+91.7 pp');
  expect(zh).toContain('两两比较');
  expect(zh).toContain('a 更优');
});
