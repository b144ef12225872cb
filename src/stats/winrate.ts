// Win rate against a baseline (AlpacaEval / Arena-Hard style): each row is
// one item where a judge compared the model's answer with the baseline's.
import { mean, standardError } from './describe.js';

export interface PreferenceRow {
  model: string;
  /** In [0, 1]: 1 beat the baseline, 0.5 tie, 0 lost; soft values allowed. Null/undefined rows are dropped. */
  score: number | null | undefined;
}

export interface WinRate {
  model: string;
  /** Rows counted (missing scores excluded). */
  n: number;
  /** Mean score × 100. */
  winRate: number;
  /** Sample SD (n − 1) / √n × 100; NaN for n < 2. */
  standardError: number;
  /** score > 0.5 */
  wins: number;
  /** score < 0.5 */
  losses: number;
  /** score = 0.5 */
  ties: number;
}

/** Per-model win rates, sorted by win rate (highest first, then by name). */
export function winRates(rows: readonly PreferenceRow[]): WinRate[] {
  const scores = new Map<string, number[]>();
  for (const { model, score } of rows) {
    if (score === null || score === undefined) continue;
    if (!(score >= 0 && score <= 1)) throw new RangeError(`winRates: score for "${model}" must be in [0, 1], got ${score}`);
    const list = scores.get(model);
    if (list) list.push(score);
    else scores.set(model, [score]);
  }
  return [...scores].map(([model, values]) => winRateOf(model, values)).sort((x, y) => y.winRate - x.winRate || x.model.localeCompare(y.model));
}

function winRateOf(model: string, values: readonly number[]): WinRate {
  return {
    model,
    n: values.length,
    winRate: mean(values) * 100,
    standardError: standardError(values) * 100,
    wins: values.filter((v) => v > 0.5).length,
    losses: values.filter((v) => v < 0.5).length,
    ties: values.filter((v) => v === 0.5).length,
  };
}
