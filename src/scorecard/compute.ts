// The scorecard as a pure function: per-provider inputs (with bootstrap
// replicates), weights and hard requirements in; ranking, intervals,
// separability and the reasons for every exclusion out. The web app calls it
// again whenever a user moves a weight, so it reads nothing and writes
// nothing. docs/scorecard.md explains each rule.
import { percentileInterval } from '../stats/bootstrap.js';
import { parseBound, type Requirements, type Weights } from './spec.js';

/** A figure and (optionally) its bootstrap replicates; every replicate array of one scorecard has the same length. */
export interface Estimate {
  value: number;
  replicates?: ArrayLike<number>;
}

export type SafetyVerdict = 'pass' | 'fail' | 'marginal' | 'not-assessed';

export interface ScorecardInput {
  provider: string;
  /** Mean score per capability dimension in [0, 1]; null when nothing was scored. */
  quality: Record<string, Estimate | null>;
  safety: { verdict: SafetyVerdict; score: Estimate | null };
  /** The latency the scorecard compares (ms, lower is better); null = not measured. */
  latencyMs: Estimate | null;
  /** The cost the scorecard compares (CNY, lower is better); null = unknown. */
  costCny: Estimate | null;
  /** Figures the hard requirements read. */
  facts: {
    quality: number | null;
    errorRate: number;
    p95TtftMs: number | null;
    p95LatencyMs: number | null;
    monthlyCny: number | null;
    peakConcurrency: number | null;
    kneeConcurrency: number | null;
  };
}

export type CriterionKey = `quality:${string}` | 'safety' | 'latency' | 'cost';

export interface Criterion {
  key: CriterionKey;
  weight: number;
  /** weight ÷ the sum of the weights of assessed criteria; 0 when not assessed. */
  share: number;
  assessed: boolean;
  /** Why a criterion with weight was left out (e.g. "unknown for sample-a"). */
  reason?: string;
  /** The providers lacking it (a price, a latency, a safety verdict). */
  missing?: string[];
}

export interface Failure {
  requirement: string;
  /** For the safety requirement: the provider's verdict (surfaces translate it). */
  verdict?: SafetyVerdict;
  /** What the provider has, as text (e.g. "1820 ms", "not assessed"). */
  actual: string;
  /** What was required (e.g. "< 1500 ms"). */
  required: string;
}

export interface ScorecardRow {
  provider: string;
  eligible: boolean;
  failures: Failure[];
  /** Weighted score in [0, 1]; null when no criterion could be assessed. */
  score: number | null;
  ci95: [number, number] | null;
  /** Per criterion: the raw figure, its normalised value in [0, 1] and its contribution share × normalised. */
  parts: Record<string, { raw: number | null; normalized: number | null; contribution: number | null }>;
  /** 1-based position among the eligible providers; null when excluded. */
  rank: number | null;
  /** Providers whose intervals overlap share a group (1 = top group); null when excluded. */
  group: number | null;
  /** True when this provider's interval lies wholly above the next one's. */
  separableFromNext: boolean | null;
  /** The run's headline quality (src/summary/figures.ts), what a `quality` requirement reads. */
  quality: number | null;
}

/**
 * The safety requirement as applied. Safe by default: once any provider has
 * a safety assessment, a verdict of fail (or none at all) excludes a provider
 * unless the config says `requirements: { safety: off }`.
 */
export interface SafetyRule {
  /** What a verdict must be; null when nothing is required. */
  level: 'pass' | 'not-fail' | null;
  /** `config`: written in the config; `default`: applied because an assessment exists; `off`: turned off in the config; `none`: no assessment, nothing to require. */
  source: 'config' | 'default' | 'off' | 'none';
  /** Providers with no assessment while others have one: "not assessed" in the conclusion. */
  notAssessed: string[];
}

export interface Scorecard {
  criteria: Criterion[];
  safety: SafetyRule;
  /** Eligible providers first, best first; then the excluded ones. */
  rows: ScorecardRow[];
  /** Eligible provider ids, best first. */
  ranking: string[];
  resamples: number;
}

export interface ComputeOptions {
  /** Skip the intervals (sensitivity runs only need point rankings). */
  intervals?: boolean;
}

export function criterionWeights(weights: Weights, dimensions: readonly string[]): Array<{ key: CriterionKey; weight: number }> {
  const q = weights.quality;
  const dims = dimensions.map((d) => ({ key: `quality:${d}` as CriterionKey, weight: typeof q === 'number' ? (dimensions.length ? q / dimensions.length : 0) : (q[d] ?? 0) }));
  return [...dims, { key: 'safety', weight: weights.safety }, { key: 'latency', weight: weights.latency }, { key: 'cost', weight: weights.cost }];
}

/** The safety requirement that holds for these providers under `requirements` (see SafetyRule). */
export function safetyRule(inputs: readonly ScorecardInput[], requirements: Requirements): SafetyRule {
  const assessed = inputs.filter((i) => i.safety.verdict !== 'not-assessed');
  const notAssessed = assessed.length ? inputs.filter((i) => i.safety.verdict === 'not-assessed').map((i) => i.provider) : [];
  const set = requirements.safety;
  if (set === 'off') return { level: null, source: 'off', notAssessed };
  if (set) return { level: set, source: 'config', notAssessed };
  return assessed.length ? { level: 'not-fail', source: 'default', notAssessed } : { level: null, source: 'none', notAssessed };
}

export function computeScorecard(inputs: readonly ScorecardInput[], weights: Weights, requirements: Requirements = {}, opts: ComputeOptions = {}): Scorecard {
  const dimensions = [...new Set(inputs.flatMap((i) => Object.keys(i.quality)))];
  const safety = safetyRule(inputs, requirements);
  const checked = inputs.map((i) => ({ input: i, failures: checkRequirements(i, requirements, safety) }));
  const eligible = checked.filter((c) => c.failures.length === 0).map((c) => c.input);
  // Normalise against the eligible set (all providers when none is eligible), so excluded providers move nothing.
  const reference = eligible.length ? eligible : [...inputs];
  const estimateOf = (i: ScorecardInput, key: CriterionKey): Estimate | null =>
    key === 'safety' ? i.safety.score : key === 'latency' ? i.latencyMs : key === 'cost' ? i.costCny : (i.quality[key.slice('quality:'.length)] ?? null);

  const criteria: Criterion[] = criterionWeights(weights, dimensions).map(({ key, weight }) => {
    const missing = reference.filter((i) => estimateOf(i, key) === null).map((i) => i.provider);
    const assessed = weight > 0 && reference.length > 0 && missing.length === 0;
    return { key, weight, share: 0, assessed, ...(weight > 0 && missing.length ? { reason: `${key === 'cost' ? 'unknown' : 'not assessed'} for ${missing.join(', ')}`, missing } : {}) };
  });
  const total = criteria.filter((c) => c.assessed).reduce((s, c) => s + c.weight, 0);
  for (const c of criteria) c.share = c.assessed && total > 0 ? c.weight / total : 0;
  const used = criteria.filter((c) => c.assessed && c.share > 0);

  const resamples =
    opts.intervals === false
      ? 0
      : replicateCount(
          inputs,
          used.map((c) => c.key),
          estimateOf,
        );
  const lowerIsBetter = (key: CriterionKey) => key === 'latency' || key === 'cost';
  const best = (key: CriterionKey, pick: (e: Estimate) => number) => Math.min(...reference.map((i) => pick(estimateOf(i, key)!)));
  const normalize = (key: CriterionKey, x: number, ref: number) => (lowerIsBetter(key) ? ratioToBest(x, ref) : clamp01(x));

  const pointRef = new Map(used.filter((c) => lowerIsBetter(c.key)).map((c) => [c.key, best(c.key, (e) => e.value)]));
  const replicateRef = new Map<CriterionKey, Float64Array>();
  for (const c of used.filter((c) => lowerIsBetter(c.key))) {
    const refs = new Float64Array(resamples);
    for (let b = 0; b < resamples; b++) refs[b] = best(c.key, (e) => at(e, b));
    replicateRef.set(c.key, refs);
  }

  const rows: ScorecardRow[] = checked.map(({ input, failures }) => {
    const parts: ScorecardRow['parts'] = {};
    for (const c of criteria) {
      const e = estimateOf(input, c.key);
      const ref = pointRef.get(c.key) ?? 0;
      const normalized = e && c.assessed ? normalize(c.key, e.value, ref) : null;
      parts[c.key] = { raw: e?.value ?? null, normalized, contribution: normalized === null ? null : normalized * c.share };
    }
    const complete = used.every((c) => estimateOf(input, c.key) !== null);
    const score = used.length && complete ? used.reduce((s, c) => s + parts[c.key].contribution!, 0) : null;
    let ci95: [number, number] | null = null;
    if (score !== null && resamples > 0) {
      const reps = new Float64Array(resamples);
      for (let b = 0; b < resamples; b++) {
        let s = 0;
        for (const c of used) {
          const x = at(estimateOf(input, c.key)!, b);
          s += c.share * (lowerIsBetter(c.key) ? ratioToBest(x, replicateRef.get(c.key)![b]) : clamp01(x));
        }
        reps[b] = s;
      }
      ci95 = percentileInterval(reps);
    }
    return { provider: input.provider, eligible: failures.length === 0, failures, score, ci95, parts, rank: null, group: null, separableFromNext: null, quality: input.facts.quality };
  });

  // Rank the eligible by score (ties broken by id for a stable order); group overlapping intervals.
  const ranked = rows.filter((r) => r.eligible).sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.provider.localeCompare(b.provider));
  let group = 0;
  ranked.forEach((r, i) => {
    r.rank = i + 1;
    if (i === 0 || ranked[i - 1].separableFromNext) group++;
    r.group = group;
    const next = ranked[i + 1];
    r.separableFromNext = next ? separable(r, next) : null;
  });
  const excluded = rows.filter((r) => !r.eligible);
  return { criteria, safety, rows: [...ranked, ...excluded], ranking: ranked.map((r) => r.provider), resamples };
}

/** A rank is separable only when the two weighted-score intervals do not overlap. */
function separable(a: ScorecardRow, b: ScorecardRow): boolean {
  if (!a.ci95 || !b.ci95) return false;
  return a.ci95[0] > b.ci95[1];
}

/** Lower-is-better figures: best ÷ own (1 for the best, ½ for twice the best). A zero best scores 1 only for zero. */
export function ratioToBest(x: number, best: number): number {
  if (x <= 0) return 1;
  return clamp01(best / x);
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

function at(e: Estimate, b: number): number {
  return e.replicates && e.replicates.length ? e.replicates[b % e.replicates.length] : e.value;
}

function replicateCount(inputs: readonly ScorecardInput[], keys: CriterionKey[], estimateOf: (i: ScorecardInput, k: CriterionKey) => Estimate | null): number {
  let n = 0;
  for (const i of inputs) for (const k of keys) n = Math.max(n, estimateOf(i, k)?.replicates?.length ?? 0);
  return n;
}

/** The hard requirements `i` misses; `safety` is the rule safetyRule gives for the whole field (default: the written one alone). */
export function checkRequirements(i: ScorecardInput, req: Requirements, safety: Pick<SafetyRule, 'level'> = { level: req.safety === 'off' ? null : (req.safety ?? null) }): Failure[] {
  const out: Failure[] = [];
  const f = i.facts;
  if (safety.level) {
    const v = i.safety.verdict;
    const ok = safety.level === 'pass' ? v === 'pass' : v === 'pass' || v === 'marginal';
    if (!ok) out.push({ requirement: 'safety', verdict: v, actual: v === 'not-assessed' ? 'not assessed' : v, required: safety.level });
  }
  const bound = (name: string, value: number | null, spec: number | string | undefined, unit: string) => {
    if (spec === undefined) return;
    const b = parseBound(spec);
    const ok = value !== null && (b.op === '<' ? value < b.value : value <= b.value);
    if (!ok) out.push({ requirement: name, actual: value === null ? 'not measured' : `${Math.round(value)} ${unit}`, required: `${b.op} ${b.value} ${unit}` });
  };
  bound('p95TtftMs', f.p95TtftMs, req.p95TtftMs, 'ms');
  bound('p95LatencyMs', f.p95LatencyMs, req.p95LatencyMs, 'ms');
  if (req.maxMonthlyCny !== undefined && !(f.monthlyCny !== null && f.monthlyCny <= req.maxMonthlyCny))
    out.push({ requirement: 'maxMonthlyCny', actual: f.monthlyCny === null ? 'unknown' : `¥${f.monthlyCny.toFixed(0)}`, required: `≤ ¥${req.maxMonthlyCny}` });
  if (req.minQuality !== undefined && !(f.quality !== null && f.quality >= req.minQuality))
    out.push({ requirement: 'minQuality', actual: f.quality === null ? 'not scored' : `${(f.quality * 100).toFixed(1)}%`, required: `≥ ${(req.minQuality * 100).toFixed(1)}%` });
  if (req.maxErrorRate !== undefined && !(f.errorRate <= req.maxErrorRate))
    out.push({ requirement: 'maxErrorRate', actual: `${(f.errorRate * 100).toFixed(1)}%`, required: `≤ ${(req.maxErrorRate * 100).toFixed(1)}%` });
  if (req.sustainsPeak) {
    const ok = f.kneeConcurrency !== null && f.peakConcurrency !== null && f.kneeConcurrency >= f.peakConcurrency;
    if (!ok)
      out.push({
        requirement: 'sustainsPeak',
        actual: f.kneeConcurrency === null ? 'no load knee measured' : `knee ${f.kneeConcurrency}`,
        required: f.peakConcurrency === null ? 'peak concurrency unknown' : `knee ≥ ${f.peakConcurrency}`,
      });
  }
  return out;
}
