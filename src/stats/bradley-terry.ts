// Bradley–Terry ratings (Bradley & Terry 1952) by maximum likelihood, on the
// Elo scale, with seeded bootstrap intervals over battles — the statistic
// behind arena-style leaderboards. Model i beats j with probability
//   P(i > j) = 1 / (1 + 10^((R_j − R_i)/400)),
// so a 400-point gap means 10:1 odds. A tie counts as half a win each way.
import { modelsOf, scoreOfA, type Battle } from './battle.js';
import { percentileInterval } from './bootstrap.js';
import { createRng, type Seed } from './random.js';

export const DEFAULT_BT_ROUNDS = 1000;
export const DEFAULT_PSEUDO_TIES = 1;
const ELO_PER_NATURAL_LOG = 400 / Math.LN10;

export interface BradleyTerryOptions {
  /** Pin one model to a rating; default: the mean rating is 1000. */
  anchor?: { model: string; rating: number };
  /**
   * Virtual tied games each model plays against a fixed average reference
   * player, only when the maximum-likelihood estimate does not exist (see
   * `mleExists`). Default 1.
   */
  pseudoTies?: number;
  /** Convergence threshold on log-strengths. Default 1e-10. */
  tolerance?: number;
  maxIterations?: number;
}

export interface BootstrapRatingOptions extends BradleyTerryOptions {
  seed?: Seed;
  /** Bootstrap rounds over battles. Default 1,000. */
  rounds?: number;
}

export interface Rating {
  model: string;
  rating: number;
  ci95: [number, number];
  rank: number;
}

/** Battles as index triples plus a dense K×K tally of (half-)wins. */
interface Tally {
  models: string[];
  /** wins[i·K + j]: wins of i over j, ties as ½ each. */
  wins: Float64Array;
}

function indexBattles(battles: readonly Battle[]) {
  const models = modelsOf(battles);
  const index = new Map(models.map((m, i) => [m, i]));
  const a = Int32Array.from(battles, (x) => index.get(x.modelA)!);
  const b = Int32Array.from(battles, (x) => index.get(x.modelB)!);
  const score = Float64Array.from(battles, (x) => scoreOfA(x.winner));
  return { models, a, b, score };
}

function addBattle(wins: Float64Array, k: number, a: number, b: number, score: number): void {
  if (a === b) return; // a model against itself says nothing about ratings
  wins[a * k + b] += score;
  wins[b * k + a] += 1 - score;
}

/**
 * The MLE exists (is finite) iff for every split of the models into two
 * groups, each group has beaten the other at least once (Zermelo 1929;
 * Hunter 2004): the "has beaten" graph is strongly connected. A model with
 * only wins or only losses, or two groups that never met, break this.
 */
export function mleExists(wins: Float64Array, k: number): boolean {
  const reachesAll = (forward: boolean): boolean => {
    const seen = new Uint8Array(k);
    const stack = [0];
    seen[0] = 1;
    let count = 1;
    while (stack.length) {
      const i = stack.pop()!;
      for (let j = 0; j < k; j++) {
        const w = forward ? wins[i * k + j] : wins[j * k + i];
        if (!seen[j] && w > 0) {
          seen[j] = 1;
          count++;
          stack.push(j);
        }
      }
    }
    return count === k;
  };
  return k <= 1 || (reachesAll(true) && reachesAll(false));
}

/**
 * Log-strengths θ (natural log) by Hunter's (2004) MM iteration:
 *   p_i ← W_i / Σ_j n_ij / (p_i + p_j).
 * Each step increases the likelihood, so it converges whenever the MLE
 * exists; the result is then the exact MLE, normalized to geometric mean 1.
 *
 * When the MLE does not exist (an unbeaten or winless model, or groups that
 * never met), every model also plays `pseudoTies` virtual tied games against
 * a fixed reference player of strength 1 (an "average model"). That keeps
 * every rating finite and pulls only the models with little data noticeably;
 * an unbeaten model lands far above its opponents instead of at infinity.
 */
function fitLogStrengths(tally: Tally, options: BradleyTerryOptions, start?: Float64Array): { theta: Float64Array; regularized: boolean } {
  const k = tally.models.length;
  const regularized = !mleExists(tally.wins, k);
  const pseudo = options.pseudoTies ?? DEFAULT_PSEUDO_TIES;
  if (regularized && !(pseudo > 0)) {
    throw new RangeError('Bradley–Terry: the MLE does not exist (a model won or lost every battle, or the comparison graph is split) and pseudoTies is 0');
  }
  // Players 0..k−1 are the models; with regularization, player k is the reference.
  const size = regularized ? k + 1 : k;
  const wins = new Float64Array(size * size);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) wins[i * size + j] = tally.wins[i * k + j];
  if (regularized) {
    for (let i = 0; i < k; i++) {
      wins[i * size + k] = pseudo / 2;
      wins[k * size + i] = pseudo / 2;
    }
  }
  const totalWins = new Float64Array(k);
  for (let i = 0; i < k; i++) for (let j = 0; j < size; j++) totalWins[i] += wins[i * size + j];

  const p = new Float64Array(size).fill(1);
  if (start) for (let i = 0; i < k; i++) p[i] = Math.exp(start[i]);
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 100_000;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let change = 0;
    for (let i = 0; i < k; i++) {
      let denominator = 0;
      for (let j = 0; j < size; j++) {
        const games = wins[i * size + j] + wins[j * size + i];
        if (games > 0) denominator += games / (p[i] + p[j]);
      }
      if (denominator === 0) continue; // no games at all: stays where it is
      const updated = totalWins[i] / denominator;
      change = Math.max(change, Math.abs(Math.log(updated / p[i])));
      p[i] = updated;
    }
    if (!regularized) {
      // The likelihood only sees ratios: pin the geometric mean to 1.
      let logMean = 0;
      for (let i = 0; i < k; i++) logMean += Math.log(p[i]) / k;
      for (let i = 0; i < k; i++) p[i] /= Math.exp(logMean);
    }
    if (change < tolerance) break;
  }
  return { theta: Float64Array.from(p.subarray(0, k), Math.log), regularized };
}

/** θ (natural-log strengths) → Elo-scale ratings with the chosen anchor. */
function toEloScale(models: readonly string[], theta: Float64Array, anchor: BradleyTerryOptions['anchor']): Float64Array {
  const ratings = Float64Array.from(theta, (t) => t * ELO_PER_NATURAL_LOG);
  let shift: number;
  if (anchor) {
    const i = models.indexOf(anchor.model);
    if (i < 0) throw new RangeError(`Bradley–Terry: anchor model "${anchor.model}" has no battles`);
    shift = anchor.rating - ratings[i];
  } else {
    shift = 1000 - ratings.reduce((acc, r) => acc + r, 0) / (ratings.length || 1);
  }
  return ratings.map((r) => r + shift);
}

function tallyOf(k: number, a: Int32Array, b: Int32Array, score: Float64Array, pick?: (r: number) => number): Float64Array {
  const wins = new Float64Array(k * k);
  for (let r = 0; r < a.length; r++) {
    const i = pick ? pick(r) : r;
    addBattle(wins, k, a[i], b[i], score[i]);
  }
  return wins;
}

/** Point estimates only: model → Elo-scale Bradley–Terry rating. */
export function fitBradleyTerry(battles: readonly Battle[], options: BradleyTerryOptions = {}): { ratings: Map<string, number>; regularized: boolean } {
  const { models, a, b, score } = indexBattles(battles);
  const { theta, regularized } = fitLogStrengths({ models, wins: tallyOf(models.length, a, b, score) }, options);
  const elo = toEloScale(models, theta, options.anchor);
  return { ratings: new Map(models.map((m, i) => [m, elo[i]])), regularized };
}

/**
 * Ranks that only separate models whose intervals do not overlap:
 * rank = 1 + the number of models whose lower bound is above this model's
 * upper bound. Models statistically tied share a rank.
 */
export function ranksFromIntervals(intervals: ReadonlyArray<readonly [number, number]>): number[] {
  return intervals.map(([, upper]) => 1 + intervals.filter(([lower]) => lower > upper).length);
}

/**
 * Ratings with 95% percentile-bootstrap intervals: battles are resampled
 * with replacement `rounds` times (seeded), each resample refitted and
 * anchored the same way. Sorted by rating, highest first.
 */
export function bradleyTerry(battles: readonly Battle[], options: BootstrapRatingOptions = {}): Rating[] {
  const { models, a, b, score } = indexBattles(battles);
  const k = models.length;
  if (k === 0) return [];
  const full = fitLogStrengths({ models, wins: tallyOf(k, a, b, score) }, options);
  const ratings = toEloScale(models, full.theta, options.anchor);

  const rounds = options.rounds ?? DEFAULT_BT_ROUNDS;
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`Bradley–Terry: rounds must be a positive integer, got ${rounds}`);
  const rng = createRng(options.seed ?? 0);
  const n = a.length;
  const replicates = models.map(() => new Float64Array(rounds));
  for (let round = 0; round < rounds; round++) {
    const wins = tallyOf(k, a, b, score, () => rng.int(n));
    // Warm start from the full-data fit: resamples are close to it.
    const { theta } = fitLogStrengths({ models, wins }, options, full.theta);
    const elo = toEloScale(models, theta, options.anchor);
    for (let i = 0; i < k; i++) replicates[i][round] = elo[i];
  }
  const intervals = replicates.map(percentileInterval);
  const ranks = ranksFromIntervals(intervals);
  return models.map((model, i) => ({ model, rating: ratings[i], ci95: intervals[i], rank: ranks[i] })).sort((x, y) => y.rating - x.rating || x.model.localeCompare(y.model));
}
