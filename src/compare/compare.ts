// Paired comparisons of providers on one run: for each pair, the score
// difference with a paired (or clustered paired) bootstrap interval, McNemar's
// exact test when every score is pass/fail, and Holm's correction across all
// pairs so that "significant" keeps its meaning when many pairs are compared.
import { holm, mcnemarFromPairs, pairedBootstrap, type McNemarResult, type Seed } from '../stats/index.js';
import type { StoredResult } from '../store/store.js';
import { pairScores, type ClusterIndex } from './pairs.js';

/** Family-wise error rate for the `significant` flag. */
export const ALPHA = 0.05;

export interface PairComparison {
  a: string;
  b: string;
  /** Units compared: (task, item, repeat) where both providers have a scored outcome. */
  n: number;
  meanA: number | null;
  meanB: number | null;
  /** mean(a) − mean(b) over the compared units; null when n = 0. */
  difference: number | null;
  ci95: [number, number] | null;
  /** "clustered-paired-bootstrap" when items share a cluster or are repeated. */
  method: 'paired-bootstrap' | 'clustered-paired-bootstrap';
  bootstrapP: number | null;
  /** Only when every compared score is 0 or 1. */
  mcnemar: McNemarResult | null;
  /** The test p-value: McNemar's when available, else the bootstrap's. */
  pValue: number | null;
  /** Holm-adjusted across all pairs of this comparison. */
  pHolm: number | null;
  /** pHolm ≤ ALPHA. False reads "not significantly different". */
  significant: boolean;
  dropped: { total: number; reasons: Record<string, number> };
}

export interface CompareOptions {
  seed: Seed;
  /** Item clusters keyed by `task\0item` (see itemKey). */
  clusters?: ClusterIndex;
  resamples?: number;
}

/** Every unordered pair, in the given order: (p0,p1), (p0,p2), …, (p1,p2), … */
export function providerPairs(providers: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  providers.forEach((a, i) => providers.slice(i + 1).forEach((b) => pairs.push([a, b])));
  return pairs;
}

export function compareProviders(rows: readonly StoredResult[], providers: readonly string[], options: CompareOptions): PairComparison[] {
  const unadjusted = providerPairs(providers).map(([a, b]) => comparePair(rows, a, b, options));
  const tested = unadjusted.filter((c) => c.pValue !== null);
  const adjusted = holm(tested.map((c) => c.pValue!));
  tested.forEach((c, i) => {
    c.pHolm = adjusted[i];
    c.significant = adjusted[i] <= ALPHA;
  });
  return unadjusted;
}

function comparePair(rows: readonly StoredResult[], a: string, b: string, options: CompareOptions): PairComparison {
  const paired = pairScores(rows, a, b, options.clusters);
  const n = paired.a.length;
  const clustered = new Set(paired.clusters).size < n;
  const boot = n ? pairedBootstrap(paired.a, paired.b, { seed: options.seed, resamples: options.resamples, clusters: clustered ? paired.clusters : undefined }) : null;
  const binary = n > 0 && [...paired.a, ...paired.b].every((s) => s === 0 || s === 1);
  const mcnemar = binary
    ? mcnemarFromPairs(
        paired.a.map((s) => s === 1),
        paired.b.map((s) => s === 1),
      )
    : null;
  // Fields in reading order: the JSON output prints them this way.
  return {
    a,
    b,
    n,
    meanA: n ? average(paired.a) : null,
    meanB: n ? average(paired.b) : null,
    difference: boot ? boot.difference : null,
    ci95: boot ? boot.ci95 : null,
    method: clustered ? 'clustered-paired-bootstrap' : 'paired-bootstrap',
    bootstrapP: boot ? boot.pValue : null,
    mcnemar,
    pValue: mcnemar ? mcnemar.pValue : boot ? boot.pValue : null,
    pHolm: null,
    significant: false,
    dropped: { total: Object.values(paired.dropped).reduce((s, k) => s + k, 0), reasons: paired.dropped },
  };
}

const average = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
