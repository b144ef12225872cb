import { describe, expect, it } from 'vitest';
import { wilson } from '../../src/stats/wilson.js';

describe('Wilson score interval', () => {
  it('matches published values (Newcombe 1998, Table I)', () => {
    const [low, high] = wilson(81, 263);
    expect(low).toBeCloseTo(0.2553, 4);
    expect(high).toBeCloseTo(0.3662, 4);
    const [low2, high2] = wilson(15, 148);
    expect(low2).toBeCloseTo(0.0624, 4);
    expect(high2).toBeCloseTo(0.1605, 4);
  });

  it('is exact at the boundaries', () => {
    const [low, high] = wilson(0, 10);
    expect(low).toBe(0);
    expect(high).toBeCloseTo(0.2775, 4);
    expect(wilson(10, 10)[1]).toBe(1);
    expect(wilson(10, 10)[0]).toBeCloseTo(1 - 0.2775, 4);
    expect(wilson(0, 0)).toEqual([0, 1]);
    expect(() => wilson(11, 10)).toThrow(RangeError);
  });
});
