// Lines up two providers' results on the same units of work. A unit is
// (task, item, repeat); it is compared only when both providers have a scored
// outcome there, since an error or a vendor block says nothing about quality.
import { countsInScore } from '../scorers/outcome.js';
import type { StoredResult } from '../store/store.js';

/** Two providers' scores on the units both answered, index-aligned. */
export interface PairedScores {
  a: number[];
  b: number[];
  /** Resampling unit of each pair: the item's cluster, else the item itself (repeats stay together). */
  clusters: string[];
  /** Dropped units by reason, e.g. "qwen: error" or "glm: no result". */
  dropped: Record<string, number>;
}

/** Cluster ids keyed by `task\0item`; items without a cluster are absent. */
export type ClusterIndex = ReadonlyMap<string, string>;

export const itemKey = (task: string, item: string) => `${task}\u0000${item}`;

export function pairScores(rows: readonly StoredResult[], providerA: string, providerB: string, clusterOf: ClusterIndex = new Map()): PairedScores {
  const unitKey = (r: StoredResult) => `${r.task_id}\u0000${r.item_id}\u0000${r.repeat}`;
  const byUnit = new Map<string, { task: string; item: string; a?: StoredResult; b?: StoredResult }>();
  for (const r of rows) {
    if (r.provider_id !== providerA && r.provider_id !== providerB) continue;
    const key = unitKey(r);
    let unit = byUnit.get(key);
    if (!unit) byUnit.set(key, (unit = { task: r.task_id, item: r.item_id }));
    if (r.provider_id === providerA) unit.a = r;
    else unit.b = r;
  }
  const out: PairedScores = { a: [], b: [], clusters: [], dropped: {} };
  // Sorted so the bootstrap sees the same order whatever order the store returned.
  for (const key of [...byUnit.keys()].sort()) {
    const unit = byUnit.get(key)!;
    const reasons = [problem(providerA, unit.a), problem(providerB, unit.b)].filter((x): x is string => x !== null);
    if (reasons.length) {
      const reason = reasons.join('; ');
      out.dropped[reason] = (out.dropped[reason] ?? 0) + 1;
      continue;
    }
    const key2 = itemKey(unit.task, unit.item);
    out.a.push(unit.a!.score ?? 0);
    out.b.push(unit.b!.score ?? 0);
    const cluster = clusterOf.get(key2);
    out.clusters.push(cluster === undefined ? `item\u0000${key2}` : `cluster\u0000${unit.task}\u0000${cluster}`);
  }
  return out;
}

function problem(provider: string, row: StoredResult | undefined): string | null {
  if (!row) return `${provider}: no result`;
  if (countsInScore(row)) return null;
  return row.outcome === 'unparseable' ? `${provider}: unrated judgment` : `${provider}: ${row.outcome}`;
}
