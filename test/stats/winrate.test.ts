import { describe, expect, it } from 'vitest';
import { winRates } from '../../src/stats/winrate.js';

describe('win rate against a baseline', () => {
  it('computes percent win rate, n−1 standard error and W/L/T counts', () => {
    const [result] = winRates([
      { model: 'qwen', score: 1 },
      { model: 'qwen', score: 0 },
      { model: 'qwen', score: 0.5 },
      { model: 'qwen', score: 1 },
      { model: 'qwen', score: null },
    ]);
    // mean 0.625; squared deviations sum 0.6875; s² = 0.6875/3; SE = s/√4
    expect(result).toMatchObject({ model: 'qwen', n: 4, winRate: 62.5, wins: 2, losses: 1, ties: 1 });
    expect(result.standardError).toBeCloseTo((Math.sqrt(0.6875 / 3) / 2) * 100, 10);
  });

  it('counts soft scores by side of 0.5 and sorts by win rate', () => {
    const results = winRates([
      { model: 'a', score: 0.3 },
      { model: 'a', score: 0.6 },
      { model: 'b', score: 0.9 },
      { model: 'b', score: 0.8 },
      { model: 'c', score: undefined },
    ]);
    expect(results.map((r) => r.model)).toEqual(['b', 'a']);
    expect(results[1]).toMatchObject({ wins: 1, losses: 1, ties: 0 });
    expect(results[1].winRate).toBeCloseTo(45, 10);
    expect(() => winRates([{ model: 'a', score: 1.5 }])).toThrow(RangeError);
  });

  it('has no standard error from a single row', () => {
    expect(winRates([{ model: 'a', score: 1 }])[0].standardError).toBeNaN();
  });
});
