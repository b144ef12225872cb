import { describe, expect, it } from 'vitest';
import { bootstrap, bootstrapMean, clusterBootstrap, meanInterval, quantileReplicates, replicate } from '../../src/stats/bootstrap.js';
import { quantile } from '../../src/stats/describe.js';
import { createRng } from '../../src/stats/random.js';
import { wilson } from '../../src/stats/wilson.js';

const rng = createRng('fixture');
const scores = Array.from({ length: 200 }, () => Math.round(rng.next() * 100) / 100);

describe('percentile bootstrap', () => {
  it('is reproducible with a fixed seed and changes with another seed', () => {
    const a = bootstrapMean(scores, { seed: 11 });
    const b = bootstrapMean(scores, { seed: 11 });
    const c = bootstrapMean(scores, { seed: 12 });
    expect(a).toEqual(b);
    expect(c.ci95).not.toEqual(a.ci95);
    expect(c.estimate).toBe(a.estimate);
  });

  it('brackets the mean with a width close to the normal theory', () => {
    const { estimate, ci95 } = bootstrapMean(scores, { seed: 1 });
    expect(ci95[0]).toBeLessThan(estimate);
    expect(ci95[1]).toBeGreaterThan(estimate);
    const sd = Math.sqrt(scores.reduce((acc, v) => acc + (v - estimate) ** 2, 0) / (scores.length - 1));
    const normalWidth = 2 * 1.96 * (sd / Math.sqrt(scores.length));
    expect(ci95[1] - ci95[0]).toBeGreaterThan(0.85 * normalWidth);
    expect(ci95[1] - ci95[0]).toBeLessThan(1.15 * normalWidth);
  });

  it('bootstraps a generic statistic (the median) and agrees with the mean fast path', () => {
    const median = bootstrap(scores, (s) => quantile(s, 0.5), { seed: 2, resamples: 500 });
    expect(median.estimate).toBe(quantile(scores, 0.5));
    expect(median.ci95[0]).toBeLessThanOrEqual(median.estimate);
    const generic = bootstrap(scores, (s) => s.reduce((a, v) => a + v, 0) / s.length, { seed: 4 });
    const fast = bootstrapMean(scores, { seed: 4 });
    expect(generic.ci95[0]).toBeCloseTo(fast.ci95[0], 10);
    expect(generic.ci95[1]).toBeCloseTo(fast.ci95[1], 10);
  });

  it('widens the interval when items in a cluster move together', () => {
    // 20 passages of 10 questions each; all questions on a passage share one score.
    const clusterScores = Array.from({ length: 20 }, (_, g) => (g % 3 === 0 ? 0 : 1));
    const values = clusterScores.flatMap((v) => Array(10).fill(v));
    const clusters = clusterScores.flatMap((_, g) => Array(10).fill(`passage-${g}`));
    const naive = bootstrapMean(values, { seed: 5 });
    const clustered = clusterBootstrap(values, clusters, { seed: 5 });
    expect(clustered.estimate).toBe(naive.estimate);
    expect(clustered.ci95[1] - clustered.ci95[0]).toBeGreaterThan(2 * (naive.ci95[1] - naive.ci95[0]));
    expect(() => clusterBootstrap([1, 2], ['a'])).toThrow(RangeError);
  });
});

describe('meanInterval', () => {
  it('uses Wilson for 0/1 values', () => {
    const values = [1, 1, 0, 1, 0, 1, 1, 1, 0, 1];
    expect(meanInterval(values, { seed: 1 })).toEqual({ estimate: 0.7, ci95: wilson(7, 10), n: 10, method: 'wilson' });
    expect(() => meanInterval([0.5, 1], { binary: true })).toThrow(RangeError);
  });

  it('uses the bootstrap for graded scores and the cluster bootstrap for clustered items', () => {
    expect(meanInterval([0.2, 0.9, 0.5], { seed: 1 }).method).toBe('bootstrap');
    expect(meanInterval([1, 0, 1, 1], { seed: 1, clusters: ['a', 'a', 'b', 'b'] }).method).toBe('cluster-bootstrap');
    // A single cluster carries no between-cluster information: plain rules apply.
    expect(meanInterval([1, 0, 1, 1], { seed: 1, clusters: ['a', 'a', 'a', 'a'] }).method).toBe('wilson');
  });

  it('reports NaN, not a fake interval, for no data', () => {
    const empty = meanInterval([], { seed: 1 });
    expect(empty.n).toBe(0);
    expect(empty.estimate).toBeNaN();
  });
});

describe('quantile replicates (sorted once, resamples counted)', () => {
  // The plain way: draw a resample, sort it, take the quantile.
  const naive = (values: number[], q: number, seed: string) =>
    replicate({ seed, resamples: 300 }, (r) =>
      quantile(
        values.map(() => values[r.int(values.length)]),
        q,
      ),
    );
  const latency = Array.from({ length: 500 }, () => Math.round(200 + rng.next() * 3000));
  const ties = Array.from({ length: 97 }, (_, i) => [120, 120, 450, 900][i % 4]);

  it.each([
    ['latencies', latency],
    ['many ties', ties],
    ['one value', [42]],
    ['two values', [5, 1]],
  ])('equals the sort-every-resample replicates exactly: %s', (_, values) => {
    for (const q of [0, 0.5, 0.95, 0.99, 1]) expect(Array.from(quantileReplicates(values, q, { seed: `s${q}`, resamples: 300 }))).toEqual(Array.from(naive(values, q, `s${q}`)));
  });

  it('gives NaN replicates for no values', () => {
    expect(Array.from(quantileReplicates([], 0.95, { resamples: 3 }))).toEqual([NaN, NaN, NaN]);
  });
});
