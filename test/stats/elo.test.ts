import { describe, expect, it } from 'vitest';
import { expectedScore, onlineElo } from '../../src/stats/elo.js';

describe('online Elo', () => {
  it('updates battle by battle with K = 4', () => {
    const ratings = onlineElo([
      { modelA: 'A', modelB: 'B', winner: 'model_a' }, // A 1002, B 998
      { modelA: 'B', modelB: 'A', winner: 'model_a' }, // B beats A, expected for A ≈ 0.50576
    ]);
    const expectedA = expectedScore(1002, 998);
    expect(expectedA).toBeCloseTo(0.505756, 6);
    const a = ratings.find((r) => r.model === 'A')!;
    const b = ratings.find((r) => r.model === 'B')!;
    expect(a.rating).toBeCloseTo(1002 - 4 * expectedA, 10);
    expect(b.rating).toBeCloseTo(998 + 4 * expectedA, 10);
    expect(a.battles).toBe(2);
    expect(ratings[0].model).toBe('B');
  });

  it('treats ties as half a point and keeps the rating total constant', () => {
    const ratings = onlineElo(
      [
        { modelA: 'A', modelB: 'B', winner: 'tie' },
        { modelA: 'A', modelB: 'C', winner: 'model_b' },
      ],
      { k: 32, initial: 1500 },
    );
    expect(ratings.reduce((sum, r) => sum + r.rating, 0)).toBeCloseTo(4500, 10);
    expect(ratings.find((r) => r.model === 'B')!.rating).toBe(1500);
    expect(ratings[0]).toMatchObject({ model: 'C', rating: 1516 });
  });
});
