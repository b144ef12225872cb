// Comparisons of two providers on the same items. Pairing removes the
// between-item variance (some items are hard for everyone), so these tests
// are far more sensitive than comparing two independent means.
import { clusterMeanReplicates, groupIndices, percentileInterval, type BootstrapOptions } from './bootstrap.js';
import { binomialHalfCdf } from './binomial.js';
import { mean } from './describe.js';

export interface PairedDifference {
  /** mean(a) − mean(b). */
  difference: number;
  ci95: [number, number];
  /** Two-sided bootstrap p-value for "no difference". */
  pValue: number;
  n: number;
}

function checkPaired(a: readonly unknown[], b: readonly unknown[], what: string): void {
  if (a.length !== b.length) throw new RangeError(`${what}: paired samples differ in length (${a.length} vs ${b.length})`);
}

/**
 * Paired bootstrap of the mean score difference. Item indices (or whole
 * clusters, when `clusters` is given) are resampled with replacement and the
 * difference of means recomputed. The p-value is the share of resampled
 * differences at least as far from the observed one as the observed one is
 * from zero — the bootstrap distribution shifted to the null (Efron &
 * Tibshirani 1993, §16.4) — with the usual +1 so it is never exactly 0:
 *   p = (1 + #{ |d*_r − d| ≥ |d| }) / (R + 1).
 */
export function pairedBootstrap(a: readonly number[], b: readonly number[], options: BootstrapOptions & { clusters?: readonly string[] } = {}): PairedDifference {
  checkPaired(a, b, 'pairedBootstrap');
  const n = a.length;
  if (n === 0) return { difference: NaN, ci95: [NaN, NaN], pValue: NaN, n };
  const differences = a.map((v, i) => v - b[i]);
  const observed = mean(differences);
  if (options.clusters) checkPaired(a, options.clusters, 'pairedBootstrap clusters');
  const groups = options.clusters ? groupIndices(options.clusters) : differences.map((_, i) => [i]);
  const replicates = clusterMeanReplicates(differences, groups, options);
  // Guard the comparison against rounding noise in the resampled sums.
  const tolerance = 1e-12 * Math.max(1, Math.abs(observed));
  let extreme = 0;
  for (const d of replicates) if (Math.abs(d - observed) >= Math.abs(observed) - tolerance) extreme++;
  return { difference: observed, ci95: percentileInterval(replicates), pValue: (1 + extreme) / (replicates.length + 1), n };
}

export interface McNemarResult {
  /** Pairs where a passed and b failed. */
  b: number;
  /** Pairs where a failed and b passed. */
  c: number;
  /** Exact two-sided p-value. */
  pValue: number;
}

/**
 * McNemar's exact test: under "same accuracy" each discordant pair is a fair
 * coin, so b ~ Binomial(b + c, 1/2) and
 *   p = min(1, 2·P(X ≤ min(b, c))).
 * Concordant pairs carry no information about the difference.
 */
export function mcnemarExact(b: number, c: number): McNemarResult {
  for (const [name, v] of [
    ['b', b],
    ['c', c],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`mcnemarExact: ${name} must be a non-negative integer, got ${v}`);
  }
  const pValue = b + c === 0 ? 1 : Math.min(1, 2 * binomialHalfCdf(Math.min(b, c), b + c));
  return { b, c, pValue };
}

/** McNemar's exact test from paired pass/fail outcomes of the same items. */
export function mcnemarFromPairs(passA: readonly boolean[], passB: readonly boolean[]): McNemarResult {
  checkPaired(passA, passB, 'mcnemarFromPairs');
  let b = 0;
  let c = 0;
  passA.forEach((pass, i) => {
    if (pass && !passB[i]) b++;
    else if (!pass && passB[i]) c++;
  });
  return mcnemarExact(b, c);
}

/**
 * Holm–Bonferroni step-down adjustment (Holm 1979) for many comparisons.
 * Sort p ascending as p(1) ≤ … ≤ p(m); the adjusted value is
 *   p̃(j) = max over i ≤ j of min(1, (m − i + 1)·p(i)),
 * returned in the input order. Reject where p̃ ≤ α: this controls the
 * family-wise error rate at α, and is never less powerful than Bonferroni.
 */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const adjusted = new Array<number>(m);
  let runningMax = 0;
  order.forEach(([p, original], rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * p));
    adjusted[original] = runningMax;
  });
  return adjusted;
}

/**
 * Cluster-robust (CR1-style sandwich) standard error of a mean, for items
 * that come in G groups (several questions on one passage):
 *   SE = √( G/(G−1) · Σ_g ( Σ_{i∈g} (x_i − x̄) )² ) / n.
 * With one item per cluster this equals the ordinary s/√n. Needs G ≥ 2
 * (NaN otherwise: one cluster says nothing about between-cluster spread).
 */
export function clusteredStandardError(values: readonly number[], clusters: readonly string[]): number {
  checkPaired(values, clusters, 'clusteredStandardError');
  const n = values.length;
  const groups = groupIndices(clusters);
  const g = groups.length;
  if (g < 2) return NaN;
  const m = mean(values);
  let sumOfSquares = 0;
  for (const idx of groups) {
    let residual = 0;
    for (const i of idx) residual += values[i] - m;
    sumOfSquares += residual * residual;
  }
  return Math.sqrt((g / (g - 1)) * sumOfSquares) / n;
}

/** Clustered SE of mean(a) − mean(b) on the same items: the SE of the per-item differences. */
export function pairedClusteredStandardError(a: readonly number[], b: readonly number[], clusters: readonly string[]): number {
  checkPaired(a, b, 'pairedClusteredStandardError');
  return clusteredStandardError(
    a.map((v, i) => v - b[i]),
    clusters,
  );
}
