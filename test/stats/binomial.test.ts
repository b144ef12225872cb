import { describe, expect, it } from 'vitest';
import { binomialHalfCdf } from '../../src/stats/binomial.js';

describe('binomialHalfCdf', () => {
  it('is exact for small n', () => {
    expect(binomialHalfCdf(1, 9)).toBe(10 / 512);
    expect(binomialHalfCdf(-1, 9)).toBe(0);
    expect(binomialHalfCdf(9, 9)).toBe(1);
  });

  it('agrees with symmetry on both sides of the log-space switch', () => {
    // Odd n: P(X ≤ (n−1)/2) = ½ exactly by symmetry.
    expect(binomialHalfCdf(499, 999)).toBeCloseTo(0.5, 12);
    expect(binomialHalfCdf(1000, 2001)).toBeCloseTo(0.5, 10);
    expect(binomialHalfCdf(5000, 10001)).toBeCloseTo(0.5, 10);
  });
});
