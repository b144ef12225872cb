import { describe, expect, it } from 'vitest';
import type { Battle, Winner } from '../../src/stats/battle.js';
import { bradleyTerry, fitBradleyTerry, ranksFromIntervals } from '../../src/stats/bradley-terry.js';
import { createRng, shuffled } from '../../src/stats/random.js';

/** `wins` wins for a, `losses` wins for b, `ties` ties. */
function games(a: string, b: string, wins: number, losses: number, ties = 0): Battle[] {
  const one = (winner: Winner): Battle => ({ modelA: a, modelB: b, winner });
  return [...Array(wins).fill(one('model_a')), ...Array(losses).fill(one('model_b')), ...Array(ties).fill(one('tie'))];
}

const elo = (odds: number) => 400 * Math.log10(odds);

describe('Bradley–Terry', () => {
  it('reproduces spoke − centre = 400·log10(w/(1−w)) on a star graph', () => {
    // Centre C against spokes with win rates w_i, spokes never meet each other.
    const spokes: Array<[string, number, number]> = [
      ['S1', 9, 1], // w = 0.9
      ['S2', 30, 10], // 0.75
      ['S3', 12, 8], // 0.6
      ['S4', 7, 13], // 0.35
      ['S5', 1, 19], // 0.05
    ];
    const battles = spokes.flatMap(([s, w, l]) => games(s, 'C', w, l));
    const { ratings, regularized } = fitBradleyTerry(battles);
    expect(regularized).toBe(false);
    for (const [s, w, l] of spokes) {
      const rate = w / (w + l);
      expect(Math.abs(ratings.get(s)! - ratings.get('C')! - elo(rate / (1 - rate)))).toBeLessThan(0.05);
    }
  });

  it('anchors the mean at 1000, or a chosen model at a chosen rating', () => {
    const battles = [...games('A', 'B', 6, 4), ...games('B', 'C', 7, 3), ...games('A', 'C', 8, 2)];
    const { ratings } = fitBradleyTerry(battles);
    const mean = [...ratings.values()].reduce((a, r) => a + r, 0) / 3;
    expect(mean).toBeCloseTo(1000, 6);
    const pinned = fitBradleyTerry(battles, { anchor: { model: 'C', rating: 1200 } }).ratings;
    expect(pinned.get('C')).toBeCloseTo(1200, 6);
    expect(pinned.get('A')! - pinned.get('B')!).toBeCloseTo(ratings.get('A')! - ratings.get('B')!, 6);
    expect(() => fitBradleyTerry(battles, { anchor: { model: 'Z', rating: 1000 } })).toThrow(/anchor/);
  });

  it('counts a tie as half a win to each side', () => {
    // A: 2 wins + 2 ties = 3 points; B: 2 ties = 1 point → odds 3:1.
    const { ratings } = fitBradleyTerry(games('A', 'B', 2, 0, 2));
    expect(ratings.get('A')! - ratings.get('B')!).toBeCloseTo(elo(3), 6);
    const even = fitBradleyTerry(games('A', 'B', 1, 1, 5)).ratings;
    expect(even.get('A')).toBeCloseTo(even.get('B')!, 6);
  });

  it('does not depend on the order of battles', () => {
    const battles = [...games('A', 'B', 6, 4, 2), ...games('B', 'C', 7, 3), ...games('A', 'C', 8, 2, 1)];
    const a = fitBradleyTerry(battles).ratings;
    const b = fitBradleyTerry(shuffled(battles, createRng(1))).ratings;
    for (const [model, rating] of a) expect(b.get(model)).toBeCloseTo(rating, 6);
  });

  it('keeps an unbeaten model finite and on top (regularized)', () => {
    const battles = [...games('A', 'B', 6, 4), ...games('B', 'C', 5, 5), ...games('X', 'A', 5, 0)];
    const { ratings, regularized } = fitBradleyTerry(battles);
    expect(regularized).toBe(true);
    for (const r of ratings.values()) expect(Number.isFinite(r)).toBe(true);
    expect(ratings.get('X')!).toBeGreaterThan(ratings.get('A')! + 100);
    // The well-measured pairs barely move.
    expect(ratings.get('A')! - ratings.get('B')!).toBeGreaterThan(0.5 * elo(1.5));
  });

  it('rates models that never meet the others (split graph) without failing', () => {
    const result = bradleyTerry([...games('A', 'B', 3, 1), ...games('C', 'D', 2, 2)], { seed: 1, rounds: 50 });
    expect(result).toHaveLength(4);
    for (const r of result) expect(Number.isFinite(r.rating)).toBe(true);
  });

  it('bootstraps reproducible intervals that contain the estimate', () => {
    const battles = [...games('A', 'B', 30, 20, 5), ...games('B', 'C', 25, 15), ...games('A', 'C', 40, 10)];
    const first = bradleyTerry(battles, { seed: 7, rounds: 200 });
    expect(bradleyTerry(battles, { seed: 7, rounds: 200 })).toEqual(first);
    expect(bradleyTerry(battles, { seed: 8, rounds: 200 })[0].ci95).not.toEqual(first[0].ci95);
    expect(first.map((r) => r.model)).toEqual(['A', 'B', 'C']);
    for (const r of first) {
      expect(r.ci95[0]).toBeLessThan(r.rating);
      expect(r.ci95[1]).toBeGreaterThan(r.rating);
    }
    expect(bradleyTerry([], { seed: 1 })).toEqual([]);
  });
});

describe('ranksFromIntervals', () => {
  it('only separates models whose intervals do not overlap', () => {
    const intervals: Array<[number, number]> = [
      [1100, 1200], // clearly first
      [1000, 1110], // overlaps the first → also rank 1
      [950, 1050], // below the first's lower bound 1100 → rank 2
      [800, 900], // below all three → rank 4
    ];
    expect(ranksFromIntervals(intervals)).toEqual([1, 1, 2, 4]);
  });
});
