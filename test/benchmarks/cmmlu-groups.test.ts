// CMMLU group figures end to end (pack → replay → store → report) against
// figures worked out by hand (fixtures/cmmlu-groups.ts): the overall figure is
// the mean of subject accuracies, each group the mean of its subjects', and
// a China-specific subject counts in China specific and in its sub-category's
// group, as haonan-li/CMMLU src/categories.py has it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { executeRun } from '../../src/runs/execute.js';
import { buildReport } from '../../src/report/model.js';
import { openStore } from '../../src/store/open.js';
import { testDb } from '../helpers/test-db.js';
import { writeCmmluGroupsFixture } from './fixtures/cmmlu-groups.js';

it('CMMLU: overall is the macro mean, groups average their subjects, China-specific subjects count in two groups', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-cmmlu-groups-'));
  const f = writeCmmluGroupsFixture(dir);
  // The fixture's hand-computed figures; micro and macro differ by more than 5 points for both providers.
  expect(f.expected).toEqual({ alpha: { micro: 9 / 22, macro: 1 / 2 }, beta: { micro: 13 / 22, macro: 11 / 28 } });
  const store = await openStore(await testDb(dir));
  try {
    const { runId } = await executeRun({ store, loaded: parseConfig(readFileSync(f.config, 'utf8'), f.config) });
    const run = (await store.getRun(runId))!;
    const m = await buildReport(store, run);
    expect(m.basis).toEqual({ kind: 'benchmark', benchmark: 'cmmlu', averaging: 'macro', subjects: 7 });
    expect(run.summary!.basis).toEqual(m.basis);
    const g = m.groups.cmmlu;
    expect(g).toMatchObject({ benchmark: 'cmmlu', averaging: 'macro', circular: false });
    const row = (provider: string, kind: string, tag: string) => g.rows.find((r) => r.provider === provider && r.kind === kind && r.tag === tag)!;

    for (const p of f.providers) {
      expect(Math.abs(f.expected[p].micro - f.expected[p].macro)).toBeGreaterThan(0.05);
      // The headline is CMMLU's official (macro) figure wherever it is shown: the report's overall row,
      // the groups' overall row and the run summary `heng runs` and the API read — never the pooled micro mean.
      expect(row(p, 'overall', 'overall')).toMatchObject({ n: 22, subjects: 7 });
      expect(row(p, 'overall', 'overall').value).toBeCloseTo(f.expected[p].macro, 12);
      expect(m.overall.find((c) => c.provider === p)!.score).toBeCloseTo(f.expected[p].macro, 12);
      expect(run.summary!.headline.find((h) => h.provider === p)!.score).toBeCloseTo(f.expected[p].macro, 12);
      expect(m.overall.find((c) => c.provider === p)!.ci95).toEqual(row(p, 'overall', 'overall').ci95);
    }

    // Group members as in the official table; a subject in two groups contributes to both.
    const members = {
      STEM: ['high_school_physics'],
      Humanities: ['chinese_history', 'philosophy'],
      'Social Science': ['ancient_chinese', 'marketing'],
      Other: ['agronomy', 'traditional_chinese_medicine'],
      'China specific': ['ancient_chinese', 'chinese_history', 'traditional_chinese_medicine'],
    };
    const items = { STEM: 2, Humanities: 4, 'Social Science': 10, Other: 6, 'China specific': 14 };
    // Means of the subjects' accuracies, by hand (alpha: agronomy 1/2, ancient_chinese 2/8, chinese_history 2/2,
    // high_school_physics 0/2, marketing 2/2, philosophy 1/2, traditional_chinese_medicine 1/4; beta: 0/2, 8/8, 0/2, 1/2, 1/2, 0/2, 3/4).
    const expected = {
      alpha: { STEM: 0, Humanities: 3 / 4, 'Social Science': 5 / 8, Other: 3 / 8, 'China specific': 1 / 2 },
      beta: { STEM: 1 / 2, Humanities: 0, 'Social Science': 3 / 4, Other: 3 / 8, 'China specific': 7 / 12 },
    };
    for (const p of f.providers) {
      const groups = g.rows.filter((r) => r.provider === p && r.kind === 'group');
      expect(groups.map((r) => r.tag)).toEqual(['China specific', 'Humanities', 'Other', 'STEM', 'Social Science']);
      for (const [group, subjects] of Object.entries(members)) {
        const r = row(p, 'group', group);
        expect(r.members).toEqual(subjects);
        expect([r.subjects, r.n]).toEqual([subjects.length, items[group as keyof typeof items]]);
        expect(r.value).toBeCloseTo(expected[p][group as keyof typeof members], 12);
      }
    }
  } finally {
    await store.close();
  }
});
