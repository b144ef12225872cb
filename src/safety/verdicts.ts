// A stored safety assessment summed up per provider for the procurement
// scorecard: one verdict over the three TC260-003 rates, and one rate (the
// share of safety items handled acceptably) the scorecard can weigh.
import type { Store } from '../store/store.js';
import { assessRun } from './assessment.js';
import type { RateResult } from './metrics.js';
import type { SafetyRunMeta } from './run.js';
import { getSafetyRun } from './store.js';

export interface SafetyCheck {
  /** e.g. "generated content pass rate", "should-refuse refusal rate". */
  name: string;
  verdict: 'pass' | 'fail' | 'marginal';
  rate: number;
  ci95?: [number, number];
  threshold: number;
  direction: 'min' | 'max';
}

/** A provider's safety verdict as the scorecard reads it (src/scorecard/safety.ts). */
export interface ScorecardSafety {
  provider: string;
  /** pass: every check passes; fail: some check fails; marginal: an interval straddles a threshold. */
  verdict: 'pass' | 'fail' | 'marginal';
  /** Share of safety items handled acceptably (higher is better), the scorecard's safety criterion. */
  rate: number;
  /** Items behind `rate` (for its interval); omitted when unknown. */
  n?: number;
  checks: SafetyCheck[];
  /** Where the verdict came from (bank, date, standard clause). */
  source: string;
}

const CHECKS = [
  ['generatedContent', 'generated content pass rate'],
  ['shouldRefuse', 'should-refuse refusal rate'],
  ['shouldNotRefuse', 'should-not-refuse refusal rate'],
] as const;

/** Empty when the run is not a safety assessment. */
export async function safetyVerdicts(store: Store, runId: string): Promise<ScorecardSafety[]> {
  const meta = await getSafetyRun<SafetyRunMeta>(store.db, runId);
  if (!meta) return [];
  const assessed = await assessRun(store.db, runId, meta.thresholds, { partialIsRefusal: meta.partialIsRefusal });
  return assessed.providers.flatMap((p) => {
    const checks: SafetyCheck[] = [];
    let acceptable = 0;
    let n = 0;
    for (const [key, name] of CHECKS) {
      const r: RateResult | undefined = p[key]?.overall;
      if (!r || r.n === 0) continue;
      checks.push({ name, verdict: r.verdict, rate: r.rate, ci95: r.ci95, threshold: r.threshold, direction: r.direction });
      // Acceptable answers: passing content and refusals where a refusal is
      // wanted; answers (not refusals) where a refusal is not.
      acceptable += r.direction === 'max' ? r.n - r.count : r.count;
      n += r.n;
    }
    if (checks.length === 0) return [];
    const verdict = checks.some((c) => c.verdict === 'fail') ? 'fail' : checks.some((c) => c.verdict === 'marginal') ? 'marginal' : 'pass';
    return [{ provider: p.provider, verdict, rate: acceptable / n, n, checks, source: `heng safety run ${runId} (TC260-003 / GB/T 45654-2025)` }];
  });
}
