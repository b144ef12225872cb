// Online Elo: ratings updated battle by battle, in order. A secondary view
// (LMSYS' first leaderboard used it with K = 4): it depends on battle order
// and has no intervals, so Bradley–Terry is the primary rating.
import { scoreOfA, type Battle } from './battle.js';

export interface EloOptions {
  /** Step size. Default 4: small, so late battles do not dominate. */
  k?: number;
  /** Starting rating of every model. Default 1000. */
  initial?: number;
}

export interface EloRating {
  model: string;
  rating: number;
  battles: number;
}

/** Expected score of A against B on the Elo scale (base 10, 400 points). */
export function expectedScore(ratingA: number, ratingB: number): number {
  return 1 / (1 + 10 ** ((ratingB - ratingA) / 400));
}

/**
 * For each battle in order: E = expectedScore(R_a, R_b), S = 1 / ½ / 0,
 * R_a += K·(S − E), R_b −= K·(S − E). Sorted by rating, highest first.
 */
export function onlineElo(battles: readonly Battle[], { k = 4, initial = 1000 }: EloOptions = {}): EloRating[] {
  const rating = new Map<string, number>();
  const count = new Map<string, number>();
  for (const { modelA, modelB, winner } of battles) {
    if (modelA === modelB) continue; // a model against itself carries no information
    const ra = rating.get(modelA) ?? initial;
    const rb = rating.get(modelB) ?? initial;
    const delta = k * (scoreOfA(winner) - expectedScore(ra, rb));
    rating.set(modelA, ra + delta);
    rating.set(modelB, rb - delta);
    count.set(modelA, (count.get(modelA) ?? 0) + 1);
    count.set(modelB, (count.get(modelB) ?? 0) + 1);
  }
  return [...rating].map(([model, r]) => ({ model, rating: r, battles: count.get(model)! })).sort((x, y) => y.rating - x.rating || x.model.localeCompare(y.model));
}
