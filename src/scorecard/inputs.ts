// From a run's stored rows to the scorecard's inputs, with seeded bootstrap
// replicates for every figure that has sampling error: quality per
// dimension (items resampled, whole clusters when items share a passage),
// latency p95 (answers resampled), cost per conversation from measured
// tokens (answers resampled) and the safety rate (binomial).
import type { ProviderCost } from '../cost/cost.js';
import type { LoadRecord } from '../capacity/store.js';
import type { ReportModel } from '../report/model.js';
import { quantile, quantileReplicates, replicate } from '../stats/index.js';
import type { StoredResult } from '../store/store.js';
import type { DimensionFigure } from '../summary/figures.js';
import type { Estimate, ScorecardInput } from './compute.js';
import { acceptableShare } from '../safety/verdicts.js';
import type { SafetyAssessment } from './safety.js';
import type { ScorecardSpec } from './spec.js';

export const RESAMPLES = 1000;

export interface InputSources {
  model: ReportModel;
  results: StoredResult[];
  /** The run's dimension figures with their replicates (src/summary/figures.ts): the quality criteria. */
  dimensions: readonly DimensionFigure[];
  costs: ProviderCost[];
  safety: Map<string, SafetyAssessment>;
  loads: Map<string, LoadRecord>;
  spec: ScorecardSpec;
}

export type LatencyBasis = 'ttftP95' | 'latencyP95' | null;

/** The latency the scorecard compares: TTFT when every provider streamed, else end to end; null when unmeasured. */
export function latencyBasis(model: ReportModel, choice: ScorecardSpec['latency']): LatencyBasis {
  const all = (f: (c: ReportModel['overall'][number]) => number | null) => model.overall.length > 0 && model.overall.every((c) => f(c) !== null);
  if (choice === 'ttftP95') return all((c) => c.ttftMs.p95) ? 'ttftP95' : null;
  if (choice === 'latencyP95') return all((c) => c.latencyMs.p95) ? 'latencyP95' : null;
  return all((c) => c.ttftMs.p95) ? 'ttftP95' : all((c) => c.latencyMs.p95) ? 'latencyP95' : null;
}

export function scorecardInputs(src: InputSources): { inputs: ScorecardInput[]; latency: LatencyBasis } {
  const { model } = src;
  const seed = model.seed;
  const latency = latencyBasis(model, src.spec.latency);
  const inputs = model.overall.map((cell): ScorecardInput => {
    const p = cell.provider;
    const rows = src.results.filter((r) => r.provider_id === p);
    // The same dimension figures the report and the headline show, with their replicates.
    const quality: ScorecardInput['quality'] = {};
    for (const d of src.dimensions) if (d.provider === p) quality[d.dimension] = d.score === null || !d.replicates ? null : { value: d.score, replicates: d.replicates() };
    const answered = rows.filter((r) => r.status === 'ok');
    const latencyValues = latency === 'ttftP95' ? answered.map((r) => r.ttft_ms) : latency === 'latencyP95' ? answered.map((r) => r.latency_ms) : [];
    const lat = latencyValues.filter((x): x is number => x !== null);
    const cost = src.costs.find((c) => c.provider === p)!;
    const safety = src.safety.get(p);
    const load = src.loads.get(p);
    return {
      provider: p,
      quality,
      safety: { verdict: safety?.verdict ?? 'not-assessed', score: safety ? safetyEstimate(safety, `${seed}:safety:${p}`) : null },
      latencyMs: latency && lat.length ? quantileEstimate(lat, 0.95, `${seed}:latency:${p}`) : null,
      costCny: costEstimate(src.spec.cost, cost, answered, `${seed}:cost:${p}`),
      facts: {
        quality: cell.score,
        errorRate: cell.errorRate,
        p95TtftMs: cell.ttftMs.p95,
        p95LatencyMs: cell.latencyMs.p95,
        monthlyCny: cost.monthly?.costCny ?? null,
        peakConcurrency: cost.monthly?.peakConcurrency ?? null,
        kneeConcurrency: load?.knee.concurrency ?? null,
      },
    };
  });
  return { inputs, latency };
}

function quantileEstimate(values: number[], q: number, seed: string): Estimate {
  return { value: quantile(values, q), replicates: quantileReplicates(values, q, { seed, resamples: RESAMPLES }) };
}

/**
 * The safety criterion: the weakest check's acceptable share (src/safety/verdicts.ts).
 * Each replicate redraws every check binomially and takes the weakest again,
 * so the interval knows that a different bank may be the weakest.
 */
function safetyEstimate(a: SafetyAssessment, seed: string): Estimate {
  const checks = a.checks.map((c) => ({ p: acceptableShare(c), n: c.n ?? 0 }));
  if (!checks.length || checks.some((c) => !c.n)) return { value: a.rate };
  return {
    value: a.rate,
    replicates: replicate({ seed, resamples: RESAMPLES }, (rng) => {
      let weakest = 1;
      for (const c of checks) {
        let k = 0;
        for (let i = 0; i < c.n; i++) if (rng.next() < c.p) k++;
        weakest = Math.min(weakest, k / c.n);
      }
      return weakest;
    }),
  };
}

/**
 * Cost in the scorecard's basis. Per 1,000 conversations from measured
 * tokens has sampling error (which answers were long); from the workload's
 * token profile it is exact. Per correct and per item use the run's totals.
 */
function costEstimate(basis: ScorecardSpec['cost'], cost: ProviderCost, answered: StoredResult[], seed: string): Estimate | null {
  if (basis === 'perItem') return cost.costPerItemCny === null ? null : { value: cost.costPerItemCny };
  if (basis === 'perCorrect') return cost.costPerCorrectCny === null ? null : { value: cost.costPerCorrectCny };
  const value = cost.costPer1000ConversationsCny;
  if (value === null || !cost.price || !cost.tokensPerConversation) return null;
  if (cost.tokensPerConversation.source === 'workload') return { value };
  const price = cost.price;
  const rows = answered.filter((r) => (r.input_tokens ?? 0) + (r.output_tokens ?? 0) > 0);
  const n = rows.length;
  return {
    value,
    replicates: replicate({ seed, resamples: RESAMPLES }, (rng) => {
      let input = 0;
      let output = 0;
      for (let i = 0; i < n; i++) {
        const r = rows[rng.int(n)];
        input += r.input_tokens ?? 0;
        output += r.output_tokens ?? 0;
      }
      return ((input / n) * price.inputPerMillion + (output / n) * price.outputPerMillion) / 1000;
    }),
  };
}
