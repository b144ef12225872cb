// Per-group roll-ups: micro vs macro as each benchmark's reference does, the
// C-Eval Hard subset, and errors left out of every figure.
import { describe, expect, it } from 'vitest';
import { AVERAGING, buildGroups } from '../../src/report/groups.js';
import type { ResultRow } from '../../src/store/store.js';

const task = (benchmark: string, subject: string, group: string) => ({ id: `${benchmark}-${subject}`, tags: { benchmark, subject, group } });
function results(taskId: string, outcomes: string[], provider = 'p'): ResultRow[] {
  return outcomes.map((outcome, i) => ({ task_id: taskId, item_id: String(i), provider_id: provider, repeat: 0, outcome, score: outcome === 'correct' ? 1 : outcome === 'error' ? null : 0 }) as ResultRow);
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
    const g = buildGroups([{ id: 'faq', tags: { dimension: 'x' } }, { id: 'mine-a', tags: { benchmark: 'cmmlu', subject: 'a', group: 'G' } }], results('mine-a', ['correct']), ['p'], 0);
    expect(Object.keys(g)).toEqual(['mine']);
  });
});
