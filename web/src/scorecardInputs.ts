// The live scorecard reuses the platform's own computeScorecard
// (src/scorecard/compute.ts): the same normalisation, criteria and ranking
// rules as `heng scorecard` and the procurement report. Its inputs are read
// back from the report's `procurement` section: each row's raw figure per
// criterion at the run's weights. Hard requirements do not depend on the
// weights, so the providers the report excluded stay excluded (with their
// reasons) and the others are re-ranked as the weights move.
import type { ProcurementView, ScorecardRowView } from '@heng/api/contract';
import { computeScorecard, type ScorecardInput } from '@heng/scorecard/compute';
import type { Weights } from '@heng/scorecard/spec';

const NO_FACTS: ScorecardInput['facts'] = { quality: null, errorRate: 0, p95TtftMs: null, p95LatencyMs: null, monthlyCny: null, peakConcurrency: null, kneeConcurrency: null };

export const dimensionsOf = (p: ProcurementView) => [
  ...new Set(
    p.scorecard.rows.flatMap((r) =>
      Object.keys(r.parts)
        .filter((k) => k.startsWith('quality:'))
        .map((k) => k.slice(8)),
    ),
  ),
];

/** One weight per slider: each quality dimension, safety, latency, cost. */
export type Sliders = Record<string, number>;

export function initialSliders(p: ProcurementView): Sliders {
  const dims = dimensionsOf(p);
  const q = p.spec.weights.quality;
  const out: Sliders = {};
  for (const d of dims) out[`quality:${d}`] = typeof q === 'number' ? q / Math.max(1, dims.length) : (q[d] ?? 0);
  out.safety = p.spec.weights.safety;
  out.latency = p.spec.weights.latency;
  out.cost = p.spec.weights.cost;
  return out;
}

function inputOf(row: ScorecardRowView, p: ProcurementView): ScorecardInput {
  const est = (key: string) => {
    const raw = row.parts[key]?.raw;
    return raw === null || raw === undefined ? null : { value: raw };
  };
  const quality: ScorecardInput['quality'] = {};
  for (const d of dimensionsOf(p)) quality[d] = est(`quality:${d}`);
  const verdict = p.safety.find((s) => s.provider === row.provider)?.verdict ?? 'not-assessed';
  return { provider: row.provider, quality, safety: { verdict, score: est('safety') }, latencyMs: est('latency'), costCny: est('cost'), facts: NO_FACTS };
}

/** The sliders as scorecard weights: one quality weight per dimension (what the server is asked for too). */
export function weightsOf(p: ProcurementView, sliders: Sliders): Weights {
  const dims = dimensionsOf(p);
  return {
    quality: Object.fromEntries(dims.map((d) => [d, sliders[`quality:${d}`] ?? 0])),
    safety: sliders.safety ?? 0,
    latency: sliders.latency ?? 0,
    cost: sliders.cost ?? 0,
  };
}

/** Ranking at the given weights: eligible providers re-ranked, the excluded ones after them with the report's reasons. */
export function liveScorecard(p: ProcurementView, sliders: Sliders) {
  const weights = weightsOf(p, sliders);
  const eligible = p.scorecard.rows.filter((r) => r.eligible);
  const excluded = p.scorecard.rows.filter((r) => !r.eligible);
  // Requirements were applied by the server (the safety one included, by default on): none again here.
  const card = computeScorecard(
    eligible.map((r) => inputOf(r, p)),
    weights,
    { safety: 'off' },
    { intervals: false },
  );
  return { criteria: card.criteria, rows: [...card.rows, ...excluded] };
}
