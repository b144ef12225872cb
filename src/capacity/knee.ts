// Where a provider stops scaling. Steps are compared pairwise in order of
// concurrency; step b (after a) is "saturated" when
//   - its error rate is above `maxErrorRate`, or
//   - its throughput rose by less than `minGain` over a's while its p95
//     latency rose by more than `latencyRise` (×).
// The knee is the concurrency of the last step before the first saturated
// one: the most concurrent requests the provider serves without queueing or
// failing. docs/load.md explains the rule and its defaults.

export interface KneeRule {
  /** Relative throughput gain below which scaling has stopped (default 0.10 = 10%). */
  minGain: number;
  /** p95 latency ratio above which latency "rises sharply" (default 1.25). */
  latencyRise: number;
  /** Error rate above which a step is overloaded (default 0.05). */
  maxErrorRate: number;
}

export const DEFAULT_KNEE_RULE: KneeRule = { minGain: 0.1, latencyRise: 1.25, maxErrorRate: 0.05 };

/** What the knee rule reads of a step. */
export interface StepFigures {
  concurrency: number;
  throughputRps: number;
  errorRate: number;
  latencyMs: { p95: number | null };
}

export interface Knee {
  /** Concurrency at the knee; null when even the first step was overloaded, or no step saturated. */
  concurrency: number | null;
  /** `errors`, `saturated`, `first-step-overloaded`, or `not-reached` (scaled to the last step). */
  reason: 'errors' | 'saturated' | 'first-step-overloaded' | 'not-reached';
  /** The step that showed it, for the report: "at 8: throughput +3%, p95 ×2.0". */
  detail: string;
}

/** Why step b (after a) counts as saturated, or undefined when it still scales. */
export function saturation(a: StepFigures, b: StepFigures, rule: KneeRule = DEFAULT_KNEE_RULE): Knee['reason'] | undefined {
  if (b.errorRate > rule.maxErrorRate) return 'errors';
  const gain = a.throughputRps > 0 ? b.throughputRps / a.throughputRps - 1 : Infinity;
  const rise = a.latencyMs.p95 && b.latencyMs.p95 ? b.latencyMs.p95 / a.latencyMs.p95 : 1;
  return gain < rule.minGain && rise > rule.latencyRise ? 'saturated' : undefined;
}

export function findKnee(steps: readonly StepFigures[], rule: KneeRule = DEFAULT_KNEE_RULE): Knee {
  if (!steps.length) return { concurrency: null, reason: 'not-reached', detail: 'no steps' };
  if (steps[0].errorRate > rule.maxErrorRate) return { concurrency: null, reason: 'first-step-overloaded', detail: `at ${steps[0].concurrency}: error rate ${pct(steps[0].errorRate)}` };
  for (let i = 1; i < steps.length; i++) {
    const why = saturation(steps[i - 1], steps[i], rule);
    if (why) return { concurrency: steps[i - 1].concurrency, reason: why, detail: describe(steps[i - 1], steps[i]) };
  }
  const last = steps[steps.length - 1];
  return { concurrency: null, reason: 'not-reached', detail: `still scaling at ${last.concurrency}` };
}

function describe(a: StepFigures, b: StepFigures): string {
  const gain = a.throughputRps > 0 ? b.throughputRps / a.throughputRps - 1 : 0;
  const rise = a.latencyMs.p95 && b.latencyMs.p95 ? b.latencyMs.p95 / a.latencyMs.p95 : NaN;
  return `at ${b.concurrency}: throughput ${gain >= 0 ? '+' : ''}${(gain * 100).toFixed(0)}%, p95 ×${Number.isNaN(rise) ? '—' : rise.toFixed(2)}, error rate ${pct(b.errorRate)}`;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
