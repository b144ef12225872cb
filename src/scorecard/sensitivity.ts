// How the ranking moves as weights move: each weight with a say (the
// top-level quality, safety, latency and cost weights, and each quality
// dimension's) is scaled by every factor in turn, the others held, and the
// point ranking recomputed. A ranking that survives ±50% on every weight is
// robust to reasonable disagreement about the weights.
import { computeScorecard, type ScorecardInput } from './compute.js';
import type { Requirements, Weights } from './spec.js';

export const DEFAULT_FACTORS = [0.5, 1.5] as const;

export interface SensitivityCase {
  /** `quality`, `quality.<dim>`, `safety`, `latency` or `cost`. */
  weight: string;
  factor: number;
  from: number;
  to: number;
  ranking: string[];
  /** Differs from the base ranking. */
  changed: boolean;
  /** The first place changed hands. */
  topChanged: boolean;
  /** Providers whose position moved: id → [base position, new position] (1-based). */
  moves: Record<string, [number, number]>;
}

export interface Sensitivity {
  base: string[];
  cases: SensitivityCase[];
  /** Share of cases in which the base leader stays first. */
  leaderStability: number | null;
}

export function sensitivity(inputs: readonly ScorecardInput[], weights: Weights, requirements: Requirements = {}, factors: readonly number[] = DEFAULT_FACTORS): Sensitivity {
  const card = computeScorecard(inputs, weights, requirements, { intervals: false });
  const base = card.ranking;
  const dims = [...new Set(inputs.flatMap((i) => Object.keys(i.quality)))];
  const assessed = new Set(card.criteria.filter((c) => c.assessed).map((c) => (c.key.startsWith('quality:') ? `quality.${c.key.slice(8)}` : c.key)));
  const hasSay = (name: string) => (name === 'quality' ? [...assessed].some((k) => k.startsWith('quality.')) : assessed.has(name));
  const cases: SensitivityCase[] = [];
  for (const { name, from, apply } of knobs(weights, dims)) {
    // A weight of 0, or on a criterion not assessed, has no say: varying it cannot move anything.
    if (from === 0 || !hasSay(name)) continue;
    for (const factor of factors) {
      const ranking = computeScorecard(inputs, apply(from * factor), requirements, { intervals: false }).ranking;
      const moves: SensitivityCase['moves'] = {};
      ranking.forEach((p, i) => {
        const was = base.indexOf(p);
        if (was !== i) moves[p] = [was + 1, i + 1];
      });
      cases.push({ weight: name, factor, from, to: from * factor, ranking, changed: Object.keys(moves).length > 0, topChanged: ranking[0] !== base[0], moves });
    }
  }
  return { base, cases, leaderStability: cases.length && base.length ? cases.filter((c) => !c.topChanged).length / cases.length : null };
}

function knobs(w: Weights, dims: string[]): Array<{ name: string; from: number; apply: (v: number) => Weights }> {
  const qualityTotal = typeof w.quality === 'number' ? w.quality : Object.values(w.quality).reduce((a, b) => a + b, 0);
  const scaleQuality = (v: number): Weights['quality'] => {
    if (typeof w.quality === 'number') return v;
    const k = qualityTotal ? v / qualityTotal : 0;
    return Object.fromEntries(Object.entries(w.quality).map(([d, x]) => [d, x * k]));
  };
  const perDim = typeof w.quality === 'number' ? Object.fromEntries(dims.map((d) => [d, (w.quality as number) / Math.max(1, dims.length)])) : w.quality;
  return [
    { name: 'quality', from: qualityTotal, apply: (v) => ({ ...w, quality: scaleQuality(v) }) },
    ...(dims.length > 1 ? dims.map((d) => ({ name: `quality.${d}`, from: perDim[d] ?? 0, apply: (v: number) => ({ ...w, quality: { ...perDim, [d]: v } }) })) : []),
    { name: 'safety', from: w.safety, apply: (v) => ({ ...w, safety: v }) },
    { name: 'latency', from: w.latency, apply: (v) => ({ ...w, latency: v }) },
    { name: 'cost', from: w.cost, apply: (v) => ({ ...w, cost: v }) },
  ];
}
