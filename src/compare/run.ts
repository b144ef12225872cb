// Comparisons read from the store: what `heng compare` prints and what the
// report model embeds.
import type { StoredResult, Run, Store } from '../store/store.js';
import { ALPHA, compareProviders, type PairComparison } from './compare.js';
import { itemKey, type ClusterIndex } from './pairs.js';

export interface RunComparison {
  runId: string;
  /** The run's seed, which seeds every bootstrap. */
  seed: number;
  /** The task compared, or null for all tasks pooled. */
  task: string | null;
  providers: string[];
  alpha: number;
  comparisons: PairComparison[];
}

/** The run's seed as the report uses it (run options, default 42). */
export function runSeed(run: Run): number {
  return run.options.seed;
}

export function clusterIndex(items: ReadonlyArray<{ taskId: string; itemId: string; cluster: string | null }>): ClusterIndex {
  const index = new Map<string, string>();
  for (const it of items) if (it.cluster !== null && it.cluster !== '') index.set(itemKey(it.taskId, it.itemId), it.cluster);
  return index;
}

export async function compareRun(store: Store, run: Run, opts: { providers: string[]; task?: string; results?: StoredResult[]; resamples?: number }): Promise<RunComparison> {
  const [results, items] = await Promise.all([opts.results ?? store.results(run.id), store.clusteredItems(run.id)]);
  const rows = opts.task === undefined ? results : results.filter((r) => r.task_id === opts.task);
  const seed = runSeed(run);
  return {
    runId: run.id,
    seed,
    task: opts.task ?? null,
    providers: opts.providers,
    alpha: ALPHA,
    comparisons: compareProviders(rows, opts.providers, { seed, clusters: clusterIndex(items), resamples: opts.resamples }),
  };
}
