// Percentile bootstrap confidence intervals (Efron 1979), always seeded so
// that a report can be regenerated exactly. `meanInterval` is the one entry
// point the engine calls for every mean it reports.
import { mean, quantileSorted } from './describe.js';
import { createRng, type Rng, type Seed } from './random.js';
import { wilson } from './wilson.js';

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 0;

export interface Interval {
  estimate: number;
  ci95: [number, number];
}

export interface BootstrapOptions {
  /** Default 0: results are deterministic even when no seed is given. */
  seed?: Seed;
  /** Default 2,000. */
  resamples?: number;
}

/** A statistic of a resample. The array is reused between calls: do not keep it. */
export type Statistic = (sample: readonly number[]) => number;

const NO_INTERVAL: Interval = { estimate: NaN, ci95: [NaN, NaN] };

function resampleCount(options: BootstrapOptions): number {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`bootstrap: resamples must be a positive integer, got ${resamples}`);
  return resamples;
}

/** The 2.5th and 97.5th percentiles of the bootstrap distribution. */
export function percentileInterval(replicates: Float64Array): [number, number] {
  const sorted = replicates.slice().sort();
  return [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
}

/**
 * Item-weighted means of `values` over clusters drawn with replacement:
 * each cluster's sum is taken once, so a replicate costs one draw per cluster.
 */
export function clusterMeanReplicates(values: readonly number[], groups: readonly number[][], options: BootstrapOptions): Float64Array {
  const sums = groups.map((idx) => idx.reduce((acc, i) => acc + values[i], 0));
  const sizes = groups.map((idx) => idx.length);
  const g = groups.length;
  return replicate(options, (rng) => {
    let total = 0;
    let count = 0;
    for (let k = 0; k < g; k++) {
      const pick = rng.int(g);
      total += sums[pick];
      count += sizes[pick];
    }
    return total / count;
  });
}

/**
 * The q-quantile (describe.ts `quantile`) of each resample of `values`, without
 * sorting a resample: the values are sorted once, a resample is counted per
 * sorted position, and the two order statistics the quantile interpolates are
 * found by walking the counts. O(n) per resample instead of O(n log n), with
 * the same draws in the same order, so the replicates equal those of
 * `replicate(o, rng => quantile(values.map(() => values[rng.int(n)]), q))`.
 */
export function quantileReplicates(values: readonly number[], q: number, options: BootstrapOptions): Float64Array {
  const n = values.length;
  if (n === 0) return replicate(options, () => NaN);
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
  const sorted = Float64Array.from(order, (i) => values[i]);
  const rank = new Uint32Array(n);
  for (let pos = 0; pos < n; pos++) rank[order[pos]] = pos;
  const counts = new Uint32Array(n);
  const h = (n - 1) * q;
  const lower = Math.floor(h);
  const upper = Math.min(lower + 1, n - 1);
  return replicate(options, (rng) => {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[rank[rng.int(n)]]++;
    // The resample's order statistics at `lower` and `upper`.
    let seen = 0;
    let pos = 0;
    while (seen + counts[pos] <= lower) seen += counts[pos++];
    const lo = sorted[pos];
    while (seen + counts[pos] <= upper) seen += counts[pos++];
    return lo + (h - lower) * (sorted[pos] - lo);
  });
}

/** Runs `replicate(rng)` `resamples` times with one seeded generator. */
export function replicate(options: BootstrapOptions, draw: (rng: Rng) => number): Float64Array {
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  const out = new Float64Array(resampleCount(options));
  for (let r = 0; r < out.length; r++) out[r] = draw(rng);
  return out;
}

/** Percentile bootstrap of any statistic: resample the values with replacement. */
export function bootstrap(values: readonly number[], statistic: Statistic, options: BootstrapOptions = {}): Interval {
  const n = values.length;
  if (n === 0) return NO_INTERVAL;
  const sample = new Array<number>(n);
  const replicates = replicate(options, (rng) => {
    for (let i = 0; i < n; i++) sample[i] = values[rng.int(n)];
    return statistic(sample);
  });
  return { estimate: statistic(values), ci95: percentileInterval(replicates) };
}

/** Percentile bootstrap of the mean (no per-resample allocation). */
export function bootstrapMean(values: readonly number[], options: BootstrapOptions = {}): Interval {
  const n = values.length;
  if (n === 0) return NO_INTERVAL;
  const replicates = replicate(options, (rng) => {
    let total = 0;
    for (let i = 0; i < n; i++) total += values[rng.int(n)];
    return total / n;
  });
  return { estimate: mean(values), ci95: percentileInterval(replicates) };
}

/** Groups value indices by cluster id, in order of first appearance. */
export function groupIndices(clusters: readonly string[]): number[][] {
  const groups = new Map<string, number[]>();
  clusters.forEach((id, i) => {
    const group = groups.get(id);
    if (group) group.push(i);
    else groups.set(id, [i]);
  });
  return [...groups.values()];
}

function checkClusters(values: readonly unknown[], clusters: readonly string[]): void {
  if (clusters.length !== values.length) {
    throw new RangeError(`cluster bootstrap: ${values.length} values but ${clusters.length} cluster ids`);
  }
}

/**
 * Cluster bootstrap: items that share a cluster (a passage, a dialogue) are
 * not independent, so whole clusters are resampled with replacement and the
 * statistic is computed on the pooled items of the drawn clusters. With the
 * default statistic (the mean) this is the item-weighted mean.
 */
export function clusterBootstrap(values: readonly number[], clusters: readonly string[], options: BootstrapOptions & { statistic?: Statistic } = {}): Interval {
  checkClusters(values, clusters);
  if (values.length === 0) return NO_INTERVAL;
  const groups = groupIndices(clusters);
  const g = groups.length;
  const { statistic } = options;
  if (!statistic) {
    // Mean fast path: pre-sum each cluster once.
    return { estimate: mean(values), ci95: percentileInterval(clusterMeanReplicates(values, groups, options)) };
  }
  const sample: number[] = [];
  const replicates = replicate(options, (rng) => {
    sample.length = 0;
    for (let k = 0; k < g; k++) for (const i of groups[rng.int(g)]) sample.push(values[i]);
    return statistic(sample);
  });
  return { estimate: statistic(values), ci95: percentileInterval(replicates) };
}

export interface MeanIntervalOptions extends BootstrapOptions {
  /** Values are 0/1. Default: detected (every value is 0 or 1). */
  binary?: boolean;
  /** One cluster id per value; switches to the cluster bootstrap. */
  clusters?: readonly string[];
}

export type IntervalMethod = 'wilson' | 'bootstrap' | 'cluster-bootstrap';

/**
 * The interval the engine reports for every mean:
 *  - clusters given (and more than one distinct id)  → cluster bootstrap;
 *  - binary values (0/1)                             → Wilson score interval;
 *  - otherwise                                       → percentile bootstrap.
 * Wilson is exact enough and needs no resampling; but it assumes independent
 * items, which is why clustered data always goes to the cluster bootstrap.
 */
export function meanInterval(values: readonly number[], options: MeanIntervalOptions = {}): Interval & { n: number; method: IntervalMethod } {
  const n = values.length;
  const { clusters } = options;
  if (clusters) checkClusters(values, clusters);
  if (clusters && new Set(clusters).size > 1) {
    return { ...clusterBootstrap(values, clusters, options), n, method: 'cluster-bootstrap' };
  }
  const isZeroOne = values.every((v) => v === 0 || v === 1);
  if (options.binary && !isZeroOne) throw new RangeError('meanInterval: binary was set but some values are not 0 or 1');
  if (options.binary ?? isZeroOne) {
    if (n === 0) return { ...NO_INTERVAL, n, method: 'wilson' };
    const successes = values.reduce((acc, v) => acc + v, 0);
    return { estimate: successes / n, ci95: wilson(successes, n), n, method: 'wilson' };
  }
  return { ...bootstrapMean(values, options), n, method: 'bootstrap' };
}
