// Live ranking for the scorecard page: a weighted mean of each provider's
// per-criterion scores (criteria = capability dimensions, or tasks when the
// run has no dimension tags). Weights are normalised over the criteria a
// provider has a score for; the interval combines the per-criterion 95%
// bounds with the same weights (conservative: no independence assumed).
export interface Criterion {
  provider: string;
  key: string;
  score: number | null;
  ci95: [number, number] | null;
}

export interface Ranked {
  provider: string;
  score: number | null;
  low: number | null;
  high: number | null;
  rank: number;
}

export function rankProviders(cells: Criterion[], weights: Record<string, number>): Ranked[] {
  const providers = [...new Set(cells.map((c) => c.provider))];
  const rows = providers.map((provider) => {
    let w = 0;
    let s = 0;
    let lo = 0;
    let hi = 0;
    for (const c of cells) {
      const weight = weights[c.key] ?? 1;
      if (c.provider !== provider || c.score === null || weight <= 0) continue;
      w += weight;
      s += weight * c.score;
      lo += weight * (c.ci95?.[0] ?? c.score);
      hi += weight * (c.ci95?.[1] ?? c.score);
    }
    return w > 0 ? { provider, score: s / w, low: lo / w, high: hi / w } : { provider, score: null, low: null, high: null };
  });
  // Best first; providers without a score last; ties keep the run's order.
  const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => (b.r.score ?? -1) - (a.r.score ?? -1) || a.i - b.i);
  return sorted.map(({ r }, i) => ({ ...r, rank: i + 1 }));
}
