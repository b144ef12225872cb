// Per-subject and per-group figures the way each benchmark's own paper or
// reference code reports them, plus the CircularEval metric.
//
// Subject-split packs (MMLU, CMMLU, C-Eval, SafetyBench) run one task per
// subject, tagged `benchmark`, `subject` and `group` (and `groups` when the
// subject counts in several: CMMLU's China-specific ones); here their results
// are rolled up again. How a group averages its subjects follows the reference:
//  - micro: every item weighs the same (accuracy of the pooled items);
//  - macro: every subject weighs the same (mean of subject accuracies).
// docs/benchmarks.md#per-group-figures states the source of each choice.
//
// CircularEval tasks (tag `circular`, items `<id>#r<k>`, src/tasks/circular.ts)
// count one unit per original item and repeat: correct only when every
// rotation was answered correctly. An item with a rotation that was never
// scored (provider error, block, missing) is left out and counted apart.
import { GROUPS_SEPARATOR } from '../benchmarks/cmmlu-subjects.js';
import { createRng, meanInterval, percentileInterval } from '../stats/index.js';
import type { StoredResult } from '../store/store.js';

/** What the roll-ups read of a result. */
type ResultRow = Pick<StoredResult, 'task_id' | 'item_id' | 'provider_id' | 'repeat' | 'outcome' | 'score'>;
import { countsInScore } from '../scorers/outcome.js';
import { clusterSums, drawClusters, unitsOf, type Unit } from './units.js';

export type Averaging = 'micro' | 'macro';

export interface GroupRow {
  provider: string;
  kind: 'subject' | 'group' | 'subset' | 'overall';
  /** Subject name, group name, subset name, or "overall". */
  tag: string;
  /** Accuracy (mean score) by the benchmark's averaging; null when nothing was scored. */
  value: number | null;
  /** Scored units pooled (items, or whole items under CircularEval). */
  n: number;
  subjects: number;
  ci95: [number, number] | null;
  /** Group rows: the subjects with a scored unit that make up the group, by name. */
  members?: string[];
  /** wilson (pooled 0/1 units), bootstrap (pooled graded units), stratified-bootstrap (macro: resampled within each subject). */
  method: 'wilson' | 'bootstrap' | 'cluster-bootstrap' | 'stratified-bootstrap' | null;
}

export interface BenchmarkGroups {
  benchmark: string;
  averaging: Averaging;
  /** Whether units are CircularEval items (all rotations correct). */
  circular: boolean;
  rows: GroupRow[];
}

export interface CircularRow {
  task: string;
  provider: string;
  /** Share of original items whose every rotation was answered correctly. */
  value: number | null;
  /** Original items (× repeats) with every rotation scored. */
  n: number;
  /** Original items (× repeats) left out because a rotation has no score. */
  excluded: number;
  ci95: [number, number] | null;
  /** Accuracy over all rotations counted one by one (what the per-task table shows). */
  perRotation: number | null;
  method: 'wilson' | 'bootstrap' | 'cluster-bootstrap' | null;
}

/** How each benchmark's reference averages subjects into groups and overall. */
export const AVERAGING: Readonly<Record<string, Averaging>> = {
  // hendrycks/test evaluate.py concatenates per-subject correctness for each category and overall.
  mmlu: 'micro',
  // haonan-li/CMMLU src/mp_utils.py get_results: mean of subject accuracies per category and overall.
  cmmlu: 'macro',
  // C-Eval's leaderboard: category and average columns are means over subjects.
  ceval: 'macro',
  // SafetyBench reports per-category accuracy and their average over questions.
  safetybench: 'micro',
};

/** Named subsets reported next to the groups. */
export const SUBSETS: Readonly<Record<string, Record<string, readonly string[]>>> = {
  // C-Eval Hard (Huang et al. 2023, §2.4): 8 demanding STEM subjects.
  ceval: {
    hard: [
      'advanced_mathematics',
      'discrete_mathematics',
      'probability_and_statistics',
      'college_chemistry',
      'college_physics',
      'high_school_mathematics',
      'high_school_chemistry',
      'high_school_physics',
    ],
  },
};

export interface TaskInfo {
  id: string;
  tags: Record<string, string>;
}

const RESAMPLES = 2000;

export function circularRows(tasks: TaskInfo[], results: readonly ResultRow[], providers: string[]): CircularRow[] {
  const out: CircularRow[] = [];
  for (const task of tasks.filter((t) => t.tags.circular === 'true'))
    for (const provider of providers) {
      const rows = results.filter((r) => r.task_id === task.id && r.provider_id === provider);
      const { units, excluded } = unitsOf(task, rows);
      const interval = units.length
        ? meanInterval(
            units.map((u) => u.value),
            clusterOption(units),
          )
        : null;
      const scored = rows.filter(countsInScore);
      out.push({
        task: task.id,
        provider,
        value: interval ? interval.estimate : null,
        n: units.length,
        excluded,
        ci95: interval ? interval.ci95 : null,
        perRotation: scored.length ? scored.reduce((s, r) => s + (r.score ?? 0), 0) / scored.length : null,
        method: interval ? interval.method : null,
      });
    }
  return out;
}

/** The task-id prefix shared by a subject-split pack's tasks: `cmmlu-agronomy` → `cmmlu`. */
export function packKey(task: TaskInfo): string | undefined {
  const { subject } = task.tags;
  if (!subject || !task.tags.group || !task.tags.benchmark) return undefined;
  return task.id.endsWith(`-${subject}`) ? task.id.slice(0, -(subject.length + 1)) : task.tags.benchmark;
}

/** `groups[key]` for every subject-split pack in the run (key: the pack's task-id prefix). */
export function buildGroups(tasks: TaskInfo[], results: readonly ResultRow[], providers: string[], seed: number): Record<string, BenchmarkGroups> {
  const packs = new Map<string, TaskInfo[]>();
  for (const t of tasks) {
    const key = packKey(t);
    if (!key) continue;
    const list = packs.get(key);
    if (list) list.push(t);
    else packs.set(key, [t]);
  }
  const byTaskProvider = new Map<string, ResultRow[]>();
  for (const r of results) {
    const k = `${r.task_id}\u0000${r.provider_id}`;
    const list = byTaskProvider.get(k);
    if (list) list.push(r);
    else byTaskProvider.set(k, [r]);
  }
  const out: Record<string, BenchmarkGroups> = {};
  for (const [key, packTasks] of packs) {
    const benchmark = packTasks[0].tags.benchmark;
    const averaging = AVERAGING[benchmark] ?? 'micro';
    const circular = packTasks.every((t) => t.tags.circular === 'true');
    const rows: GroupRow[] = [];
    for (const provider of providers) {
      const subjects = packTasks
        .map((t) => ({ subject: t.tags.subject, groups: t.tags.groups?.split(GROUPS_SEPARATOR) ?? [t.tags.group], units: unitsOf(t, byTaskProvider.get(`${t.id}\u0000${provider}`) ?? []).units }))
        .sort((a, b) => (a.subject < b.subject ? -1 : 1));
      const roll = (kind: GroupRow['kind'], tag: string, members: typeof subjects): GroupRow => ({
        provider,
        kind,
        tag,
        ...aggregate(
          members.map((m) => m.units),
          kind === 'subject' ? 'micro' : averaging,
          `${seed}:${key}:${provider}:${tag}`,
        ),
      });
      for (const s of subjects) rows.push(roll('subject', s.subject, [s]));
      // A subject counts in every group it belongs to (CMMLU: China specific and its sub-category's group).
      for (const group of [...new Set(subjects.flatMap((s) => s.groups))].sort()) {
        const members = subjects.filter((s) => s.groups.includes(group));
        rows.push({ ...roll('group', group, members), members: members.filter((m) => m.units.length > 0).map((m) => m.subject) });
      }
      for (const [name, members] of Object.entries(SUBSETS[benchmark] ?? {})) {
        const inSubset = subjects.filter((s) => members.includes(s.subject));
        if (inSubset.length) rows.push(roll('subset', name, inSubset));
      }
      rows.push(roll('overall', 'overall', subjects));
    }
    out[key] = { benchmark, averaging, circular, rows };
  }
  return out;
}

/** Clusters for meanInterval only when some item was answered more than once (else Wilson / plain bootstrap). */
function clusterOption(units: Unit[]): { clusters?: string[] } {
  const clusters = units.map((u) => u.cluster);
  return new Set(clusters).size < clusters.length ? { clusters } : {};
}

function aggregate(subjects: Unit[][], averaging: Averaging, seed: string): Omit<GroupRow, 'provider' | 'kind' | 'tag'> {
  const scored = subjects.filter((s) => s.length > 0);
  const n = scored.reduce((a, s) => a + s.length, 0);
  if (n === 0) return { value: null, n: 0, subjects: 0, ci95: null, method: null };
  if (averaging === 'micro' || scored.length === 1) {
    const units = scored.flat();
    const r = meanInterval(
      units.map((u) => u.value),
      { seed, ...clusterOption(units) },
    );
    return { value: r.estimate, n, subjects: scored.length, ci95: r.ci95, method: r.method };
  }
  // Macro: resample items (with all their repeats) within each subject
  // (subjects are fixed by design), average the subject means.
  const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const estimate = meanOf(scored.map((s) => meanOf(s.map((u) => u.value))));
  const perSubject = scored.map(clusterSums);
  const rng = createRng(seed);
  const replicates = new Float64Array(RESAMPLES);
  for (let b = 0; b < RESAMPLES; b++) {
    let total = 0;
    for (const subject of perSubject) {
      const [sum, count] = drawClusters(subject, rng);
      total += sum / count;
    }
    replicates[b] = total / perSubject.length;
  }
  return { value: estimate, n, subjects: scored.length, ci95: percentileInterval(replicates), method: 'stratified-bootstrap' };
}
