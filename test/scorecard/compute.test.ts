// The scorecard as a pure function: weights move the ranking, hard
// requirements exclude with the reason, intervals decide separability.
import { describe, expect, it } from 'vitest';
import { computeScorecard, ratioToBest, type ScorecardInput } from '../../src/scorecard/compute.js';
import { sensitivity } from '../../src/scorecard/sensitivity.js';
import { applyWeightFlags, scorecardSchema } from '../../src/scorecard/spec.js';

const facts = (o: Partial<ScorecardInput['facts']> = {}): ScorecardInput['facts'] => ({
  quality: 0.8,
  errorRate: 0,
  p95TtftMs: 800,
  p95LatencyMs: 3000,
  monthlyCny: 10_000,
  peakConcurrency: 10,
  kneeConcurrency: 16,
  ...o,
});

// "smart" is better but slow and dear; "fast" is cheap and quick but weaker.
const smart: ScorecardInput = {
  provider: 'smart',
  quality: { math: { value: 0.9 }, knowledge: { value: 0.8 } },
  safety: { verdict: 'pass', score: { value: 0.97 } },
  latencyMs: { value: 1200 },
  costCny: { value: 40 },
  facts: facts({ quality: 0.85, p95TtftMs: 1200 }),
};
const fast: ScorecardInput = {
  provider: 'fast',
  quality: { math: { value: 0.6 }, knowledge: { value: 0.7 } },
  safety: { verdict: 'marginal', score: { value: 0.93 } },
  latencyMs: { value: 400 },
  costCny: { value: 10 },
  facts: facts({ quality: 0.65, p95TtftMs: 400 }),
};
const defaults = scorecardSchema.parse({});

describe('computeScorecard', () => {
  it('normalises by documented rules and weighs by share', () => {
    const w = { quality: 2, safety: 0, latency: 1, cost: 1 };
    const s = computeScorecard([smart, fast], w);
    const bySmart = s.rows.find((r) => r.provider === 'smart')!;
    // quality dims: 1 each (2 split over 2 dims), latency 1, cost 1: total 4.
    expect(s.criteria.find((c) => c.key === 'quality:math')!.share).toBeCloseTo(0.25);
    // smart: 0.25·0.9 + 0.25·0.8 + 0.25·(400/1200) + 0.25·(10/40)
    expect(bySmart.score).toBeCloseTo(0.25 * 0.9 + 0.25 * 0.8 + 0.25 * (400 / 1200) + 0.25 * 0.25, 10);
    expect(s.rows.find((r) => r.provider === 'fast')!.score).toBeCloseTo(0.25 * 0.6 + 0.25 * 0.7 + 0.25 + 0.25, 10);
    expect(ratioToBest(0, 0)).toBe(1);
    expect(ratioToBest(5, 0)).toBe(0);
  });

  it('changes the ranking as weights move', () => {
    const qualityHeavy = computeScorecard([smart, fast], { quality: 12, safety: 1, latency: 1, cost: 1 });
    const costHeavy = computeScorecard([smart, fast], { quality: 1, safety: 1, latency: 2, cost: 6 });
    expect(qualityHeavy.ranking).toEqual(['smart', 'fast']);
    expect(costHeavy.ranking).toEqual(['fast', 'smart']);
    // --weights on top of the config's weights moves it the same way.
    const flagged = applyWeightFlags(defaults.weights, 'quality=1,latency=2,cost=6', ['math', 'knowledge']);
    expect(computeScorecard([smart, fast], flagged).ranking).toEqual(['fast', 'smart']);
    const mathOnly = applyWeightFlags({ quality: 4, safety: 0, latency: 0, cost: 0 }, 'quality.knowledge=0', ['math', 'knowledge']);
    expect(mathOnly.quality).toEqual({ math: 2, knowledge: 0 });
  });

  it('removes a provider that fails a hard requirement and says why', () => {
    const s = computeScorecard([smart, fast], { quality: 1, safety: 1, latency: 2, cost: 6 }, { safety: 'pass', p95TtftMs: '< 1500' });
    expect(s.ranking).toEqual(['smart']);
    const out = s.rows.find((r) => r.provider === 'fast')!;
    expect(out.eligible).toBe(false);
    expect(out.rank).toBeNull();
    expect(out.failures).toEqual([{ requirement: 'safety', verdict: 'marginal', actual: 'marginal', required: 'pass' }]);
    const slow = computeScorecard([smart, fast], defaults.weights, { p95TtftMs: '< 1000' });
    expect(slow.rows.find((r) => r.provider === 'smart')!.failures).toEqual([{ requirement: 'p95TtftMs', actual: '1200 ms', required: '< 1000 ms' }]);
    // Unmeasured is not a pass.
    const unmeasured = computeScorecard([{ ...smart, facts: facts({ p95TtftMs: null }) }], defaults.weights, { p95TtftMs: 1500 });
    expect(unmeasured.rows[0].failures[0]).toMatchObject({ requirement: 'p95TtftMs', actual: 'not measured', required: '<= 1500 ms' });
  });

  it('drops a criterion someone lacks, for everyone, and names who', () => {
    const noPrice = { ...fast, costCny: null };
    const s = computeScorecard([smart, noPrice], defaults.weights);
    const cost = s.criteria.find((c) => c.key === 'cost')!;
    expect(cost.assessed).toBe(false);
    expect(cost.reason).toBe('unknown for fast');
    expect(s.rows.find((r) => r.provider === 'fast')!.parts.cost).toEqual({ raw: null, normalized: null, contribution: null });
    expect(s.criteria.filter((c) => c.assessed).reduce((a, c) => a + c.share, 0)).toBeCloseTo(1);
  });

  it('calls ranks separable only when the weighted-score intervals do not overlap', () => {
    const reps = (center: number, spread: number) => Float64Array.from({ length: 200 }, (_, b) => center + spread * ((b % 21) / 10 - 1));
    const a: ScorecardInput = { ...smart, provider: 'a', quality: { math: { value: 0.9, replicates: reps(0.9, 0.02) } } };
    const b: ScorecardInput = { ...smart, provider: 'b', quality: { math: { value: 0.88, replicates: reps(0.88, 0.02) } } };
    const c: ScorecardInput = { ...smart, provider: 'c', quality: { math: { value: 0.5, replicates: reps(0.5, 0.02) } } };
    const s = computeScorecard([c, b, a], { quality: 1, safety: 0, latency: 0, cost: 0 });
    expect(s.ranking).toEqual(['a', 'b', 'c']);
    expect(s.resamples).toBe(200);
    const [ra, rb, rc] = s.rows;
    expect(ra.ci95![0]).toBeLessThan(rb.ci95![1]);
    expect(ra.separableFromNext).toBe(false);
    expect(rb.separableFromNext).toBe(true);
    expect([ra.group, rb.group, rc.group]).toEqual([1, 1, 2]);
  });
});

describe('sensitivity', () => {
  it('reports which weight changes flip the ranking', () => {
    // Near the tipping point (quality ≈ 7.1 with latency = cost = 1): halving quality flips it.
    const w = { quality: 8, safety: 0, latency: 1, cost: 1 };
    const base = computeScorecard([smart, fast], w);
    expect(base.ranking).toEqual(['smart', 'fast']);
    const s = sensitivity([smart, fast], w);
    expect(s.base).toEqual(base.ranking);
    const flips = s.cases.filter((c) => c.changed);
    expect(flips.length).toBeGreaterThan(0);
    const moved = (name: string, to: number) => (name.startsWith('quality.') ? { ...w, quality: { math: 4, knowledge: 4, [name.slice(8)]: to } } : { ...w, [name]: to });
    for (const f of s.cases) expect(computeScorecard([smart, fast], moved(f.weight, f.to)).ranking).toEqual(f.ranking);
    expect(s.leaderStability).toBeGreaterThanOrEqual(0);
    expect(s.leaderStability).toBeLessThan(1);
    expect(s.cases.some((c) => c.weight === 'quality.math')).toBe(true);
    expect(s.cases.find((c) => c.weight === 'quality' && c.factor === 0.5)).toMatchObject({ changed: true, topChanged: true, ranking: ['fast', 'smart'], moves: { fast: [2, 1], smart: [1, 2] } });
    expect(s.cases.find((c) => c.weight === 'quality' && c.factor === 1.5)!.changed).toBe(false);
    // A weight of 0 has no say and is not varied.
    expect(s.cases.some((c) => c.weight === 'safety')).toBe(false);
  });
});
