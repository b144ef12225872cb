// Per-group roll-ups: micro vs macro as each benchmark's reference does, the
// C-Eval Hard subset, and errors left out of every figure.
import { describe, expect, it } from 'vitest';
import { AVERAGING, buildGroups } from '../../src/summary/groups.js';
import { wilson } from '../../src/stats/index.js';
import type { StoredResult } from '../../src/store/store.js';
import { CEVAL_CATEGORIES, CEVAL_SUBJECTS, type CevalCategory } from '../../src/benchmarks/ceval-subjects.js';

const task = (benchmark: string, subject: string, group: string) => ({ id: `${benchmark}-${subject}`, tags: { benchmark, subject, group } });
function results(taskId: string, outcomes: string[], provider = 'p'): StoredResult[] {
  return outcomes.map(
    (outcome, i) => ({ task_id: taskId, item_id: String(i), provider_id: provider, repeat: 0, outcome, score: outcome === 'correct' ? 1 : outcome === 'error' ? null : 0 }) as StoredResult,
  );
}

describe('buildGroups', () => {
  it('CMMLU averages subject accuracies (macro), MMLU pools items (micro)', () => {
    expect([AVERAGING.cmmlu, AVERAGING.ceval, AVERAGING.mmlu]).toEqual(['macro', 'macro', 'micro']);
    // Subject a: 1/1 correct; subject b: 1/4 correct; both in group G.
    const mk = (bench: string) => {
      const tasks = [task(bench, 'a', 'G'), task(bench, 'b', 'G')];
      const rows = [...results(`${bench}-a`, ['correct']), ...results(`${bench}-b`, ['correct', 'wrong', 'wrong', 'unparseable'])];
      return buildGroups(tasks, rows, ['p'], 42)[bench];
    };
    const macro = mk('cmmlu').rows.find((r) => r.kind === 'group')!;
    expect(macro).toMatchObject({ value: (1 + 0.25) / 2, n: 5, subjects: 2, method: 'stratified-bootstrap' });
    expect(macro.ci95![0]).toBeLessThanOrEqual(macro.value!);
    expect(macro.ci95![1]).toBeGreaterThanOrEqual(macro.value!);
    const micro = mk('mmlu').rows.find((r) => r.kind === 'group')!;
    expect(micro).toMatchObject({ value: 2 / 5, n: 5, method: 'wilson' });
    // Same seed, same interval: reports regenerate exactly.
    expect(mk('cmmlu').rows.find((r) => r.kind === 'group')!.ci95).toEqual(macro.ci95);
  });

  it('C-Eval reports the Hard subset; errors count in no figure', () => {
    const tasks = [task('ceval', 'college_physics', 'STEM'), task('ceval', 'law', 'Humanities')];
    const rows = [...results('ceval-college_physics', ['correct', 'error', 'wrong']), ...results('ceval-law', ['correct', 'correct'])];
    const g = buildGroups(tasks, rows, ['p'], 1).ceval;
    const find = (kind: string, tag: string) => g.rows.find((r) => r.kind === kind && r.tag === tag)!;
    expect(find('subset', 'hard')).toMatchObject({ value: 0.5, n: 2, subjects: 1 });
    expect(find('subject', 'college_physics')).toMatchObject({ value: 0.5, n: 2 });
    expect(find('overall', 'overall')).toMatchObject({ value: (0.5 + 1) / 2, n: 4, subjects: 2 });
  });

  it('ignores tasks without subject and group tags, and keys packs by their task-id prefix', () => {
    const g = buildGroups(
      [
        { id: 'faq', tags: { dimension: 'x' } },
        { id: 'mine-a', tags: { benchmark: 'cmmlu', subject: 'a', group: 'G' } },
      ],
      results('mine-a', ['correct']),
      ['p'],
      0,
    );
    expect(Object.keys(g)).toEqual(['mine']);
  });

  it('C-Eval: the overall figure is the mean of the 52 subject accuracies, as the C-Eval leaderboard computes it', () => {
    // The C-Eval README's initial leaderboard gives per-category accuracies and an Average. With 20 STEM,
    // 10 Social Science, 11 Humanities and 11 Other subjects, the mean over subjects reproduces the
    // Average (GPT-4 68.7, Claude-v1.3 54.2, MiniMax 49.0); the mean over the four categories would not
    // (GPT-4: 69.25). Each subject here gets its category's published accuracy (1,000 questions each).
    const count = (c: string) => Object.values(CEVAL_SUBJECTS).filter((s) => s.group === c).length;
    expect(CEVAL_CATEGORIES.map(count)).toEqual([20, 10, 11, 11]);
    const leaderboard: Array<[string, number[], number]> = [
      ['GPT-4', [67.1, 77.6, 64.5, 67.8], 68.7],
      ['Claude-v1.3', [51.9, 61.7, 52.1, 53.7], 54.2],
      ['MiniMax', [40.6, 60.3, 56.6, 46.6], 49.0],
    ];
    const tasks = Object.entries(CEVAL_SUBJECTS).map(([subject, info]) => task('ceval', subject, info.group));
    const rows = leaderboard.flatMap(([model, byCategory]) =>
      tasks.flatMap((t) => {
        const right = Math.round(byCategory[CEVAL_CATEGORIES.indexOf(t.tags.group as CevalCategory)] * 10);
        return results(
          t.id,
          Array.from({ length: 1000 }, (_, i) => (i < right ? 'correct' : 'wrong')),
          model,
        );
      }),
    );
    const g = buildGroups(
      tasks,
      rows,
      leaderboard.map(([m]) => m),
      3,
    ).ceval;
    for (const [model, byCategory, average] of leaderboard) {
      const overall = g.rows.find((r) => r.provider === model && r.kind === 'overall')!;
      expect(overall.subjects).toBe(52);
      expect(Math.round(overall.value! * 1000) / 10).toBe(average);
      CEVAL_CATEGORIES.forEach((c, i) => expect(g.rows.find((r) => r.provider === model && r.kind === 'group' && r.tag === c)!.value).toBeCloseTo(byCategory[i] / 100, 9));
    }
  });

  it('repeats of an item are resampled together, micro and macro alike', () => {
    // 10 items × 3 repeats, items 0–4 always right: 30 answers, but only 10 independent items.
    const repeated = (taskId: string): StoredResult[] =>
      Array.from(
        { length: 30 },
        (_, k) => ({ task_id: taskId, item_id: String(k % 10), provider_id: 'p', repeat: Math.floor(k / 10), outcome: k % 10 < 5 ? 'correct' : 'wrong', score: k % 10 < 5 ? 1 : 0 }) as StoredResult,
      );
    const naive = wilson(15, 30);
    const micro = buildGroups([task('mmlu', 'a', 'G')], repeated('mmlu-a'), ['p'], 5).mmlu.rows.find((r) => r.kind === 'overall')!;
    expect(micro).toMatchObject({ value: 0.5, n: 30, method: 'cluster-bootstrap' });
    expect(micro.ci95![1] - micro.ci95![0]).toBeGreaterThan(naive[1] - naive[0]);
    const tasks = [task('cmmlu', 'a', 'G'), task('cmmlu', 'b', 'G')];
    const macro = buildGroups(tasks, [...repeated('cmmlu-a'), ...repeated('cmmlu-b')], ['p'], 5).cmmlu.rows.find((r) => r.kind === 'overall')!;
    const once = buildGroups(
      tasks,
      [...repeated('cmmlu-a'), ...repeated('cmmlu-b')].filter((r) => r.repeat === 0),
      ['p'],
      5,
    ).cmmlu.rows.find((r) => r.kind === 'overall')!;
    // Three identical repeats add no information: the interval is that of the ten items answered once.
    expect(macro).toMatchObject({ value: 0.5, n: 60, method: 'stratified-bootstrap' });
    expect(macro.ci95).toEqual(once.ci95);
  });
});
