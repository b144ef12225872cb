import { describe, expect, it } from 'vitest';
import { clusteredStandardError, holm, mcnemarExact, mcnemarFromPairs, pairedBootstrap, pairedClusteredStandardError } from '../../src/stats/paired.js';
import { standardError } from '../../src/stats/describe.js';

describe('McNemar exact test', () => {
  it('matches hand-computed binomial tails', () => {
    // b=1, c=8: 2·(C(9,0)+C(9,1))/2^9 = 20/512
    expect(mcnemarExact(1, 8).pValue).toBe(0.0390625);
    expect(mcnemarExact(8, 1).pValue).toBe(0.0390625);
    expect(mcnemarExact(5, 5).pValue).toBe(1);
    expect(mcnemarExact(0, 0).pValue).toBe(1);
    // b=0, c=6: 2/64
    expect(mcnemarExact(0, 6).pValue).toBeCloseTo(0.03125, 15);
    // b=2, c=10: 2·(1+12+66)/4096
    expect(mcnemarExact(2, 10).pValue).toBeCloseTo(158 / 4096, 15);
  });

  it('stays finite and exact-ish for thousands of discordant pairs', () => {
    const p = mcnemarExact(1000, 1200).pValue;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-4);
    expect(mcnemarExact(1500, 1500).pValue).toBe(1);
  });

  it('counts discordant pairs from outcomes', () => {
    const a = [true, true, false, true, false, true];
    const b = [true, false, false, false, true, true];
    expect(mcnemarFromPairs(a, b)).toEqual({ b: 2, c: 1, pValue: 1 });
  });
});

describe('Holm–Bonferroni', () => {
  it('adjusts step-down and keeps the input order', () => {
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((expected, i) => expect(adjusted[i]).toBeCloseTo(expected, 12));
    expect(holm([0.5, 0.9])).toEqual([1, 1]);
    expect(holm([])).toEqual([]);
  });
});

describe('paired bootstrap', () => {
  it('finds a clear difference and is reproducible', () => {
    const a = Array(50).fill(1);
    const b = [...Array(30).fill(1), ...Array(20).fill(0)];
    const result = pairedBootstrap(a, b, { seed: 3 });
    expect(result.difference).toBeCloseTo(0.4, 12);
    expect(result.ci95[0]).toBeGreaterThan(0);
    expect(result.pValue).toBeCloseTo(1 / 2001, 12);
    expect(pairedBootstrap(a, b, { seed: 3 })).toEqual(result);
  });

  it('gives p = 1 and a zero interval for identical providers', () => {
    const a = [0.2, 0.5, 0.9, 1];
    expect(pairedBootstrap(a, a, { seed: 1 })).toEqual({ difference: 0, ci95: [0, 0], pValue: 1, n: 4 });
  });

  it('gives a large p for a noisy zero-mean difference', () => {
    const a = [1, 0, 1, 0, 1, 0, 1, 0, 1, 0];
    const b = [0, 1, 0, 1, 0, 1, 0, 1, 1, 0];
    const result = pairedBootstrap(a, b, { seed: 9 });
    expect(result.difference).toBe(0);
    expect(result.pValue).toBe(1);
    expect(result.ci95[0]).toBeLessThan(0);
    expect(result.ci95[1]).toBeGreaterThan(0);
  });
});

describe('clustered standard errors', () => {
  it('reduces to s/√n with one item per cluster', () => {
    const values = [0.1, 0.4, 0.35, 0.8, 0.9, 0.2];
    expect(
      clusteredStandardError(
        values,
        values.map((_, i) => String(i)),
      ),
    ).toBeCloseTo(standardError(values), 12);
  });

  it('matches a hand-computed sandwich', () => {
    // mean 0.5; cluster residual sums 0, 1, −1 → √(3/2 · 2) / 6
    expect(clusteredStandardError([1, 0, 1, 1, 0, 0], ['a', 'a', 'b', 'b', 'c', 'c'])).toBeCloseTo(Math.sqrt(3) / 6, 12);
    expect(clusteredStandardError([1, 0], ['a', 'a'])).toBeNaN();
  });

  it('computes the SE of a paired difference from per-item differences', () => {
    const a = [1, 1, 1, 1, 0, 0];
    const b = [0, 1, 0, 0, 0, 0];
    const clusters = ['a', 'a', 'b', 'b', 'c', 'c'];
    expect(pairedClusteredStandardError(a, b, clusters)).toBe(clusteredStandardError([1, 0, 1, 1, 0, 0], clusters));
  });
});
