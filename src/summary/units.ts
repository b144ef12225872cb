// What resampling works on: a task's scored units and the clusters that
// stay together. Shared by the benchmark roll-ups (groups.ts) and the
// run's figures (figures.ts), so both resample the same units.
import { itemKey, type ClusterIndex } from '../compare/pairs.js';
import type { Rng } from '../stats/index.js';
import { countsInScore, SCORED } from '../scorers/outcome.js';
import { circularOrigin } from '../tasks/circular.js';

/** What units need of a result. */
export interface UnitRow {
  item_id: string;
  repeat: number;
  outcome: string;
  score: number | null;
}

export interface Unit {
  value: number;
  /** What resampling keeps together, scoped to the task: the item's `cluster`, else the item (its repeats). */
  cluster: string;
}

/**
 * A task's scored units: answers, or under CircularEval (tag `circular`) one
 * unit per original item and repeat, right only when every rotation is. An
 * item with a rotation that was never scored is left out and counted.
 */
export function unitsOf(task: { id: string; tags: Record<string, string> }, rows: readonly UnitRow[], clusters: ClusterIndex = new Map()): { units: Unit[]; excluded: number } {
  const clusterOf = (item: string) => `${task.id}\u0000${clusters.get(itemKey(task.id, item)) ?? item}`;
  if (task.tags.circular !== 'true') return { units: rows.filter(countsInScore).map((r) => ({ value: r.score ?? 0, cluster: clusterOf(r.item_id) })), excluded: 0 };
  const byItem = new Map<string, UnitRow[]>();
  for (const r of rows) {
    const key = `${circularOrigin(r.item_id) ?? r.item_id}\u0000${r.repeat}`;
    const list = byItem.get(key);
    if (list) list.push(r);
    else byItem.set(key, [r]);
  }
  const units: Unit[] = [];
  let excluded = 0;
  for (const [key, list] of byItem) {
    if (list.some((r) => !SCORED.has(r.outcome))) excluded++;
    else units.push({ value: list.every((r) => r.outcome === 'correct') ? 1 : 0, cluster: clusterOf(key.split('\u0000')[0]) });
  }
  return { units, excluded };
}

/** Per cluster: the sum and count of its units, in order of first appearance. */
export function clusterSums(units: readonly Unit[]): { sums: number[]; counts: number[] } {
  const index = new Map<string, number>();
  const sums: number[] = [];
  const counts: number[] = [];
  for (const u of units) {
    let i = index.get(u.cluster);
    if (i === undefined) {
      index.set(u.cluster, (i = sums.length));
      sums.push(0);
      counts.push(0);
    }
    sums[i] += u.value;
    counts[i]++;
  }
  return { sums, counts };
}

/** One resample of a task's clusters with replacement: [sum of values, number of units]. */
export function drawClusters(s: { sums: number[]; counts: number[] }, rng: Rng): [number, number] {
  const k = s.sums.length;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < k; i++) {
    const pick = rng.int(k);
    sum += s.sums[pick];
    count += s.counts[pick];
  }
  return [sum, count];
}
