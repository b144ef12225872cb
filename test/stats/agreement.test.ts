import { describe, expect, it } from 'vitest';
import { cohenKappa, fleissKappa, fleissKappaFromLabels, percentAgreement } from '../../src/stats/agreement.js';

/** Two raters' labels from a 2×2 table [[yes/yes, yes/no], [no/yes, no/no]]. */
function fromTable([[yy, yn], [ny, nn]]: number[][]): [string[], string[]] {
  const a = [...Array(yy + yn).fill('yes'), ...Array(ny + nn).fill('no')];
  const b = [...Array(yy).fill('yes'), ...Array(yn).fill('no'), ...Array(ny).fill('yes'), ...Array(nn).fill('no')];
  return [a, b];
}

describe("Cohen's kappa", () => {
  it('matches textbook tables', () => {
    // 50 grant proposals: p_o = 0.7, p_e = 0.5 → κ = 0.4
    const [a, b] = fromTable([
      [20, 5],
      [10, 15],
    ]);
    expect(percentAgreement(a, b)).toBeCloseTo(0.7, 12);
    expect(cohenKappa(a, b)).toBeCloseTo(0.4, 12);
    // p_o = 0.60, p_e = 0.54 → κ = 0.1304
    const [c, d] = fromTable([
      [45, 15],
      [25, 15],
    ]);
    expect(cohenKappa(c, d)).toBeCloseTo(0.06 / 0.46, 12);
  });

  it('is 1 for perfect agreement, NaN when chance agreement is certain, and label-type agnostic', () => {
    expect(cohenKappa([1, 2, 3, 1], [1, 2, 3, 1])).toBe(1);
    expect(cohenKappa(['x', 'x'], ['x', 'x'])).toBeNaN();
    expect(cohenKappa([true, false, true, false], [false, true, false, true])).toBe(-1);
    expect(() => cohenKappa([1], [1, 2])).toThrow(RangeError);
  });
});

describe("Fleiss' kappa", () => {
  it('reproduces the Fleiss (1971) worked example (κ ≈ 0.210)', () => {
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(counts)).toBeCloseTo(0.20993, 5);
  });

  it('equals Cohen-like agreement limits and accepts a variable number of raters', () => {
    expect(
      fleissKappaFromLabels([
        ['a', 'a', 'a'],
        ['b', 'b', 'b'],
        ['a', 'a', 'a'],
      ]),
    ).toBe(1);
    // Variable raters: item 1 has 2 raters, item 2 has 3; P̄ = (1 + 1/3)/2, p = (3/5, 2/5).
    const kappa = fleissKappaFromLabels([
      ['a', 'a'],
      ['a', 'b', 'b'],
    ]);
    const observed = (1 + 1 / 3) / 2;
    const chance = 0.6 ** 2 + 0.4 ** 2;
    expect(kappa).toBeCloseTo((observed - chance) / (1 - chance), 12);
    // Items with a single rating are skipped.
    expect(fleissKappaFromLabels([['a'], ['a', 'a'], ['b', 'b']])).toBe(1);
    expect(() => fleissKappa([[1, 1], [2]])).toThrow(RangeError);
  });
});
