import { describe, expect, it } from 'vitest';
import { mean, percentile, quantile, standardDeviation, standardError, summarize, variance } from '../../src/stats/describe.js';

describe('descriptive statistics', () => {
  const data = [2, 4, 4, 4, 5, 5, 7, 9];

  it('computes mean, sample and population SD', () => {
    expect(mean(data)).toBe(5);
    expect(standardDeviation(data, { sample: false })).toBe(2);
    expect(standardDeviation(data)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(variance([3])).toBeNaN();
    expect(standardError(data)).toBeCloseTo(Math.sqrt(32 / 7) / Math.sqrt(8), 12);
  });

  it('interpolates quantiles linearly (type 7)', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
    const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(oneToHundred, 95)).toBeCloseTo(95.05, 10);
    expect(percentile(oneToHundred, 99)).toBeCloseTo(99.01, 10);
    expect(quantile([], 0.5)).toBeNaN();
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });

  it('summarizes a latency distribution', () => {
    const s = summarize([120, 80, 100, 300, 90]);
    expect(s).toMatchObject({ n: 5, mean: 138, min: 80, p50: 100, max: 300 });
    expect(s.p95).toBeCloseTo(264, 10); // h = 3.8 → 120 + 0.8·180
    expect(summarize([]).n).toBe(0);
    expect(summarize([]).mean).toBeNaN();
  });
});
