import { describe, expect, it } from 'vitest';
import { meanPassAtK, passAtK } from '../../src/stats/pass-at-k.js';

/** 1 − C(n−c, k)/C(n, k) with exact integer binomials, for cross-checking. */
function byBinomials(n: number, c: number, k: number): number {
  const choose = (a: number, b: number): bigint => {
    if (b > a) return 0n;
    let r = 1n;
    for (let i = 1; i <= b; i++) r = (r * BigInt(a - b + i)) / BigInt(i);
    return r;
  };
  return 1 - Number((choose(n - c, k) * 10n ** 15n) / choose(n, k)) / 1e15;
}

describe('pass@k', () => {
  it('matches the reference values', () => {
    expect(passAtK(200, 57, 1)).toBeCloseTo(0.285, 12);
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 12);
    expect(passAtK(10, 0, 5)).toBe(0);
    expect(passAtK(5, 4, 2)).toBe(1); // n − c < k
  });

  it('agrees with the binomial-coefficient definition', () => {
    for (const [n, c, k] of [
      [20, 3, 5],
      [100, 10, 10],
      [200, 57, 100],
    ]) {
      expect(passAtK(n, c, k)).toBeCloseTo(byBinomials(n, c, k), 12);
    }
  });

  it('averages over problems and rejects impossible inputs', () => {
    expect(
      meanPassAtK(
        [
          { n: 5, c: 2 },
          { n: 200, c: 57 },
        ],
        1,
      ),
    ).toBeCloseTo((0.4 + 0.285) / 2, 12);
    expect(() => passAtK(5, 6, 1)).toThrow(RangeError);
    expect(() => passAtK(5, 1, 6)).toThrow(RangeError);
  });
});
